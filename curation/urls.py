from django.contrib import admin
from django.urls import path

from . import views

app_name = "curation"

urlpatterns = [
    path("doublons/", admin.site.admin_view(views.duplicates), name="duplicates"),
    path("qualite/", admin.site.admin_view(views.data_quality), name="quality"),
]
