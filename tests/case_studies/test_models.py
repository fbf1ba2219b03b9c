import pytest
from django.db import IntegrityError, transaction

from case_studies.models import CaseStudy
from tests.factories import CaseStudyFactory, KeyFigureFactory, KeyPointFactory, PartFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def refused(callable_):
    try:
        with transaction.atomic():
            callable_()
    except IntegrityError:
        return True
    return False


def test_case_study_number_unique():
    CaseStudyFactory(number=3)
    assert refused(lambda: CaseStudyFactory(number=3))


@pytest.mark.parametrize("number", [0, 100])
def test_case_study_number_range(number):
    assert refused(lambda: CaseStudyFactory(number=number))


def test_case_study_title_and_heading_not_empty():
    assert refused(lambda: CaseStudyFactory(title=""))
    assert refused(lambda: CaseStudyFactory(heading=""))


def test_case_study_project_is_one_to_one():
    project = ProjectFactory()
    CaseStudyFactory(project=project)
    assert refused(lambda: CaseStudyFactory(project=project))


def test_case_study_url_uses_number():
    assert CaseStudyFactory.build(number=3).get_absolute_url() == "/etudes-de-cas/3/"


def test_key_point_position_unique_per_case_study():
    point = KeyPointFactory(position=1)
    assert refused(lambda: KeyPointFactory(case_study=point.case_study, position=1))
    assert not refused(lambda: KeyPointFactory(position=1))


def test_part_position_unique_and_kind_valid():
    part = PartFactory(position=1)
    assert refused(lambda: PartFactory(case_study=part.case_study, position=1))
    assert refused(lambda: PartFactory(kind="conclusion"))
    assert refused(lambda: PartFactory(body=""))


def test_key_figure_position_unique_and_label_required():
    figure = KeyFigureFactory(position=1)
    assert refused(lambda: KeyFigureFactory(case_study=figure.case_study, position=1))
    assert refused(lambda: KeyFigureFactory(label=""))


def test_key_figure_str_formats_value():
    assert str(KeyFigureFactory.build(value=180, unit="", label="électriciens formés")) == "180 — électriciens formés"


def test_children_are_ordered_by_position():
    case_study = CaseStudyFactory()
    for position in (3, 1, 2):
        KeyPointFactory(case_study=case_study, position=position, text=f"Point {position}")
    assert [p.text for p in CaseStudy.objects.get(pk=case_study.pk).key_points.all()] == [
        "Point 1",
        "Point 2",
        "Point 3",
    ]


@pytest.mark.parametrize(("value", "shown"), [(180, "180"), ("1.50", "1,5"), (2005, "2005"), (25000, "25 000")])
def test_key_figure_display_value_french_format(value, shown):
    assert KeyFigureFactory.build(value=value).display_value.replace("\u202f", " ").replace("\xa0", " ") == shown
