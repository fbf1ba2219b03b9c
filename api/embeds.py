"""Embeddable lists (/integrer/<liste>/): any filtered list of the directory in a compact page that other
sites may frame, and the page that builds the iframe snippet (/integrer/).

Only the embed routes may be framed: they alone drop X-Frame-Options and open the CSP's
`frame-ancestors` (EMBED_FRAME_ANCESTORS); every other page keeps `frame-ancestors 'none'` and DENY."""

from dataclasses import dataclass
from urllib.parse import urlencode

from csp.decorators import csp_replace
from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt

from actors.filters import ActorFilter, CollectivityFilter, country_choices
from actors.models import Actor, Collectivity
from actors.selectors import domain_choices
from projects.filters import ProjectFilter
from projects.models import Project

LIMIT = 50  # entries shown; the embed links to the full list beyond


@dataclass(frozen=True)
class EmbeddableList:
    title: str
    filterset: type
    queryset: object  # a function returning the list's queryset
    page: str  # the list page's URL name


LISTS = {
    "acteurs": EmbeddableList(
        _("Acteurs de l’ESS"),
        ActorFilter,
        lambda: Actor.objects.published().prefetch_related("countries"),
        "actors:actor_list",
    ),
    "collectivites": EmbeddableList(
        _("Collectivités"), CollectivityFilter, lambda: Collectivity.objects.published(), "actors:collectivity_list"
    ),
    "projets": EmbeddableList(
        _("Projets de coopération"),
        ProjectFilter,
        lambda: Project.objects.published().prefetch_related("countries"),
        "projects:project_list",
    ),
}
# The list pages whose toolbar offers « Intégrer cette liste ».
LIST_OF_PAGE = {embeddable.page: name for name, embeddable in LISTS.items()}
IGNORED_PARAMETERS = ("page", "format", "liste", "hauteur")


def filters_query(query_dict):
    """The list's filters from a query string (without page, export format or the builder's own fields)."""
    return urlencode([(k, v) for k, values in query_dict.lists() for v in values if k not in IGNORED_PARAMETERS])


def frameable(view):
    """Let any site frame `view` (and only it)."""
    view = csp_replace({"frame-ancestors": settings.EMBED_FRAME_ANCESTORS})(view)
    return xframe_options_exempt(view)


@frameable
def embed_list(request, liste):
    embeddable = LISTS.get(liste)
    if embeddable is None:
        raise Http404
    filterset = embeddable.filterset(request.GET, queryset=embeddable.queryset())
    entries = list(filterset.qs[: LIMIT + 1])
    query = filters_query(request.GET)
    full_list = request.build_absolute_uri(reverse(embeddable.page)) + (f"?{query}" if query else "")
    return render(
        request,
        "api/embed_list.html",
        {
            "liste": liste,
            "title": embeddable.title,
            "entries": entries[:LIMIT],
            "more": len(entries) > LIMIT,
            "full_list": full_list,
            "site_root": request.build_absolute_uri("/"),
        },
    )


class EmbedForm(forms.Form):
    liste = forms.ChoiceField(label=_("Liste"), choices=[(name, e.title) for name, e in LISTS.items()])
    domaine = forms.ChoiceField(label=_("Domaine"), required=False)
    pays = forms.ChoiceField(label=_("Pays"), required=False)
    hauteur = forms.IntegerField(
        label=_("Hauteur (pixels)"), min_value=200, max_value=2000, initial=600, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        domains, _all = domain_choices()
        self.fields["domaine"].choices = [("", _("Tous")), *domains]
        self.fields["pays"].choices = [("", _("Tous")), *country_choices()]


def embed_builder(request):
    """/integrer/: choose a list and its filters, copy the iframe snippet, see the preview."""
    data = None
    if "liste" in request.GET:
        data = request.GET.copy()
        data.setdefault("hauteur", "600")
    form = EmbedForm(data, initial={"liste": "acteurs", "hauteur": 600})
    snippet = embed_url = None
    if form.is_bound and form.is_valid():
        params = request.GET.copy()
        for name in ("domaine", "pays"):
            chosen, given = form.cleaned_data[name], params.getlist(name)
            if not (len(given) > 1 and chosen in given):  # several values from a list page stay as they are
                params.setlist(name, [chosen] if chosen else [])
        query = filters_query(params)
        liste = form.cleaned_data["liste"]
        embed_url = request.build_absolute_uri(reverse("opendata:embed", args=[liste])) + (f"?{query}" if query else "")
        title = escape(f"{LISTS[liste].title} — ess_coop")
        snippet = (
            f'<iframe src="{escape(embed_url)}" title="{title}" width="100%" '
            f'height="{form.cleaned_data["hauteur"] or 600}" loading="lazy"></iframe>'
        )
    return render(request, "api/embed_builder.html", {"form": form, "snippet": snippet, "embed_url": embed_url})
