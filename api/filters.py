"""The API filters its lists with the pages' own FilterSets: same parameter names, same values, same
leniency (an unknown or malformed value is dropped, never an error)."""

import copy

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

from case_studies.models import CaseStudy
from core.filters import FacetedFilterSet
from projects.filters import ProjectFilter
from projects.models import Project


class PageFilterBackend(DjangoFilterBackend):
    """django-filter's DRF backend, lenient like the pages, for lists only (a detail is not filtered).

    The bound FilterSet is kept on the view: the pagination orders by its `tri` and the response reports
    the values it did not understand."""

    raise_exception = False

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", "list") != "list":
            return queryset
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        view.filterset = filterset
        return filterset.qs


PROJECT_ONLY = ("q", "tri")


class CaseStudyFilter(FacetedFilterSet):
    """Case studies through their project: every filter of the project list but `q` (`pays`, `domaine`,
    `mode`, `initiative`, and whatever ProjectFilter gains), `q` searching the case studies' own text."""

    orderings = {"numero": ("number",)}
    default_ordering = "numero"

    class Meta:
        model = CaseStudy
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        project_data = None
        if data is not None:
            project_data = data.copy()
            for name in PROJECT_ONLY:
                project_data.pop(name, None)
        self.projects = ProjectFilter(project_data, queryset=Project.objects.published())
        for name in self.project_filter_names():
            self.filters[name] = self.projects.filters[name]  # with the choices ProjectFilter loads

    @staticmethod
    def project_filter_names():
        return [name for name in ProjectFilter.base_filters if name not in PROJECT_ONLY]

    def sort_labels(self):
        return [("numero", _("Numéro"))]

    def filter_queryset(self, queryset):
        if self.query:
            queryset = self.filter_search(queryset, "q", self.query)
        if any(self.projects.cleaned.get(name) for name in self.project_filter_names()):
            queryset = queryset.filter(project__in=self.projects.qs.order_by().values("pk"))
        return queryset.order_by("number")


def declare_project_filters():
    """The project filters declared on the class too, for the OpenAPI schema (drf-spectacular reads the
    class); the bound instance replaces them by ProjectFilter's own (see __init__)."""
    for name in CaseStudyFilter.project_filter_names():
        declared = copy.deepcopy(ProjectFilter.base_filters[name])
        declared.method = "filter_noop"
        CaseStudyFilter.base_filters.setdefault(name, declared)


declare_project_filters()
