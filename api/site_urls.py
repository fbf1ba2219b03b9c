"""Site pages of the open data (/donnees/) and of the embeds (/integrer/)."""

from django.urls import path

from . import embeds, pages

app_name = "opendata"

urlpatterns = [
    path("donnees/", pages.open_data, name="open_data"),
    path("donnees/fichiers/<str:name>", pages.download, name="download"),
    path("integrer/", embeds.embed_builder, name="embed_builder"),
    path("integrer/<slug:liste>/", embeds.embed_list, name="embed"),
]
