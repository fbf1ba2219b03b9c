"""Text aggregation in SQL, on both databases: the values of a group joined by « ; » in one cell.

PostgreSQL: STRING_AGG (DISTINCT allowed with a separator). SQLite: GROUP_CONCAT, whose DISTINCT form
takes no separator — commas inside values are swapped for a control character, the default comma
separator replaced by « ; », then the commas put back."""

from django.db.models import Aggregate, Case, CharField, Subquery, TextField, Value, When

SEPARATOR = " ; "


class JoinedText(Aggregate):
    function = "STRING_AGG"
    name = "JoinedText"
    output_field = TextField()
    allow_distinct = True

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template=f"STRING_AGG(%(distinct)s(%(expressions)s)::text, '{SEPARATOR}')", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        if self.distinct:
            template = (
                "REPLACE(REPLACE(GROUP_CONCAT(DISTINCT REPLACE(%(expressions)s, ',', char(31))), ',', "
                f"'{SEPARATOR}'), char(31), ',')"
            )
        else:
            template = f"GROUP_CONCAT(%(expressions)s, '{SEPARATOR}')"
        return self.as_sql(compiler, connection, template=template, **extra)


def choice_label(field, choices):
    """The label of a choice field's value, in SQL (CASE … WHEN), in the current language."""
    return Case(
        *[When(**{field: value}, then=Value(str(label))) for value, label in choices],
        default=Value(""),
        output_field=CharField(),
    )


def joined(queryset, group, expression, *, distinct=False):
    """A correlated subquery giving one cell: `expression` over `queryset` (filtered on an OuterRef
    and unordered) grouped by `group`, joined by « ; »."""
    return Subquery(
        queryset.values(group).annotate(text=JoinedText(expression, distinct=distinct)).values("text"),
        output_field=CharField(),
    )
