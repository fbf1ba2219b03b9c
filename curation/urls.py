from django.contrib import admin
from django.urls import path

from . import export_views, views

app_name = "curation"

urlpatterns = [
    path("export/", admin.site.admin_view(export_views.export_page), name="export_directory"),
    path("export/<int:pk>/", admin.site.admin_view(export_views.export_job), name="export_job"),
    path("export/<int:pk>/fichier/", admin.site.admin_view(export_views.export_download), name="export_download"),
    path("doublons/", admin.site.admin_view(views.duplicates_page), name="duplicates"),
    path("doublons/fusionner/", admin.site.admin_view(views.merge_page), name="merge"),
    path("doublons/pas-des-doublons/", admin.site.admin_view(views.not_duplicates), name="not_duplicates"),
    path("qualite/", admin.site.admin_view(views.data_quality), name="quality"),
    path("qualite/inviter/", admin.site.admin_view(views.invite), name="invite"),
    path("imports/<int:pk>/", admin.site.admin_view(views.import_job), name="import_job"),
    path("imports/<int:pk>/lignes-refusees/", admin.site.admin_view(views.import_job_refused), name="import_refused"),
    path(
        "imports/modele/<slug:section>.<slug:extension>",
        admin.site.admin_view(views.import_template),
        name="import_template",
    ),
]
