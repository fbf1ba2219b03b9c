"""/api/v1/: the resources, the OpenAPI schema and its documentation; JSON 404 for anything else."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from . import views
from .docs import ApiDocsView
from .exceptions import not_found

app_name = "api"

router = SimpleRouter()
router.register("acteurs", views.ActorViewSet, basename="actor")
router.register("collectivites", views.CollectivityViewSet, basename="collectivity")
router.register("projets", views.ProjectViewSet, basename="project")
router.register("etudes-de-cas", views.CaseStudyViewSet, basename="casestudy")
router.register("domaines", views.DomainViewSet, basename="domain")
router.register("appels", views.CallViewSet, basename="call")

urlpatterns = [
    path("v1/", views.root, name="root"),
    path("v1/schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("v1/documentation/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include(router.urls)),
    re_path(r"^.*$", not_found),
]
