from django.urls import path

from . import views

app_name = "case_studies"

urlpatterns = [
    path("", views.case_study_list, name="case_study_list"),
    path("<int:number>/", views.case_study_detail, name="case_study_detail"),
]
