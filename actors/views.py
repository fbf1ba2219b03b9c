"""Public pages of actors and collectivities."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .models import Actor, Collectivity


def actor_list(request):
    page = Paginator(Actor.objects.published().for_list(), 30).get_page(request.GET.get("page"))
    return render(request, "actors/actor_list.html", {"page_obj": page})


def actor_detail(request, slug):
    actor = get_object_or_404(Actor.objects.published().for_list(), slug=slug)
    return render(request, "actors/actor_detail.html", {"actor": actor})


def collectivity_list(request):
    page = Paginator(Collectivity.objects.published(), 30).get_page(request.GET.get("page"))
    return render(request, "actors/collectivity_list.html", {"page_obj": page})


def collectivity_detail(request, slug):
    collectivity = get_object_or_404(Collectivity.objects.published(), slug=slug)
    return render(request, "actors/collectivity_detail.html", {"collectivity": collectivity})
