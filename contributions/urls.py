from django.contrib import admin
from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("espace-acteur/", views.dashboard, name="dashboard"),
    path("espace-acteur/creer/", views.create_profile, name="create"),
    path("espace-acteur/revendiquer/", views.claim_search, name="claim_search"),
    path("espace-acteur/revendiquer/<slug:slug>/", views.claim, name="claim"),
    path("espace-acteur/fiches/<slug:slug>/", views.edit_profile, name="edit"),
    path("espace-acteur/fiches/<slug:slug>/apercu/", views.preview, name="preview"),
    path("espace-acteur/fiches/<slug:slug>/references/ajouter/", views.add_reference, name="add_reference"),
    path("acteurs/<slug:slug>/contacter/", views.contact, name="contact"),
    path(
        "admin/moderation/notifications/",
        admin.site.admin_view(views.curator_preferences),
        name="curator_preferences",
    ),
]
