from django.urls import path

from core.page_cache import public_page

from . import views

app_name = "matching"

urlpatterns = [
    path("trouver-un-partenaire/", public_page(views.find_partner), name="find_partner"),
    path("trouver-un-partenaire/methode/", public_page(views.method), name="method"),
    path("acteurs/comparer/", public_page(views.compare), name="compare"),
]
