"""Many-to-many relations to small tables (domains, countries), prefetched for several kinds of objects
in one query: the link rows of every relation in one UNION ALL, their targets taken from objects the
caller already holds (kept in the shared cache), instead of one prefetch query per relation."""

from django.db import connections


def prefetch_links(relations, targets, using="default"):
    """Fill `relation` of each object of `objects`, for every (objects, relation name) of `relations`, as
    `prefetch_related` would: `targets` gives, per related model, its rows in their default order."""
    arms, params, wanted = [], [], []
    for objects, name in relations:
        objects = [obj for obj in objects if obj.pk is not None]
        if not objects:
            continue
        field = objects[0]._meta.get_field(name)
        table = field.remote_field.through._meta.db_table
        source, target = field.m2m_column_name(), field.m2m_reverse_name()
        marks = ", ".join(["%s"] * len({obj.pk for obj in objects}))
        arms.append(f"SELECT {len(wanted)}, {source}, CAST({target} AS TEXT) FROM {table} WHERE {source} IN ({marks})")
        params += list({obj.pk: None for obj in objects})
        wanted.append((objects, name, field.related_model))
    if not arms:
        return
    with connections[using].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(arms), params)
        rows = cursor.fetchall()
    for index, (objects, name, model) in enumerate(wanted):
        order = {str(obj.pk): position for position, obj in enumerate(targets[model])}
        by_key = {str(obj.pk): obj for obj in targets[model]}
        linked = {}
        for arm, source, key in rows:
            if arm == index and key in by_key:
                linked.setdefault(source, []).append(key)
        for obj in objects:
            keys = sorted(linked.get(obj.pk, []), key=order.__getitem__)
            _set_prefetched(obj, name, [by_key[key] for key in keys])


def _set_prefetched(obj, name, values):
    """What `prefetch_related` leaves on `obj` for `name`: `obj.<name>.all()` answers from `values`."""
    queryset = getattr(obj, name).get_queryset()
    queryset._result_cache, queryset._prefetch_done = values, True
    if not hasattr(obj, "_prefetched_objects_cache"):
        obj._prefetched_objects_cache = {}
    obj._prefetched_objects_cache[name] = queryset
