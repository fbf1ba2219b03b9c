"""Partner matching (« trouver un partenaire ») and the side-by-side comparison of actors."""

from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from core.fragments import fragment_context

from . import scoring
from .forms import NeedForm
from .selectors import COMPARED, MAX_COMPARED, MIN_COMPARED, compare_rows, compared_actors, find_partners


def find_partner(request):
    form = NeedForm(request.GET or None)
    need = form.need()
    matches = [] if need.is_empty else find_partners(need)
    return render(
        request,
        "matching/find_partner.html",
        {"form": form, "need": need, "matches": matches, "searched": not need.is_empty},
    )


def method(request):
    """How the score is computed: the weights, read from the scoring module itself."""
    return render(request, "matching/method.html", {"weights": scoring.WEIGHTS})


def compare(request):
    """/acteurs/comparer/?a=<slug>&a=<slug>: two to four published actors side by side. The table is
    directory data only, cached for the data version (core.fragments); its rows are read only when it
    is not."""
    slugs = list(dict.fromkeys(s for s in request.GET.getlist("a") if isinstance(s, str) and s))
    actors = compared_actors(slugs[:MAX_COMPARED])
    return render(
        request,
        "matching/compare.html",
        {
            "rows": SimpleLazyObject(lambda: compare_rows(actors)),
            "compared": COMPARED,
            "too_many": len(slugs) > MAX_COMPARED,
            "too_few": len(actors) < MIN_COMPARED,
            "missing": len(actors) < len(slugs[:MAX_COMPARED]),
            **fragment_context(request, "compare", *[actor.pk for actor in actors], names=("compare-table",)),
        },
    )
