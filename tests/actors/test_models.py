import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actors.models import Actor, Collectivity, Country, Domain, PublicationStatus
from tests.factories import ActorFactory, CollectivityFactory, DomainFactory

pytestmark = pytest.mark.django_db


def refused(callable_):
    """True when the database refuses the write with an IntegrityError."""
    try:
        with transaction.atomic():
            callable_()
    except IntegrityError:
        return True
    return False


# Valid identifiers (Luhn keys correct): SIREN 732829320, SIRET 73282932000074.
VALID_SIREN = "732829320"
VALID_SIRET = "73282932000074"


def test_actor_slug_unique_refuses_duplicate():
    ActorFactory(slug="eau-vive")
    assert refused(lambda: ActorFactory(slug="eau-vive"))


def test_actor_legal_form_constraint_refuses_unknown_value():
    assert refused(lambda: ActorFactory(legal_form="sarl"))


def test_actor_legal_status_constraint_refuses_unknown_value():
    assert refused(lambda: ActorFactory(legal_status="inconnu"))


def test_actor_status_constraint_refuses_unknown_value():
    assert refused(lambda: ActorFactory(status="online"))


def test_actor_source_constraint_refuses_unknown_value():
    assert refused(lambda: ActorFactory(source="web"))


def test_actor_name_constraint_refuses_empty_name():
    assert refused(lambda: Actor.objects.create(name="", slug="vide", legal_form="association"))


def test_actor_siren_length_constraint_refuses_short_value():
    assert refused(lambda: ActorFactory(siren="1234"))


def test_actor_siret_length_constraint_refuses_short_value():
    assert refused(lambda: ActorFactory(siret="1234567"))


def test_actor_rna_constraint_refuses_bad_format():
    assert refused(lambda: ActorFactory(rna="X123456789"))


def test_actor_siret_must_start_with_siren():
    assert refused(lambda: ActorFactory(siren=VALID_SIREN, siret="55210055400013"))
    assert not refused(lambda: ActorFactory(siren=VALID_SIREN, siret=VALID_SIRET))


def test_actor_siren_unique_when_present():
    ActorFactory(siren=VALID_SIREN)
    assert refused(lambda: ActorFactory(siren=VALID_SIREN))


def test_actor_empty_identifiers_are_not_unique():
    ActorFactory(siren="", rna="")
    ActorFactory(siren="", rna="")
    assert Actor.objects.filter(siren="").count() == 2


def test_actor_rna_unique_when_present():
    ActorFactory(rna="W751234567")
    assert refused(lambda: ActorFactory(rna="W751234567"))


def test_actor_siret_unique_when_present():
    ActorFactory(siret=VALID_SIRET)
    assert refused(lambda: ActorFactory(siret=VALID_SIRET))


def test_actor_full_clean_rejects_bad_luhn_siren():
    actor = ActorFactory.build(siren="732829321")
    with pytest.raises(ValidationError) as exc:
        actor.full_clean()
    assert list(exc.value.message_dict) == ["siren"]


def test_actor_full_clean_accepts_valid_identifiers():
    actor = ActorFactory.build(siren=VALID_SIREN, siret=VALID_SIRET, rna="W751234567", departement="93")
    actor.full_clean()


def test_actor_slug_generated_from_acronym_when_blank():
    actor = Actor.objects.create(
        name="Eau, agriculture et santé en milieu tropical", acronym="EAST", legal_form="association"
    )
    other = Actor.objects.create(name="Autre EAST", acronym="EAST", legal_form="association")
    assert actor.slug == "east"
    assert other.slug == "east-2"


def test_actor_str_shows_acronym():
    assert str(ActorFactory.build(name="Tourisme & développement solidaires", acronym="TDS")) == (
        "Tourisme & développement solidaires (TDS)"
    )


def test_actor_published_queryset_hides_other_statuses():
    published = ActorFactory(status=PublicationStatus.PUBLISHED)
    for status in ("draft", "pending", "rejected", "archived"):
        ActorFactory(status=status)
    assert list(Actor.objects.published()) == [published]


def test_actor_get_absolute_url_uses_slug():
    assert ActorFactory.build(slug="eau-vive").get_absolute_url() == "/acteurs/eau-vive/"


def test_domain_cannot_be_its_own_parent():
    domain = DomainFactory()
    domain.parent_id = domain.pk
    assert refused(domain.save)


def test_domain_clean_refuses_third_level():
    root = DomainFactory()
    theme = DomainFactory(parent=root)
    sub = DomainFactory.build(parent=theme)
    with pytest.raises(ValidationError):
        sub.clean()


def test_domain_slug_unique():
    DomainFactory(slug="eau")
    assert refused(lambda: Domain.objects.create(name="Eau bis", slug="eau"))


def test_collectivity_kind_constraint_refuses_unknown_value():
    assert refused(lambda: CollectivityFactory(kind="canton"))


def test_collectivity_institution_constraint_refuses_unknown_value():
    assert refused(lambda: CollectivityFactory(institution="mairie"))


def test_collectivity_official_code_unique_per_country():
    CollectivityFactory(country="FR", official_code="95127")
    assert refused(lambda: CollectivityFactory(country="FR", official_code="95127"))
    assert not refused(lambda: CollectivityFactory(country="BJ", official_code="95127"))
    assert not refused(lambda: CollectivityFactory(country="FR", official_code=""))
    assert not refused(lambda: CollectivityFactory(country="FR", official_code=""))


def test_collectivity_get_absolute_url():
    assert CollectivityFactory.build(slug="porto-novo").get_absolute_url() == "/collectivites/porto-novo/"


def test_countries_are_populated_with_zones():
    mali = Country.objects.get(code="ML")
    assert str(mali) == "Mali"
    assert mali.zone == "afrique-de-l-ouest"
    assert Country.objects.count() == 249


def test_country_zone_constraint_refuses_unknown_zone():
    assert refused(lambda: Country.objects.create(code="XK", zone="lune"))


def test_collectivity_slug_generated_from_name():
    collectivity = Collectivity.objects.create(name="Ville de Porto-Novo", kind="commune", country="BJ")
    assert collectivity.slug == "ville-de-porto-novo"
