from django.urls import path

from . import views

app_name = "calls"

urlpatterns = [
    path("appels/", views.call_list, name="list"),
    path("appels/archives/", views.call_archive, name="archive"),
    path("appels/<slug:slug>/", views.call_detail, name="detail"),
    path("appels/<slug:slug>/repondre/", views.answer, name="answer"),
    path("espace-collectivite/", views.space, name="space"),
    path("espace-collectivite/appels/nouveau/", views.create_call, name="create"),
    path("espace-collectivite/appels/<slug:slug>/modifier/", views.edit_call, name="edit"),
    path("espace-collectivite/appels/<slug:slug>/retirer/", views.withdraw_call, name="withdraw"),
]
