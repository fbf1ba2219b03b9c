from django.urls import path

from . import views

app_name = "actors"

urlpatterns = [
    path("acteurs/", views.actor_list, name="actor_list"),
    path("acteurs/<slug:slug>/", views.actor_detail, name="actor_detail"),
    path("collectivites/", views.collectivity_list, name="collectivity_list"),
    path("collectivites/<slug:slug>/", views.collectivity_detail, name="collectivity_detail"),
]
