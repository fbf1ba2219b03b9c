from django.urls import path

from core.page_cache import public_page

from . import views

app_name = "actors"

urlpatterns = [
    path("acteurs/", public_page(views.actor_list), name="actor_list"),
    path("acteurs/<slug:slug>/", public_page(views.actor_detail), name="actor_detail"),
    path("collectivites/", public_page(views.collectivity_list), name="collectivity_list"),
    path("collectivites/<slug:slug>/", public_page(views.collectivity_detail), name="collectivity_detail"),
]
