from django.urls import path

from core.page_cache import public_page

from . import views

app_name = "projects"

urlpatterns = [
    path("", public_page(views.project_list), name="project_list"),
    path("<slug:slug>/", public_page(views.project_detail), name="project_detail"),
]
