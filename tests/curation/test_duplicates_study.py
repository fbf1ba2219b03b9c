"""Duplicates on the study's data: none of the false suggestions of the first version comes back
(a module of its own: the `study` fixture stays loaded for every test of a module)."""

import pytest

from actors.models import Actor, Collectivity
from curation.duplicates import probable_duplicates

pytestmark = pytest.mark.django_db


def pairs(model):
    return [frozenset((a.name, b.name)) for a, b, _reason in probable_duplicates(model)]


def test_study_data_gives_no_known_false_suggestion(study, db):
    names = {pair for model in (Actor, Collectivity) for pair in pairs(model)}
    known_false = ("Essonne", "Isère", "Vert-Saint-Denis", "régions de France")
    assert [pair for pair in names if any(word in " ".join(pair) for word in known_false)] == []
