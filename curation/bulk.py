"""Big imports of the flat sections (actors, collectivities) without django-import-export's per-row
machinery. Each row is read through the resource's own columns and widgets, checked by the model's
field rules, matched to its record by the resource's natural keys and compared with it; each chunk's new
and changed records are then written by batches (COPY on PostgreSQL), their links and history rows in
SQL, and their search documents rewritten once at the end of the import (`core.search.touched`)."""

import copy
import datetime
import decimal
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.widgets import ManyToManyWidget

from core import search
from core.bulk import among, new_ids, quoted, write_rows

from .resources.base import integrity_message
from .widgets import ChoiceWidget, CountryCodeWidget, SlugListWidget, YesNoWidget

PLAIN = (str, int, float, bool, decimal.Decimal, datetime.date, type(None))
PURE_WIDGETS = (ChoiceWidget, YesNoWidget, CountryCodeWidget, SlugListWidget)
MEMO_SIZE = 20000  # distinct cells remembered per column
ANALYZE_ABOVE = 5000  # rows written by a section


@dataclass
class Batch:
    """A chunk's rows to write: new records, changed ones; with each, the links the file gives."""

    new: list = field(default_factory=list)  # (instance, {m2m name: [objects]})
    changed: list = field(default_factory=list)  # (instance, {m2m name: [objects]} of the links that changed)


class BulkSection:
    """One flat section imported chunk by chunk; its counts and refused rows go to `report`."""

    def __init__(self, resource, report):
        self.resource, self.report = resource, report
        self.model = resource._meta.model
        self.now = timezone.now()
        self.started = False
        fields = [f for f in resource.get_import_fields() if f.attribute and not f.readonly]
        self.links = [f for f in fields if isinstance(f.widget, ManyToManyWidget)]
        self.values = [f for f in fields if f not in self.links]
        self.model_fields = {f.name: f for f in self.model._meta.concrete_fields}
        # Choices, yes/no and countries are checked by their widgets (read once per distinct cell: see
        # clean), the other columns by the model's field rules.
        self.memos = {f.column_name: {} for f in fields if isinstance(f.widget, PURE_WIDGETS)}
        self.checked = [
            f.attribute for f in self.values if f.attribute in self.model_fields and f.column_name not in self.memos
        ]
        self.columns = {}
        for f in resource.fields.values():
            self.columns.setdefault(f.attribute, f.column_name)
        self.unique = None

    # -- reading ---------------------------------------------------------------------------------

    def import_chunk(self, dataset, offset, write=True):
        """Read, check and (with `write`) write one chunk; False when the section is refused as a whole."""
        if not self.started:
            try:
                self.resource.before_import(dataset)
            except ValueError as exc:
                self.report.errors.append((None, "", str(exc)))
                return False
            self.started = True
            self.unique = self.unique_index()
        rows = [dict(zip(dataset.headers, cells, strict=False)) for cells in dataset]
        rows = [(row, self.resource.row_keys(row)) for row in rows]
        same = UnchangedRows(self).find(rows) if connection.vendor == "postgresql" else set()
        loader = StoredRecords(self.resource, [r for position, r in enumerate(rows) if position not in same])
        batch = Batch()
        for number, (row, row_keys) in enumerate(rows, start=1):
            self.read_row(row, row_keys, offset + number + 1, loader, batch, unchanged=number - 1 in same)
        self.report.new += len(batch.new)
        self.report.updated += len(batch.changed)
        if write:
            self.write(batch)
        return True

    def read_row(self, row, row_keys, line, loader, batch, unchanged=False):
        repeated = self.repeated(row_keys, line)
        if repeated:
            self.refuse(line, repeated)
            return
        if unchanged:  # its record holds every value and link it gives (UnchangedRows): nothing to check
            self.report.skipped += 1
            return
        pk = loader.pk_for(row_keys)
        stored = loader.get(pk)
        instance = copy.copy(stored) if stored is not None else self.model()
        errors = {}
        values, links = self.read_values(row, errors)
        for attribute, value in values.items():
            setattr(instance, attribute, value)
        self.check(instance, values if stored is not None else self.checked, errors)
        self.check_unique(instance, pk, line, errors)
        if errors:
            self.refuse(line, errors)
            return
        if stored is not None:
            links = {name: objs for name, objs in links.items() if keys(objs) != loader.links[name].get(pk, [])}
            if not links and all(getattr(instance, a) == getattr(stored, a) for a in values):
                self.report.skipped += 1
                return
        self.resource.before_save_instance(instance, row)  # draft from an import, slug, sort name, dates
        for f in self.model_fields.values():
            if getattr(f, "auto_now", False) or (stored is None and getattr(f, "auto_now_add", False)):
                setattr(instance, f.attname, self.now)
        (batch.new if stored is None else batch.changed).append((instance, links))

    def repeated(self, row_keys, line):
        """The error of a row whose key an earlier row of the file has (the resource's
        before_import_row, with the keys read once)."""
        seen = self.resource.seen_keys
        for key in row_keys:
            if key in seen:
                message = _("doublon de la ligne %(line)s du même fichier") % {"line": seen[key]}
                return {self.resource.key_attribute(key): [message]}
        for key in row_keys:
            seen[key] = line
        return None

    def clean(self, f, row):
        """The column's value through its widget; a choice, yes/no, country or list widget reads each
        distinct cell once (they depend on the cell only)."""
        memo = self.memos.get(f.column_name)
        if memo is None:
            return f.clean(row)
        cell = row[f.column_name]
        known = memo.get(cell)
        if known is None:
            try:
                known = (f.clean(row), None)
            except ValueError as exc:
                known = (None, str(exc))
            if len(memo) < MEMO_SIZE:
                memo[cell] = known
        if known[1] is not None:
            raise ValueError(known[1])
        return known[0]

    def read_values(self, row, errors):
        """({attribute: value}, {m2m name: [objects]}) of the columns the file has, through their widgets."""
        values, links = {}, {}
        for f in self.values:
            if f.column_name not in row:
                continue
            try:
                value = self.clean(f, row)
            except ValueError as exc:
                errors[f.attribute] = [str(exc)]
                continue
            if value is not None or f.saves_null_values:
                values[f.attribute] = value
        for f in self.links:
            if f.column_name in row:
                try:
                    links[f.attribute] = self.clean(f, row)
                except ValueError as exc:
                    errors[f.attribute] = [str(exc)]
        return values, links

    def check(self, instance, names, errors):
        """The model's field rules (formats, choices, SIREN keys…) on `names`, then its clean()."""
        for name in names:
            model_field = self.model_fields.get(name)
            if name in errors or name not in self.checked or model_field is None:
                continue
            raw = getattr(instance, model_field.attname)
            if model_field.blank and raw in model_field.empty_values:
                continue
            try:
                setattr(instance, model_field.attname, model_field.clean(raw, instance))
            except ValidationError as exc:
                errors[name] = exc.messages
        if not errors:
            try:
                instance.clean()
            except ValidationError as exc:
                exc.update_error_dict(errors)

    def unique_index(self):
        """{attname: {value: pk}} of the unique fields (the database would refuse a second one)."""
        names = [f.attname for f in self.model._meta.concrete_fields if f.unique and not f.primary_key]
        for constraint in self.model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and len(constraint.fields) == 1:
                names.append(self.model._meta.get_field(constraint.fields[0]).attname)
        names = list(dict.fromkeys(names))
        index = {name: {} for name in names}
        for pk, *values in self.model._default_manager.values_list("pk", *names).iterator(chunk_size=5000):
            for name, value in zip(names, values, strict=True):
                if value not in ("", None):
                    index[name][value] = pk
        return index

    def check_unique(self, instance, pk, line, errors):
        owner = pk if pk is not None else -line  # a new row owns what it brings
        for name, taken in self.unique.items():
            value = getattr(instance, name)
            if name in errors or value in ("", None):
                continue
            if taken.setdefault(value, owner) != owner:
                errors[name] = [_("déjà présent dans l’annuaire (identifiant, SIREN, SIRET ou RNA en double)")]
        if pk is None and getattr(instance, "slug", "") and hasattr(self.resource, "bulk_ready"):
            self.resource.bulk_ready()
            self.resource._taken_slugs.add(instance.slug)  # no generated slug may take it

    def refuse(self, line, errors):
        for attribute, messages in errors.items():
            column = "" if attribute == NON_FIELD_ERRORS else self.columns.get(attribute, attribute)
            for message in messages:
                text = " ".join(message.messages) if hasattr(message, "messages") else str(message)
                self.report.errors.append((line, column, text))

    # -- writing ---------------------------------------------------------------------------------

    def finish(self):
        """After many rows (PostgreSQL): the planner's statistics of the tables they went to, so that
        the search documents of the import are built with hash joins, not loops sized for the old
        table (its statistics cannot see the import's rows until ANALYZE reads them)."""
        if connection.vendor != "postgresql" or self.report.new + self.report.updated < ANALYZE_ABOVE:
            return
        tables = [self.model._meta.db_table]
        tables += [m2m.remote_field.through._meta.db_table for m2m in self.model._meta.many_to_many]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {quoted(tables)}")

    def write(self, batch):
        """The chunk's records, links and history rows, in a savepoint: a refusal of the database is
        reported (the import then writes nothing), never left to break the transaction."""
        if not batch.new and not batch.changed:
            return
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    self.copy_new(batch.new)
                elif batch.new:
                    self.model._default_manager.bulk_create(
                        [instance for instance, _links in batch.new], batch_size=500
                    )
                    self.write_links(batch.new)
                    self.write_history([i.pk for i, _links in batch.new], "+")
                if batch.changed:
                    self.model._default_manager.bulk_update(
                        [instance for instance, _links in batch.changed],
                        self.resource.get_bulk_update_fields(),
                        batch_size=500,
                    )
                    self.write_links(batch.changed, replace=True)
                    self.write_history([i.pk for i, _links in batch.changed], "~")
        except DatabaseError as exc:
            self.report.errors.append((None, "", integrity_message(exc)))
            return
        search.touched(self.model, [i.pk for i, _links in batch.new + batch.changed])

    def copy_new(self, new):
        """PostgreSQL: the new records, their links and their history rows, each table in one statement
        that reads nothing the import wrote (the keys come back from the statements), so no join is
        sized by statistics that cannot see the import's rows yet. The links go first (their foreign
        keys are checked at commit): the record's own trigger then finds them (actors: the country and
        domain arrays, migration 0013), and each record is written once, never updated after."""
        if not new:
            return
        instances = [instance for instance, _links in new]
        for instance, pk in zip(instances, new_ids(self.model, len(instances)), strict=True):
            instance.pk = pk
        links = {m2m.name: self.insert_links(m2m, new) for m2m in self.model._meta.many_to_many}
        concrete = self.model._meta.concrete_fields
        rows = [tuple(db_value(f, instance) for f in concrete) for instance in instances]
        write_rows(self.model._meta.db_table, [f.column for f in concrete], rows)
        if hasattr(self.model, "history"):
            self.copy_history([i.pk for i in instances], links)

    def insert_links(self, m2m, new):
        """The new records' links for `m2m`, inserted from two arrays: [(link id, record pk, target pk)]."""
        pairs = [(i.pk, db_value(obj._meta.pk, obj)) for i, links in new for obj in links.get(m2m.name, ())]
        if not pairs:
            return []
        through = m2m.remote_field.through
        target = through._meta.get_field(m2m.m2m_reverse_field_name())
        left, right = m2m.m2m_column_name(), m2m.m2m_reverse_name()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {through._meta.db_table} ({left}, {right}) "
                f"SELECT * FROM unnest(%s::bigint[], %s::{target.db_type(connection)}[]) RETURNING id, {left}, {right}",
                [[owner for owner, _t in pairs], [key for _o, key in pairs]],
            )
            return cursor.fetchall()

    def insert_history(self, cursor, ids, kind, returning=""):
        """One history row of `kind` per record of `ids`, copied in SQL from the record as it now is."""
        history = self.model.history.model._meta.db_table
        columns = quoted(f.column for f in self.model._meta.concrete_fields)
        where, params = among(self.model._meta.pk.column, ids)
        cursor.execute(
            f"INSERT INTO {history} ({columns}, history_date, history_type) "
            f"SELECT {columns}, %s, %s FROM {self.model._meta.db_table} WHERE {where} {returning}",
            [self.now, kind, *params],
        )
        return history

    def copy_history(self, ids, links):
        """One « + » history row per new record, copied from it, and its links' history rows."""
        with connection.cursor() as cursor:
            self.insert_history(cursor, ids, "+", returning="RETURNING id, history_id")
            history_of = dict(cursor.fetchall())
        for m2m in self.model._meta.many_to_many:
            link_history = self.link_history_model(m2m)
            if link_history is not None:
                write_rows(
                    link_history._meta.db_table,
                    ["id", m2m.m2m_column_name(), m2m.m2m_reverse_name(), "history_id"],
                    [(*link, history_of[link[1]]) for link in links[m2m.name]],
                )

    def link_history_model(self, m2m):
        try:
            return apps.get_model(self.model._meta.app_label, f"Historical{self.model.__name__}_{m2m.name}")
        except LookupError:
            return None  # links the history does not record

    def write_links(self, records, replace=False):
        """The links of `records` ((instance, {m2m name: [objects]})), replacing their old ones with `replace`."""
        for name in {name for _i, links in records for name in links}:
            m2m = self.model._meta.get_field(name)
            through = m2m.remote_field.through
            source = through._meta.get_field(m2m.m2m_field_name()).column
            target = through._meta.get_field(m2m.m2m_reverse_field_name()).column
            if replace:
                owners = [i.pk for i, links in records if name in links]
                through._default_manager.filter(**{f"{m2m.m2m_field_name()}__in": owners}).delete()
            pairs = [(i.pk, db_value(obj._meta.pk, obj)) for i, links in records for obj in links.get(name, ())]
            write_rows(through._meta.db_table, [source, target], pairs)

    def write_history(self, ids, kind):
        """One history row per written record (« + » created, « ~ » changed), with its links as they now
        are, copied in SQL from the rows just written."""
        if not ids or not hasattr(self.model, "history"):
            return
        with connection.cursor() as cursor:
            history = self.insert_history(cursor, ids, kind)
            for m2m in self.model._meta.many_to_many:
                self.write_link_history(cursor, m2m, history, ids, kind)

    def write_link_history(self, cursor, m2m, history, ids, kind):
        link_history = self.link_history_model(m2m)
        if link_history is None:
            return
        through = m2m.remote_field.through._meta.db_table
        left, right = m2m.m2m_column_name(), m2m.m2m_reverse_name()
        where, params = among(f"t.{left}", ids)
        cursor.execute(
            f"INSERT INTO {link_history._meta.db_table} (id, {left}, {right}, history_id) "
            f"SELECT t.id, t.{left}, t.{right}, h.history_id FROM {through} t JOIN {history} h "
            f"ON h.id = t.{left} AND h.history_date = %s AND h.history_type = %s WHERE {where}",
            [self.now, kind, *params],
        )


class UnchangedRows:
    """PostgreSQL: the rows of a chunk whose record already holds every value and link they give, found
    by one comparison in SQL — their values as the widgets read them copied to a temporary table and
    compared with the records and their links — instead of each record and its links read into Python
    and compared there. Those rows are skipped; any other goes through the whole reading (a row this
    finds different may still turn out unchanged there: only exact equality is decided here)."""

    TABLE = "import_unchanged_rows"

    def __init__(self, section):
        self.section = section
        self.model = section.model
        self.values = [f for f in section.values if f.attribute in section.model_fields]
        self.links = [self.model._meta.get_field(f.attribute) for f in section.links]

    def find(self, rows):
        """Positions in `rows` of the unchanged ones."""
        index = self.section.resource.keys_of_existing_records()
        staged = []
        for position, (row, row_keys) in enumerate(rows):
            pk = next((index[key] for key in row_keys if key in index), None)
            if pk is not None:
                staged.extend(self.staged(position, pk, row))
        if not staged:
            return set()
        columns = [self.section.model_fields[f.attribute] for f in self.values if f.column_name in rows[0][0]]
        links = [m2m for m2m in self.links if self.section.columns[m2m.name] in rows[0][0]]
        names = ["position", "id", *[f.column for f in columns], *[f"links_{m2m.name}" for m2m in links]]
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                self.create(columns, links)
                write_rows(self.TABLE, names, staged)
                cursor.execute(f"ANALYZE {self.TABLE}")  # a temporary table has no statistics otherwise
                cursor.execute(self.comparison(columns, links))
                found = {position for (position,) in cursor.fetchall()}
                cursor.execute(f"DROP TABLE {self.TABLE}")
        except DatabaseError:
            return set()  # a value the column's type refuses (out of range…): the rows are read the whole way
        return found

    def staged(self, position, pk, row):
        """[(position, pk, the row's database values…, its links as sorted keys…)], or [] when a cell is refused."""
        errors = {}
        values, links = self.section.read_values(row, errors)
        if errors:
            return []
        cells = [
            prepared(self.section.model_fields[f.attribute], values[f.attribute]) if f.attribute in values else None
            for f in self.values
            if f.column_name in row
        ]
        keyed = [",".join(sorted(keys(links[m2m.name]))) for m2m in self.links if m2m.name in links]
        return [(position, pk, *cells, *keyed)]

    def create(self, columns, links):
        """The temporary table, with the columns' own types (no constraint: an absent value is NULL)."""
        selected = ", ".join(["0 AS position", "id", *(self.typed(f) for f in columns)])
        linked = "".join(f", ''::text AS links_{m2m.name}" for m2m in links)
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMP TABLE {self.TABLE} AS SELECT {selected}{linked} FROM {table} WITH NO DATA")

    @staticmethod
    def typed(model_field):
        """A column of the temporary table: the record's type, without its length (a longer cell is refused
        by the row's checks, not by the copy)."""
        column = connection.ops.quote_name(model_field.column)
        return f"{column}::text AS {column}" if model_field.db_type(connection).startswith("varchar") else column

    def comparison(self, columns, links):
        """SELECT of the unchanged positions: a NULL cell is compared only for the columns that save NULL
        (elsewhere a blank cell keeps the stored value, as the reading does)."""
        tests = []
        for f in columns:
            column = connection.ops.quote_name(f.column)
            saves_null = next(v for v in self.values if v.attribute == f.name).saves_null_values
            if saves_null:
                tests.append(f"s.{column} IS NOT DISTINCT FROM r.{column}")
            else:
                tests.append(f"(s.{column} IS NULL OR s.{column} = r.{column})")
        joins = []
        for m2m in links:
            through = m2m.remote_field.through._meta.db_table
            left, right = m2m.m2m_column_name(), m2m.m2m_reverse_name()
            joins.append(
                f"LEFT JOIN (SELECT t.{left} AS owner, "
                f"string_agg(t.{right}::text, ',' ORDER BY t.{right}::text COLLATE \"C\") AS keys FROM {through} t "
                f"WHERE t.{left} IN (SELECT id FROM {self.TABLE}) GROUP BY t.{left}) l_{m2m.name} "
                f"ON l_{m2m.name}.owner = s.id"
            )
            tests.append(f"s.links_{m2m.name} = coalesce(l_{m2m.name}.keys, '')")
        return (
            f"SELECT s.position FROM {self.TABLE} s JOIN {self.model._meta.db_table} r ON r.id = s.id "
            f"{' '.join(joins)} WHERE {' AND '.join(tests) or 'TRUE'}"
        )


class StoredRecords:
    """The records a chunk's rows match by the resource's natural keys, read in one query, and their
    links as sorted keys (one query per link table): what the rows are compared with."""

    def __init__(self, resource, rows):
        self.model = resource._meta.model
        self.index = resource.keys_of_existing_records()
        pks = {self.pk_for(row_keys) for _row, row_keys in rows} - {None}
        self.records = self.model._default_manager.in_bulk(pks) if pks else {}
        self.links = {m2m.name: self.link_keys(m2m, pks) for m2m in self.model._meta.many_to_many}

    def pk_for(self, row_keys):
        for key in row_keys:
            pk = self.index.get(key)
            if pk is not None:
                return pk
        return None

    def get(self, pk):
        if pk is None:
            return None
        if pk not in self.records:  # not read with the chunk (a key of the index no longer there)
            self.records[pk] = self.model._default_manager.get(pk=pk)
            for m2m in self.model._meta.many_to_many:
                self.links[m2m.name].update(self.link_keys(m2m, [pk]))
        return self.records[pk]

    @staticmethod
    def link_keys(m2m, pks):
        """{owner pk: sorted keys of its linked objects}."""
        if not pks:
            return {}
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        found = {}
        pairs = through._default_manager.filter(**{f"{source}_id__in": list(pks)}).values_list(
            f"{source}_id", f"{target}_id"
        )
        for owner, key in pairs:
            found.setdefault(owner, []).append(str(key))
        return {owner: sorted(keys) for owner, keys in found.items()}


def keys(objects):
    return sorted(str(obj.__dict__.get(obj._meta.pk.attname, obj.pk)) for obj in objects)


def prepared(model_field, value):
    """What COPY writes for a value the widgets read (see db_value)."""
    if isinstance(value, PLAIN):
        return value
    return model_field.get_db_prep_save(value, connection)


def db_value(model_field, instance):
    """What COPY writes for a field: the raw attribute (descriptors bypassed), or the field's own
    database value for anything else (files, countries…)."""
    raw = instance.__dict__.get(model_field.attname)
    if isinstance(raw, PLAIN):
        return raw
    return model_field.get_db_prep_save(getattr(instance, model_field.attname), connection)
