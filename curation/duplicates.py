"""Probable duplicates: which pairs of records are suggested to the curators, and why.

A pair is suggested when both records share a SIREN (actors), an RNA (actors), the same normalised
name, or names that differ only by spelling (each word of one has the same or a very close word in the
other: « solidaire » / « solidaires », never « Eure » / « Isère » nor an extra word such as « Vert »).
Collectivities of different countries, territories or official codes are never duplicates, and a
pair a curator marked « ce ne sont pas des doublons » is never suggested again.

Bounded at any size: identifiers and exact names are grouped in SQL; spelling variants are found by
grouping names on a spelling key (no pairwise comparison). Up to SYNC_LIMIT records the page computes
them at once; above, a background task computes them and the page reads the last result. (Trigram
probes were measured at 101 s for 400 records against 200 000 actors on the project's machine:
synthetic and real names share the trigrams of « association », « solidaire »…, so each GIN probe
reads a large part of the table.)"""

from collections import defaultdict
from difflib import SequenceMatcher

from django.db.models import Count, Value
from django.db.models.functions import Coalesce, NullIf, Substr
from django.utils.translation import gettext as _

from actors.models import Actor, Collectivity
from core.background import enqueue_on_commit
from core.text import plain, words

from .models import Nature, NotDuplicate, SuggestionSet

WORD_SIMILARITY = 0.8
KEY_LETTERS = 5  # a word's first letters in the spelling key
MAX_GROUP = 50  # a spelling key shared by more records says nothing about duplicates
SYNC_LIMIT = 2_000  # above this many records, suggestions are computed in the background


def probable_duplicates(model=Actor, limit=100):
    """[(first, second, reason)] pairs that are probably the same organisation, at most `limit`."""
    return [(a, b, reason) for a, b, reason, _by_spelling in find(model, limit)]


def find(model, limit):
    """[(first, second, reason, by_spelling)]: the computation itself, over the whole directory."""
    found = {}

    def add(a, b, reason, by_spelling=False):
        key = (min(a, b), max(a, b))
        if a != b and key not in found:
            found[key] = (reason, by_spelling)

    if model is Actor:
        siren = Coalesce(NullIf("siren", Value("")), NullIf(Substr("siret", 1, 9), Value("")))
        for ids in grouped_ids(model, siren, limit):
            add(ids[0], ids[1], _("même SIREN"))
        for ids in grouped_ids(model, NullIf("rna", Value("")), limit):
            add(ids[0], ids[1], _("même RNA"))
    for ids in grouped_ids(model, "sort_name", limit):
        for other in ids[1:]:
            add(ids[0], other, _("même nom, une fois normalisé"))
    for a, b, score in similar_candidates(model):
        add(a, b, _("noms très proches (%(score)s %%)") % {"score": round(score * 100)}, by_spelling=True)
    return keep_plausible(model, found, limit)


def grouped_ids(model, key, limit):
    """Lists of ids sharing a value of `key` (an expression or field name), at most `limit` groups."""
    groups = (
        model.objects.order_by()
        .annotate(duplicate_key=key if not isinstance(key, str) else Coalesce(key, Value("")))
        .exclude(duplicate_key__isnull=True)
        .exclude(duplicate_key="")
        .values("duplicate_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("duplicate_key", flat=True)[:limit]
    )
    keys = list(groups)
    if not keys:
        return []
    by_key = defaultdict(list)
    annotated = model.objects.order_by("pk").annotate(
        duplicate_key=key if not isinstance(key, str) else Coalesce(key, Value(""))
    )
    for pk, value in annotated.filter(duplicate_key__in=keys).values_list("pk", "duplicate_key"):
        by_key[value].append(pk)
    return [ids for ids in by_key.values() if len(ids) > 1]


def keep_plausible(model, found, limit):
    """Drop pairs a curator refused and collectivities of different places; fetch the records."""
    refused = set(
        NotDuplicate.objects.filter(nature=nature_of(model), first_id__in=[a for a, _b in found]).values_list(
            "first_id", "second_id"
        )
    )
    records = model.objects.in_bulk({pk for pair in found for pk in pair})
    pairs = []
    for (a, b), (reason, by_spelling) in found.items():
        if (a, b) in refused or a not in records or b not in records:
            continue
        first, second = records[a], records[b]
        if model is Collectivity and not same_place(first, second):
            continue
        if by_spelling and not names_similar(first.name, second.name):
            continue
        pairs.append((first, second, reason, by_spelling))
        if len(pairs) >= limit:
            break
    return pairs


def nature_of(model):
    return Nature.ACTOR if model is Actor else Nature.COLLECTIVITY


def same_place(a, b):
    """Two collectivities can be one only in the same country, territory and official code."""
    if a.country != b.country:
        return False
    if a.official_code and b.official_code and a.official_code != b.official_code:
        return False
    return not (a.territory and b.territory and plain(a.territory) != plain(b.territory))


def names_similar(a, b):
    """Every word of each name has the same, or a very close, word in the other (stop words aside)."""
    first, second = set(words(a)), set(words(b))
    if not first or not second:
        return False
    return all(has_close(word, second) for word in first - second) and all(
        has_close(word, first) for word in second - first
    )


def has_close(word, others):
    return any(SequenceMatcher(None, word, other).ratio() >= WORD_SIMILARITY for other in others)


def similar_candidates(model):
    """[(id, id, score)] records whose names have the same spelling key (each word cut to its first
    letters, stop words and accents dropped): spelling variants meet, checked by names_similar."""
    by_key = defaultdict(list)
    for pk, name in model.objects.order_by().values_list("pk", "sort_name").iterator(chunk_size=5000):
        key = spelling_key(name)
        if key:
            by_key[key].append((pk, name))
    candidates = []
    for group in by_key.values():
        if 1 < len(group) <= MAX_GROUP:
            first_pk, first_name = group[0]
            for pk, name in group[1:]:
                if name != first_name:
                    candidates.append((first_pk, pk, SequenceMatcher(None, first_name, name).ratio()))
    return sorted(candidates, key=lambda c: -c[2])


def spelling_key(name):
    return " ".join(word[:KEY_LETTERS] for word in words(name))


# --- Large directories: computed in the background --------------------------------------------------


def suggestions(model, limit=100):
    """(pairs, computed_at) for the duplicates page: computed now for a directory of up to SYNC_LIMIT
    records (computed_at is None); read from the last background computation above (pairs is None
    while the first one runs; merged records and refused pairs are dropped at reading)."""
    if model.objects.count() <= SYNC_LIMIT:
        return probable_duplicates(model, limit), None
    stored = SuggestionSet.objects.filter(nature=nature_of(model)).first()
    if stored is None:
        refresh_in_background(model)
        return None, None
    found = {(a, b): (reason, by_spelling) for a, b, reason, by_spelling in stored.pairs}
    return [(a, b, reason) for a, b, reason, _s in keep_plausible(model, found, limit)], stored.computed_at


def refresh_in_background(model):
    from .tasks import refresh_duplicates

    enqueue_on_commit(refresh_duplicates, nature_of(model))


def store_suggestions(nature, limit=500):
    """Compute and store the probable duplicates of a directory (the background task's work)."""
    model = Actor if nature == Nature.ACTOR else Collectivity
    pairs = [[a.pk, b.pk, reason, by_spelling] for a, b, reason, by_spelling in find(model, limit)]
    SuggestionSet.objects.update_or_create(nature=nature, defaults={"pairs": pairs})
