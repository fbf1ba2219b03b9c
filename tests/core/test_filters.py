"""core.filters: the query-string helpers and the lenient fields, without a page around them."""

from django.http import QueryDict

from core.filters import MAX_VALUES, LenientChoiceField, LenientMultipleChoiceField, url_with, url_without

CHOICES = [("ML", "Mali"), ("SN", "Sénégal"), ("Afrique", [("BF", "Burkina Faso")])]


def test_url_with_replaces_a_parameter_and_keeps_the_others():
    query = QueryDict("pays=ML&pays=SN&page=3")
    assert url_with(query, page=4) == "pays=ML&pays=SN&page=4"


def test_url_with_drops_a_parameter_set_to_none_or_empty():
    query = QueryDict("q=eau&page=3&format=csv")
    assert url_with(query, page=None, format="") == "q=eau"


def test_url_without_removes_one_value_of_a_repeated_parameter():
    query = QueryDict("pays=ML&pays=SN&forme=association")
    assert url_without(query, "pays", "ML") == "pays=SN&forme=association"


def test_url_without_drops_the_page_and_the_export_format():
    query = QueryDict("pays=ML&page=2&format=xlsx&forme=association")
    assert url_without(query, "forme", "association") == "pays=ML"


def test_url_helpers_encode_accents_and_spaces():
    query = QueryDict("q=coop%C3%A9ration+d%C3%A9centralis%C3%A9e")
    assert url_with(query, tri="nom") == "q=coop%C3%A9ration+d%C3%A9centralis%C3%A9e&tri=nom"


def test_lenient_multiple_choice_keeps_known_values_and_records_the_others():
    field = LenientMultipleChoiceField(choices=CHOICES, required=False)
    assert field.clean(["ML", "ZZ", "BF", "ML"]) == ["ML", "BF"]
    assert field.ignored == ["ZZ"]


def test_lenient_multiple_choice_accepts_a_single_string_and_nothing():
    field = LenientMultipleChoiceField(choices=CHOICES, required=False)
    assert field.clean("SN") == ["SN"]
    assert field.clean(None) == []
    assert field.ignored == []


def test_lenient_multiple_choice_bounds_the_number_of_values():
    field = LenientMultipleChoiceField(choices=[(str(n), str(n)) for n in range(100)], required=False)
    assert len(field.clean([str(n) for n in range(100)])) == MAX_VALUES


def test_lenient_choice_treats_an_unknown_or_repeated_value_as_absent():
    field = LenientChoiceField(choices=[("1", "oui")], required=False)
    assert field.clean("1") == "1"
    assert field.clean("2") == ""
    assert field.clean(["1", "1"]) == ""
