import httpx
import pytest

from actors import registry as registry_module
from actors.registry import legal_form_of, lookup
from tests.conftest import registry_answer


def test_siret_fills_name_address_form_and_ess_flag(registry):
    route = registry["default"].respond(json=registry_answer("eau_vive_siret"))
    result = lookup("732 829 320 00074")
    assert route.calls.last.request.url.params["q"] == "73282932000074"
    assert (result.found, result.name, result.acronym, result.siren, result.siret, result.rna) == (
        True,
        "EAU VIVE INTERNATIONALE",
        "EVI",
        "732829320",
        "73282932000074",
        "W751234567",
    )
    assert (result.street, result.postcode, result.city, result.is_ess) == (
        "27 RUE DU FAUBOURG SAINT-ANTOINE",
        "75011",
        "PARIS",
        True,
    )
    assert (result.legal_form, result.legal_status) == ("association", "association-1901")
    assert result.profile_values()["name"] == "Eau Vive Internationale"


def test_rna_is_matched_on_the_association_identifier(registry):
    registry["default"].respond(json=registry_answer("eau_vive_siret"))
    assert lookup("w751234567").siren == "732829320"
    assert not lookup("W759999999").found


def test_failures_say_manual_entry_and_never_raise(registry):
    registry["default"].mock(side_effect=httpx.ConnectTimeout("trop long"))
    timeout = lookup("732829320")
    registry["default"].respond(200, text="<html>pas du JSON</html>")
    garbage = lookup("732829320")
    registry["default"].respond(503)
    down = lookup("732829320")
    registry["default"].respond(json={"results": []})
    unknown = lookup("732829320")
    assert [timeout.error, garbage.error, down.error] == ["Registre injoignable, saisie manuelle."] * 3
    assert unknown.error.startswith("Aucune organisation de ce numéro") and not unknown.found
    assert lookup("12").error.startswith("Numéro non reconnu")


def test_short_timeout_and_base_url_come_from_settings(registry, settings):
    settings.REGISTRY_TIMEOUT = 1.5
    captured = {}

    def fake_get(url, **kwargs):
        captured.update(url=url, timeout=kwargs["timeout"])
        raise httpx.ReadTimeout("lent")

    original = registry_module.httpx.get
    registry_module.httpx.get = fake_get
    try:
        lookup("732829320")
    finally:
        registry_module.httpx.get = original
    assert captured == {"url": "http://registre.test/search", "timeout": 1.5}


@pytest.mark.parametrize(
    ("category", "is_ess", "expected"),
    [
        ("9220", False, ("association", "association-1901")),
        ("9230", False, ("association", "association-rup")),
        ("5458", False, ("cooperative", "scop")),
        ("5432", False, ("cooperative", "scic")),
        ("5560", False, ("cooperative", "cooperative")),
        ("8210", False, ("mutuelle", "mutuelle")),
        ("9300", False, ("fondation", "")),
        ("5710", True, ("entreprise", "esus")),
        ("5710", False, ("autre", "")),
        ("", False, ("", "")),
    ],
)
def test_legal_form_from_the_categorie_juridique(category, is_ess, expected):
    assert legal_form_of(category, is_ess) == expected
