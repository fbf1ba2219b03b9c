"""The cells of the whole-directory export computed by the database, so that a section is one query
streamed from a server-side cursor and written by csv.writer without Python work per cell.

Each expression gives exactly the text the import resources export (held equal by
tests/curation/test_export.py): NULL becomes '', booleans « oui »/« non », lists of links sorted and
joined by « ; » (by code point, as Python sorts: COLLATE "C" on PostgreSQL, SQLite's default),
participants as « acteur:slug=rôle@début-fin », and a cell a spreadsheet would run as a formula gets a
leading apostrophe (`core.exports.neutralise`).

Links and participants are aggregated once per section (GROUP BY) and joined to its rows: one pass
over each link table instead of a lookup per row. The SQL written here holds only table and column
names taken from the models (quoted) and constants of the code."""

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, F, Func, IntegerField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat, Replace
from django.utils.formats import get_format

from actors.models import Actor, Collectivity, PublicationStatus
from projects.models import Agreement, Participant, Project

PUBLISHED = PublicationStatus.PUBLISHED
FORMULA_START = "'=', '+', '-', '@', {c}(9), {c}(13), {c}(10)"


def neutralise_sql(value):
    """SQL of `value` ('' for NULL) with a leading apostrophe when it starts like a formula."""
    char = "CHR" if connection.vendor == "postgresql" else "CHAR"
    value = f"COALESCE({value}, '')"
    return f"CASE WHEN SUBSTR({value}, 1, 1) IN ({FORMULA_START.format(c=char)}) THEN '''' || {value} ELSE {value} END"


class Neutralised(Func):
    """The text, '' for NULL, neutralised (for cheap expressions: the text is written three times)."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return neutralise_sql(sql), (*params, *params, *params)


def text(path):
    return Neutralised(F(path))


def number(path):
    return Neutralised(Cast(path, CharField()))


def decimal_supported():
    """Whether the database writes a decimal as DecimalWidget renders it: PostgreSQL's text of a
    numeric keeps its scale as Decimal's does (SQLite's drops it), and without thousands grouping."""
    return connection.vendor == "postgresql" and not settings.USE_THOUSAND_SEPARATOR


def decimal(path):
    """The decimal's digits with the active language's decimal separator (number_format's)."""
    return Neutralised(Replace(Cast(path, CharField()), Value("."), Value(get_format("DECIMAL_SEPARATOR"))))


def yes_no(path):
    return Case(
        When(**{path: True}, then=Value("oui")),
        When(**{path: False}, then=Value("non")),
        default=Value(""),
        output_field=CharField(),
    )


def q(name):
    return connection.ops.quote_name(name)


def grouped_list(owner, value, tables, order):
    """SELECT owner, s: for each owner, `value` of its rows of `tables` (FROM … [WHERE …]) in
    `order`, joined by « ; » — aggregated once for the whole section, joined to its rows."""
    if connection.vendor == "postgresql":
        return (
            f"SELECT {owner} AS owner, STRING_AGG({value}, ' ; ' ORDER BY {order}) AS s FROM {tables} GROUP BY {owner}"  # noqa: S608
        )
    ordered = f"SELECT {owner} AS owner, {value} AS v FROM {tables} ORDER BY {owner}, {order}"  # noqa: S608
    return f"SELECT owner, GROUP_CONCAT(v, ' ; ') AS s FROM ({ordered}) GROUP BY owner"  # noqa: S608


def collated(value):
    return f'{value} COLLATE "C"' if connection.vendor == "postgresql" else value


def m2m_list(model, attribute, target_field):
    """« slug ; slug » of a many-to-many field, sorted."""
    field = model._meta.get_field(attribute)
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).column
    target = through._meta.get_field(field.m2m_reverse_field_name()).column
    related = field.related_model
    tables = f"{q(through._meta.db_table)} x"
    if related._meta.pk.name == target_field:
        value = f"x.{q(target)}"
    else:
        value = f"t.{q(related._meta.get_field(target_field).column)}"
        tables += f" JOIN {q(related._meta.db_table)} t ON t.{q(related._meta.pk.column)} = x.{q(target)}"
    return grouped_list(f"x.{q(source)}", value, tables, collated(value))


def participant_sql(years=True):
    """(value, joins) of « acteur:slug=rôle@début-fin » for a participant aliased p, its organisation
    joined as a (actor) or c (collectivity)."""
    organisation = "CASE WHEN p.actor_id IS NOT NULL THEN 'acteur:' || a.slug ELSE 'collectivite:' || c.slug END"
    value = f"{organisation} || '=' || p.role"
    if years:
        start, end = "COALESCE(p.start_year, 0) <> 0", "COALESCE(p.end_year, 0) <> 0"
        value += (
            f" || CASE WHEN {start} OR {end} THEN '@' || COALESCE(CAST(NULLIF(p.start_year, 0) AS TEXT), '') "
            "|| '-' || COALESCE(CAST(NULLIF(p.end_year, 0) AS TEXT), '') ELSE '' END"
        )
    joins = (
        f"LEFT JOIN {q(Actor._meta.db_table)} a ON a.id = p.actor_id "
        f"LEFT JOIN {q(Collectivity._meta.db_table)} c ON c.id = p.collectivity_id"
    )
    return value, joins


def published_condition():
    """Participant p shown by the open data: its project published, its organisation published (the
    status is a constant of the code, written as an SQL literal)."""
    status = f"'{PUBLISHED}'"
    project = f"(SELECT status FROM {q(Project._meta.db_table)} WHERE id = p.project_id)"  # noqa: S608 - names
    return f" WHERE {project} = {status} AND (a.status = {status} OR c.status = {status})"


def project_participants(public=False):
    value, joins = participant_sql()
    where = published_condition() if public else ""
    return grouped_list("p.project_id", value, f"{q(Participant._meta.db_table)} p {joins}{where}", "p.position, p.id")


def agreement_parties(public=False):
    value, joins = participant_sql(years=False)
    where = published_condition() if public else ""
    tables = (
        f"{q(Agreement.parties.through._meta.db_table)} x "
        f"JOIN {q(Participant._meta.db_table)} p ON p.id = x.participant_id {joins}{where}"
    )
    return grouped_list("x.agreement_id", value, tables, "p.position, p.id")


def organisation():
    """« acteur:slug » or « collectivite:slug » of a participant row."""
    return Neutralised(
        Case(
            When(actor_id__isnull=False, then=Concat(Value("acteur:"), F("actor__slug"))),
            default=Concat(Value("collectivite:"), F("collectivity__slug")),
            output_field=CharField(),
        )
    )


#: The columns the resources compute themselves: (model, header) → function(public) giving the
#: grouped list SQL (a str, joined to the rows) or an expression.
CUSTOM = {
    (Project, "Participants"): project_participants,
    (Agreement, "Parties"): agreement_parties,
    (Participant, "Organisation"): lambda public: organisation(),
}


class ListJoins:
    """The grouped lists of a section, each LEFT JOINed to its rows under an alias j0, j1…"""

    def __init__(self, model):
        self.model, self.joins = model, []

    def cell(self, grouped_sql):
        alias = f"j{len(self.joins)}"
        base = f"{q(self.model._meta.db_table)}.{q(self.model._meta.pk.column)}"
        self.joins.append(f" LEFT JOIN ({grouped_sql}) {alias} ON {alias}.owner = {base}")
        return RawSQL(neutralise_sql(f"{alias}.s"), (), output_field=CharField())  # noqa: S611 - names only

    def inject(self, sql, params):
        """The section's SQL with the joins written after its FROM table."""
        table = f"FROM {q(self.model._meta.db_table)}"
        head, found, tail = sql.partition(table)
        if not found:
            raise ValueError(sql)
        return f"{head}{table}{''.join(self.joins)}{tail}", params


def is_number(model, path):
    """Whether `path` (a field, possibly across relations) holds integers."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return isinstance(model._meta.get_field(name), IntegerField)
