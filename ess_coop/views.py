"""Site-wide pages: home, error pages."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from actors.models import Actor, Collectivity, Domain
from case_studies.models import CaseStudy
from projects.models import Project


def home(request):
    context = {
        "actor_count": Actor.objects.published().count(),
        "collectivity_count": Collectivity.objects.published().count(),
        "project_count": Project.objects.published().count(),
        "domains": Domain.objects.roots(),
        "case_studies": CaseStudy.objects.published().select_related("project"),
    }
    return render(request, "home.html", context)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the error may come from them or from the database.
    return HttpResponseServerError(loader.get_template("500.html").render())


def page_not_found_preview(request):
    return page_not_found(request)


def server_error_preview(request):
    return server_error(request)
