from django.urls import path

from core.page_cache import public_page

from . import views

app_name = "case_studies"

urlpatterns = [
    path("", public_page(views.case_study_list), name="case_study_list"),
    path("<int:number>/", public_page(views.case_study_detail), name="case_study_detail"),
]
