"""The synthetic directory generator: the counts asked for, rows valid for every rule, history and index."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from actors.countries import sync_countries
from actors.models import Actor, Collectivity, Country
from core.models import SearchDocument
from ess_coop import directory_generator
from projects.models import Agreement, Participant, Project
from tests.factories import DomainFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    parent = DomainFactory(slug="eau-et-assainissement", name="Accès à l’eau et à l’assainissement")
    DomainFactory(slug="eau-potable", name="Eau potable", parent=parent)
    DomainFactory(slug="energies-renouvelables", name="Énergies renouvelables")
    return directory_generator.generate(actors=120, collectivities=15, projects=60, seed=7)


def test_generate_writes_the_counts_asked_for(generated):
    assert (Actor.objects.count(), Collectivity.objects.count(), Project.objects.count()) == (120, 15, 60)
    assert Participant.objects.count() == generated["participants"]
    assert Agreement.objects.count() == generated["agreements"]
    assert generated["participants"] >= 60 * 2


def test_generate_rows_pass_every_validation(generated):
    for model in (Actor, Collectivity, Project, Participant, Agreement):
        for obj in model.objects.all()[:40]:
            obj.full_clean()  # field validators (SIREN keys, départements…), choices and constraints


def test_generate_agreements_bind_two_participants_of_their_project(generated):
    for agreement in Agreement.objects.prefetch_related("parties"):
        parties = list(agreement.parties.all())
        assert len(parties) >= 2
        assert {p.project_id for p in parties} == {agreement.project_id}


def test_generate_actors_have_several_domains_and_countries(generated):
    counts = Actor.objects.annotate(d=Count("domains", distinct=True), c=Count("countries", distinct=True))
    assert min(a.d for a in counts) >= 2
    assert min(a.c for a in counts) >= 1


def test_generate_a_few_organisations_take_part_in_many_projects(generated):
    per_collectivity = sorted(
        Participant.objects.exclude(collectivity=None)
        .values("collectivity")
        .annotate(n=Count("project"))
        .values_list("n", flat=True)
    )
    assert per_collectivity[-1] >= 3 * per_collectivity[len(per_collectivity) // 2]


def test_generate_records_history_and_search_documents(generated):
    assert Actor.history.count() == 120
    actor = Actor.objects.first()
    record = actor.history.get()
    assert {link.domain_id for link in record.domains.all()} == set(actor.domains.values_list("pk", flat=True))
    assert Agreement.history.count() == generated["agreements"]
    published = Actor.objects.published().count() + Project.objects.published().count()
    indexed = SearchDocument.objects.filter(kind__in=["actor", "project"]).count()
    assert indexed == published


def planner_row_count(table):
    """The number of rows the database's query planner believes `table` holds (its statistics)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return int(cursor.fetchone()[0])
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        return int(cursor.fetchone()[0].split()[0])


def test_generate_leaves_the_planner_statistics_of_the_new_sizes(generated):
    assert planner_row_count(Participant._meta.db_table) == Participant.objects.count()


def test_generate_twice_adds_after_what_exists(generated):
    directory_generator.generate(actors=10, collectivities=3, projects=5, seed=8)
    assert Actor.objects.count() == 130
    new = Actor.objects.create(name="Après la génération", legal_form="association")
    assert new.pk == Actor.objects.order_by("pk").values_list("pk", flat=True)[129] + 1


def test_generate_directory_command_loads_the_domains_first():
    out = StringIO()
    call_command("generate_directory", actors=30, collectivities=4, projects=6, stdout=out)
    assert "30 actors" in out.getvalue()
    assert Actor.objects.filter(source="import").count() == 30


def test_generate_directory_refuses_negative_counts():
    with pytest.raises(CommandError):
        call_command("generate_directory", actors=-1, stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_generate_vacuums_the_tables_its_triggers_rewrote_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")
    sync_countries(Country)  # a previous transactional test's flush emptied the migration's rows
    DomainFactory(slug="eau-et-assainissement", name="Accès à l’eau et à l’assainissement")
    before = vacuum_count("actors_actor")
    directory_generator.generate(actors=20, collectivities=3, projects=5, seed=7, rebuild_index=False)
    assert vacuum_count("actors_actor") == before + 1


def vacuum_count(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # read the current figures, not this transaction's
        cursor.execute("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = %s", [table])
        return cursor.fetchone()[0]
