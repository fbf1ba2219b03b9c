from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("trouver-un-partenaire/", views.find_partner, name="find_partner"),
    path("trouver-un-partenaire/methode/", views.method, name="method"),
    path("acteurs/comparer/", views.compare, name="compare"),
]
