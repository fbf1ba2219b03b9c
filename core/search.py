"""One search interface over two engines.

Apps register their searchable models (`register`); signals keep one `SearchDocument` per published
object. `search(queryset, query)` filters any queryset of a registered model to the objects matching
every word of the query and annotates `search_rank` (names and acronyms weigh most, then keywords —
domains, places, forms — then descriptions):

- PostgreSQL: `tsvector` weighted A/B/C with the `french_unaccent` configuration (unaccent then French
  stemming), GIN index, `plainto_tsquery`, `ts_rank`; close spellings by trigram similarity.
- SQLite: FTS5 over the same words, unaccented and stemmed in Python with the same Snowball French
  stemmer and stop words, ranked by `bm25` with the same column weights.
"""

import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, connections, models, transaction
from django.db.models import Case, F, FloatField, OuterRef, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import directory_cache
from .bulk import among
from .models import SearchDocument
from .text import plain, query_words, stem_words, stems

CONFIG = "french_unaccent"
FTS_TABLE = "core_search_fts"
# Column weights: title (name, acronym), keywords (domains, places, forms), body (descriptions).
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
PG_WEIGHTS = [0.1, 0.2, 0.4, 1.0]  # D, C, B, A
BATCH = 500
PARALLEL_ABOVE = 2000  # documents computed in SQL: from this many, by parallel workers (_insert_from_sql)
STAGING = "search_documents_staging"


@dataclass
class Document:
    title: str
    keywords: str = ""
    body: str = ""


@dataclass
class Registration:
    model: type[models.Model]
    kind: str
    queryset: Callable[[], models.QuerySet]
    build: Callable[[models.Model], Document]
    triggers: list = field(default_factory=list)
    # PostgreSQL: (ids=None) -> (sql, params), a SELECT of (object_id, title, keywords, body, url) for
    # every searchable object (or those of `ids`), the same texts as `build` computed in SQL.
    sql: Callable[..., tuple[str, list]] | None = None


_registry: dict[type[models.Model], Registration] = {}
_state = threading.local()


def register(model, *, kind, queryset, build, triggers=(), sql=None):
    """Index `model`: `queryset()` gives the searchable (published) objects, `build(obj)` their text.

    `triggers` are (other_model, targets) pairs: when an `other_model` row changes, `targets(row)`
    gives the objects of `model` to index again (a domain renamed, a case study part edited…).
    `sql`, optional, builds the same documents in SQL on PostgreSQL (see `Registration.sql`)."""
    registration = Registration(model, kind, queryset, build, list(triggers), sql)
    _registry[model] = registration
    post_save.connect(_on_save, sender=model, weak=False, dispatch_uid=f"search-save-{kind}")
    post_delete.connect(_on_delete, sender=model, weak=False, dispatch_uid=f"search-delete-{kind}")
    for m2m in model._meta.many_to_many:
        m2m_changed.connect(
            _on_m2m, sender=m2m.remote_field.through, weak=False, dispatch_uid=f"search-m2m-{kind}-{m2m.name}"
        )
    for other, targets in registration.triggers:
        handler = _trigger_handler(registration, targets)
        post_save.connect(
            handler, sender=other, weak=False, dispatch_uid=f"search-trigger-save-{kind}-{other._meta.label}"
        )
        post_delete.connect(
            handler, sender=other, weak=False, dispatch_uid=f"search-trigger-del-{kind}-{other._meta.label}"
        )
    return registration


def registrations() -> list[Registration]:
    return list(_registry.values())


# --- Keeping the index in step ------------------------------------------------------------------


def _suspended():
    return getattr(_state, "suspended", 0) > 0


def _pending():
    """The objects waiting for `deferred_indexing` to index them, or None outside it."""
    stack = getattr(_state, "deferred", None)
    return stack[-1] if stack else None


@contextmanager
def suspended_indexing():
    """Suspend per-object indexing; the caller rebuilds the index (or not, when it rolls back)."""
    _state.suspended = getattr(_state, "suspended", 0) + 1
    try:
        yield
    finally:
        _state.suspended -= 1


@contextmanager
def bulk_indexing():
    """Suspend per-object indexing (bulk loads), then rebuild the whole index once."""
    with suspended_indexing():
        yield
    if not _suspended():
        rebuild()


class PendingIndex:
    """What a `deferred_indexing` block touched: {kind: primary keys}."""

    def __init__(self):
        self.pks: dict[str, set] = {}  # by kind
        self.cancelled = False
        self.indexed: dict[str, int] = {}  # what flush() indexed, by kind

    def add(self, registration, pks):
        self.pks.setdefault(registration.kind, set()).update(pks)

    def cancel(self):
        """Index nothing at the end (the block's writes are rolled back)."""
        self.cancelled = True

    def flush(self):
        by_kind = {registration.kind: registration for registration in registrations()}
        for kind, pks in self.pks.items():
            index_objects(by_kind[kind], pks)
        self.indexed = {kind: len(pks) for kind, pks in self.pks.items()}
        return self.indexed


@contextmanager
def deferred_indexing():
    """Collect what saves and link changes touch, then index only those objects, once, at the end of
    the block (inside the caller's transaction: rolled back with it). Writes that send no signal
    (bulk_create, queryset.update) declare their objects with `touched(model, pks)`."""
    pending = PendingIndex()
    _state.deferred = [*getattr(_state, "deferred", []), pending]
    try:
        yield pending
    finally:
        _state.deferred = _state.deferred[:-1]
    if not pending.cancelled:
        pending.flush()


def touched(model, pks):
    """Objects of `model` written without signals: indexed at the end of the `deferred_indexing`
    block, or at once outside it."""
    registration = _registry.get(model)
    pks = [pk for pk in pks if pk is not None]
    if registration is None or not pks or _suspended():
        return
    pending = _pending()
    if pending is not None:
        pending.add(registration, pks)
    else:
        index_objects(registration, pks)


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        touched(sender, [instance.pk])


def _on_delete(sender, instance, **kwargs):
    if not _suspended():
        SearchDocument.objects.filter(kind=_registry[sender].kind, object_id=instance.pk).delete()
        _delete_fts_rows_for(_registry[sender].kind, [instance.pk])


def _on_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse and type(instance) in _registry:
        touched(type(instance), [instance.pk])
    elif reverse and model in _registry and pk_set:
        touched(model, list(pk_set))


def _trigger_handler(registration, targets):
    def handler(sender, instance, raw=False, **kwargs):
        if raw or _suspended():
            return
        pks = [obj.pk for obj in targets(instance) if obj is not None and obj.pk]
        if pks:
            touched(registration.model, pks)

    return handler


def index_objects(registration: Registration, pks: Iterable[int]):
    """(Re)index the given objects; those no longer searchable (unpublished, deleted) leave the index."""
    directory_cache.data_changed()  # bulk writes send no signal but re-index what they touched
    pks = set(pks)
    if _in_sql(registration):
        where, params = among("object_id", pks)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {SearchDocument._meta.db_table} WHERE kind = %s AND {where}", [registration.kind, *params]
            )
        _insert_from_sql(registration, sorted(pks))
        return
    for start in range(0, len(pks), BATCH):
        chunk = set(sorted(pks)[start : start + BATCH])
        objects = {obj.pk: obj for obj in registration.queryset().filter(pk__in=chunk)}
        gone = chunk - set(objects)
        if gone:
            _delete_fts_rows_for(registration.kind, gone)
            SearchDocument.objects.filter(kind=registration.kind, object_id__in=gone).delete()
        if objects:
            _write(registration, objects.values())


def rebuild(kinds=None):
    """Rebuild the index of every registered model (or only `kinds`) from scratch.

    PostgreSQL: one `INSERT … SELECT` per kind with the vectors computed by the database, the GIN
    indexes dropped before and built after (searches wait for the rebuild's transaction).
    SQLite: Python batches (the FTS5 rows hold stems computed in Python)."""
    directory_cache.data_changed()
    chosen = [r for r in registrations() if not kinds or r.kind in kinds]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _rebuild_postgresql(chosen, everything=len(chosen) == len(_registry))
            return
        for registration in chosen:
            existing = list(SearchDocument.objects.filter(kind=registration.kind).values_list("object_id", flat=True))
            _delete_fts_rows_for(registration.kind, existing)
            SearchDocument.objects.filter(kind=registration.kind).delete()
            _write_all(registration)


def _write_all(registration):
    batch = []
    for obj in registration.queryset().iterator(chunk_size=BATCH):
        batch.append(obj)
        if len(batch) >= BATCH:
            _write(registration, batch)
            batch = []
    if batch:
        _write(registration, batch)


# The GIN indexes of core/migrations/0002_search_engines.py, rebuilt after a bulk load.
PG_INDEXES = {
    "searchdocument_vector_gin": "USING gin (vector)",
    "searchdocument_title_trgm": "USING gin (title_plain gin_trgm_ops)",
}
TITLE_PLAIN_SQL = "trim(regexp_replace(lower(unaccent(s.title)), '[^[:alnum:]]+', ' ', 'g'))"
VECTOR_SQL = (
    "setweight(to_tsvector(%s::regconfig, s.title), 'A') || setweight(to_tsvector(%s::regconfig, s.keywords), 'B')"
    " || setweight(to_tsvector(%s::regconfig, s.body), 'C')"
)


def _in_sql(registration):
    return connection.vendor == "postgresql" and registration.sql is not None


def _rebuild_postgresql(chosen, everything):
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        # Room for the index builds and the joins, for this transaction only.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        if everything:
            cursor.execute(f"TRUNCATE {table}")
        else:
            cursor.execute(f"DELETE FROM {table} WHERE kind = ANY(%s)", [[r.kind for r in chosen]])
        for name in PG_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    for registration in chosen:
        if registration.sql is not None:
            _insert_from_sql(registration)
        else:
            _write_all(registration)
    with connection.cursor() as cursor:
        for name, definition in PG_INDEXES.items():
            cursor.execute(f"CREATE INDEX {name} ON {table} {definition}")
        cursor.execute(f"ANALYZE {table}")


def _insert_from_sql(registration, pks=None):
    """Documents (vector included) straight from the registration's SELECT: all, or only `pks`.

    Many documents are first computed into a temporary table: `CREATE TABLE … AS` may run its SELECT
    — and the text search parsing that is most of the cost — in parallel workers, which an
    `INSERT … SELECT` never does; copying the finished rows in is then cheap."""
    select, params = registration.sql(ids=None if pks is None else list(pks))
    rows = f"SELECT s.object_id, s.title, {TITLE_PLAIN_SQL} AS title_plain, s.keywords, s.body, s.url, {VECTOR_SQL} AS vector FROM ({select}) s"  # noqa: E501
    params = [CONFIG, CONFIG, CONFIG, *params]
    columns = "object_id, title, title_plain, keywords, body, url, vector"
    insert = f"INSERT INTO {SearchDocument._meta.db_table} (kind, {columns}) SELECT %s, {columns}"
    with connection.cursor() as cursor:
        if pks is not None and len(pks) < PARALLEL_ABOVE:
            cursor.execute(f"{insert} FROM ({rows}) r", [registration.kind, *params])
            return
        cursor.execute(f"CREATE TEMP TABLE {STAGING} AS {rows}", params)
        cursor.execute(f"{insert} FROM {STAGING}", [registration.kind])
        cursor.execute(f"DROP TABLE {STAGING}")


def _write(registration, objects):
    docs = []
    for obj in objects:
        document = registration.build(obj)
        docs.append(
            SearchDocument(
                kind=registration.kind,
                object_id=obj.pk,
                title=document.title,
                title_plain=plain(document.title),
                keywords=document.keywords,
                body=document.body,
                url=obj.get_absolute_url(),
            )
        )
    ids = [d.object_id for d in docs]
    _delete_fts_rows_for(registration.kind, ids)
    SearchDocument.objects.filter(kind=registration.kind, object_id__in=ids).delete()
    SearchDocument.objects.bulk_create(docs)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"""UPDATE {SearchDocument._meta.db_table} SET vector =
                    setweight(to_tsvector(%s::regconfig, title), 'A')
                    || setweight(to_tsvector(%s::regconfig, keywords), 'B')
                    || setweight(to_tsvector(%s::regconfig, body), 'C')
                    WHERE kind = %s AND object_id = ANY(%s)""",
                [CONFIG, CONFIG, CONFIG, registration.kind, ids],
            )
    elif connection.vendor == "sqlite":
        saved = list(SearchDocument.objects.filter(kind=registration.kind, object_id__in=ids))
        # Also clear rowids left behind by a flush of the documents table (it resets their ids).
        _delete_fts_rowids([d.pk for d in saved])
        rows = [(d.pk, " ".join(stems(d.title)), " ".join(stems(d.keywords)), " ".join(stems(d.body))) for d in saved]
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, title, keywords, body) VALUES (%s, %s, %s, %s)", rows)


def _delete_fts_rows_for(kind, object_ids):
    if connection.vendor != "sqlite" or not object_ids:
        return
    _delete_fts_rowids(
        SearchDocument.objects.filter(kind=kind, object_id__in=list(object_ids)).values_list("pk", flat=True)
    )


def _delete_fts_rowids(doc_ids):
    """Remove the FTS5 rows of these search documents (SQLite), by batches."""
    doc_ids = list(doc_ids)
    with connection.cursor() as cursor:
        for start in range(0, len(doc_ids), BATCH):
            chunk = doc_ids[start : start + BATCH]
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk)


# --- Querying -----------------------------------------------------------------------------------


def has_terms(query: str) -> bool:
    """False when the query holds no searchable word (empty, punctuation, only stop words)."""
    return bool(query_words(query))


def search(queryset: models.QuerySet, query: str) -> models.QuerySet:
    """`queryset` restricted to the objects matching every word of `query`, annotated `search_rank`.

    A query without searchable words returns `queryset` unchanged (and unannotated)."""
    terms = query_words(query)
    if not terms:
        return queryset
    kind = _registry[queryset.model].kind
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, kind, terms)
    return _search_sqlite(queryset, kind, terms)


def best_first(queryset: models.QuerySet, query: str) -> models.QuerySet:
    """The matches of `query` in `queryset`, best first (ties by primary key); `query` must have terms."""
    return search(queryset, query).order_by("-search_rank", "pk")


def _search_postgresql(queryset, kind, terms):
    query = SearchQuery(" ".join(terms), config=CONFIG, search_type="plain")
    docs = SearchDocument.objects.filter(kind=kind, vector=query)
    rank = (
        docs.filter(object_id=OuterRef("pk"))
        .annotate(r=SearchRank(F("vector"), query, weights=PG_WEIGHTS))
        .values("r")[:1]
    )
    return queryset.filter(pk__in=docs.values("object_id")).annotate(search_rank=Subquery(rank))


def _fts_match(terms):
    """An FTS5 query matching every stem of `terms` (stems are letters and digits only: quoting is safe)."""
    return " ".join(f'"{stem}"' for stem in stem_words(terms))


def _search_sqlite(queryset, kind, terms):
    match = _fts_match(terms)
    docs = SearchDocument._meta.db_table
    ids_sql = (
        f"SELECT d.object_id FROM {FTS_TABLE} JOIN {docs} d ON d.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s AND d.kind = %s"
    )
    table, pk = queryset.model._meta.db_table, queryset.model._meta.pk.column
    weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
    rank_sql = (
        f"SELECT -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} JOIN {docs} d ON d.id = {FTS_TABLE}.rowid "
        f'WHERE {FTS_TABLE} MATCH %s AND d.kind = %s AND d.object_id = "{table}"."{pk}"'
    )
    return queryset.filter(pk__in=RawSQL(ids_sql, [match, kind])).annotate(search_rank=RawSQL(rank_sql, [match, kind]))


def _matching(queryset, terms, closest=False):
    """(FROM and WHERE of the search documents of `queryset`'s objects matching every word of `terms` —
    with `closest`, any of them —, their params, the score expression — higher is better — and its
    params), on `queryset`'s database. The closest score is `closest()`'s: the number of distinct words
    found, plus a relevance below 1."""
    kind = _registry[queryset.model].kind
    ids_sql, ids_params = queryset.order_by().values("pk").query.sql_with_params()
    docs = SearchDocument._meta.db_table
    if connections[queryset.db].vendor == "postgresql":
        return _matching_postgresql(docs, kind, ids_sql, ids_params, terms, closest)
    where = (
        f"FROM {FTS_TABLE} JOIN {docs} d ON d.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s AND d.kind = %s AND d.object_id IN ({ids_sql})"
    )
    bm25 = f"bm25({FTS_TABLE}, {', '.join(str(w) for w in SQLITE_WEIGHTS)})"
    if not closest:
        return where, [_fts_match(terms), kind, *ids_params], f"-{bm25}", []
    stems_ = list(dict.fromkeys(stem_words(terms)))
    hits = " + ".join(f"(d.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s))" for _stem in stems_)
    any_match = " OR ".join(f'"{stem}"' for stem in stems_)
    score = f"{hits} + (-{bm25}) / (1.0 - {bm25})"
    return where, [any_match, kind, *ids_params], score, [f'"{stem}"' for stem in stems_]


def _matching_postgresql(docs, kind, ids_sql, ids_params, terms, closest):
    weights = "{" + ",".join(str(w) for w in PG_WEIGHTS) + "}"
    rank = "ts_rank(%s::float4[], d.vector, q)"
    if not closest:
        where = (
            f"FROM {docs} d, plainto_tsquery(%s::regconfig, %s) q "
            f"WHERE d.kind = %s AND d.vector @@ q AND d.object_id IN ({ids_sql})"
        )
        return where, [CONFIG, " ".join(terms), kind, *ids_params], rank, [weights]
    terms = list(dict.fromkeys(terms))
    one = "plainto_tsquery(%s::regconfig, %s)"
    each = [param for term in terms for param in (CONFIG, term)]
    where = (
        f"FROM {docs} d, (SELECT {' || '.join([one] * len(terms))} AS q) a "
        f"WHERE d.kind = %s AND d.vector @@ a.q AND d.object_id IN ({ids_sql})"
    )
    hits = " + ".join([f"(d.vector @@ {one})::int"] * len(terms))
    rank = rank.replace(" q)", " a.q)")
    return where, [*each, kind, *ids_params], f"{hits} + {rank} / ({rank} + 1)", [*each, weights, weights]


def ranked_ids(queryset: models.QuerySet, query: str, start=0, stop=None, closest=False) -> list:
    """Primary keys of the objects of `queryset` matching `query`, best first (ties by key), from `start`
    to `stop`: the search table is joined to the filtered rows, ranked once per matching document, then
    cut — not ranked by a subquery run once per row. With `closest`, the entries holding the most of its
    words first (`closest()`'s order). `query` must have terms."""
    where, params, score, score_params = _matching(queryset, query_words(query), closest)
    everything = " LIMIT -1" if connections[queryset.db].vendor == "sqlite" else ""  # SQLite's OFFSET needs a LIMIT
    limit = f" LIMIT {int(stop) - int(start)}" if stop is not None else everything
    sql = f"SELECT d.object_id {where} ORDER BY {score} DESC, d.object_id{limit} OFFSET {int(start)}"
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [*params, *score_params])
        return [row[0] for row in cursor.fetchall()]


def best_of_each(querysets, query: str, limit: int, closest=False) -> list:
    """[(number of matches, the best `limit` primary keys)] for each queryset (all on one database), in one
    query: per queryset, an arm counting its matches and an arm of its best documents, ranked by a join as
    in `ranked_ids` (`closest` likewise). `query` must have terms."""
    terms, arms, params = query_words(query), [], []
    for index, queryset in enumerate(querysets):
        where, where_params, score, score_params = _matching(queryset, terms, closest)
        arms.append(f"SELECT {index} AS g, -1 AS object_id, CAST(COUNT(*) AS FLOAT) AS score {where}")
        arms.append(
            f"SELECT * FROM (SELECT {index} AS g, d.object_id, CAST({score} AS FLOAT) AS score {where} "
            f"ORDER BY 3 DESC, 2 LIMIT {int(limit)}) s{index}"
        )
        params += [*where_params, *score_params, *where_params]
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(arms), params)
        rows = cursor.fetchall()
    groups = [(0, []) for _queryset in querysets]
    for index, object_id, score in sorted(rows, key=lambda row: (row[0], -row[2], row[1])):
        count, ids = groups[index]
        groups[index] = (int(score), ids) if object_id == -1 else (count, [*ids, object_id])
    return groups


class RankedResults:
    """A filtered queryset's matches best first, as a sequence a Paginator can cut: each page is one
    ranked query for its keys and one query for its objects (with the queryset's prefetches)."""

    def __init__(self, queryset, query, count, key=None, closest=False):
        """`key`: what `queryset` depends on, to keep each page's ranked keys in the shared cache;
        `closest`: `queryset` holds the closest matches (`closest()`), ranked as they are."""
        self.queryset, self.query, self._count, self.key, self.closest = queryset, query, count, key, closest

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop

        def compute():
            return ranked_ids(self.queryset, self.query, start, stop, closest=self.closest)

        key = (self.key, self.closest, start, stop)
        ids = directory_cache.cached("ranked", key, compute) if self.key else compute()
        objects = self.queryset.order_by().in_bulk(ids) if ids else {}
        return [objects[pk] for pk in ids if pk in objects]


def closest(queryset: models.QuerySet, query: str) -> models.QuerySet:
    """When no entry holds every word: the entries holding at least one, `search_rank` being the
    number of distinct words found plus a relevance below 1 (so the most words come first)."""
    terms = list(dict.fromkeys(query_words(query)))
    if not terms:
        return queryset
    kind = _registry[queryset.model].kind
    if connection.vendor == "postgresql":
        return _closest_postgresql(queryset, kind, terms)
    return _closest_sqlite(queryset, kind, terms)


def _closest_postgresql(queryset, kind, terms):
    queries = [SearchQuery(term, config=CONFIG, search_type="plain") for term in terms]
    any_query = queries[0]
    for other in queries[1:]:
        any_query = any_query | other
    docs = SearchDocument.objects.filter(kind=kind, vector=any_query)
    hits = Value(0.0)
    for one in queries:
        hits = hits + Case(When(vector=one, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    relevance = SearchRank(F("vector"), any_query, weights=PG_WEIGHTS)
    rank = docs.filter(object_id=OuterRef("pk")).annotate(r=hits + relevance / (relevance + 1.0)).values("r")[:1]
    return queryset.filter(pk__in=docs.values("object_id")).annotate(
        search_rank=Subquery(rank, output_field=FloatField())
    )


def _closest_sqlite(queryset, kind, terms):
    stems_ = list(dict.fromkeys(stem_words(terms)))
    any_match = " OR ".join(f'"{stem}"' for stem in stems_)
    docs = SearchDocument._meta.db_table
    ids_sql = (
        f"SELECT d.object_id FROM {FTS_TABLE} JOIN {docs} d ON d.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s AND d.kind = %s"
    )
    hits = " + ".join(f"(d.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s))" for _stem in stems_)
    table, pk = queryset.model._meta.db_table, queryset.model._meta.pk.column
    weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
    bm25 = f"bm25({FTS_TABLE}, {weights})"
    rank_sql = (
        f"SELECT {hits} + (-{bm25}) / (1.0 - {bm25}) FROM {FTS_TABLE} JOIN {docs} d ON d.id = {FTS_TABLE}.rowid "
        f'WHERE {FTS_TABLE} MATCH %s AND d.kind = %s AND d.object_id = "{table}"."{pk}"'
    )
    rank_params = [f'"{stem}"' for stem in stems_] + [any_match, kind]
    return queryset.filter(pk__in=RawSQL(ids_sql, [any_match, kind])).annotate(
        search_rank=RawSQL(rank_sql, rank_params, output_field=FloatField())
    )


def suggestions(query: str, limit=5):
    """Titles close in spelling to the query (PostgreSQL trigram similarity); [] on SQLite."""
    text = plain(query)[:100]
    if connection.vendor != "postgresql" or len(text) < 3:
        return []
    return list(
        SearchDocument.objects.filter(title_plain__trigram_word_similar=text)
        .annotate(similarity=TrigramWordSimilarity(text, "title_plain"))
        .order_by("-similarity", "title")[:limit]
    )
