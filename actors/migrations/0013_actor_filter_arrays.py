"""PostgreSQL only: each actor's countries (headquarters and countries worked in) and domains (with
the parents of its themes) also as arrays on the actor row, GIN-indexed, for the list's filters and
facet counts (actors.filters). Kept current by the database itself — statement triggers on the link
tables (bulk writes and imports included), a row trigger on the actor's country, one on a domain's
parent — so no code path can leave them stale. SQLite has no arrays: its lists use the link tables."""

from django.db import migrations

FORWARD = """
ALTER TABLE actors_actor ADD COLUMN country_codes varchar(2)[] NOT NULL DEFAULT '{}',
                         ADD COLUMN domain_ids bigint[] NOT NULL DEFAULT '{}';

CREATE FUNCTION actors_countries_of(actor bigint, home varchar) RETURNS varchar(2)[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(c ORDER BY c), '{}') FROM (
        SELECT t.country_id AS c FROM actors_actor_countries t WHERE t.actor_id = actor
        UNION SELECT home WHERE coalesce(home, '') <> '') s
$$;

CREATE FUNCTION actors_domains_of(actor bigint) RETURNS bigint[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(d ORDER BY d), '{}') FROM (
        SELECT t.domain_id AS d FROM actors_actor_domains t WHERE t.actor_id = actor
        UNION SELECT p.parent_id FROM actors_actor_domains t JOIN actors_domain p ON p.id = t.domain_id
        WHERE t.actor_id = actor AND p.parent_id IS NOT NULL) s
$$;

CREATE FUNCTION actors_refresh_arrays(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE actors_actor a SET country_codes = actors_countries_of(a.id, a.country), domain_ids = actors_domains_of(a.id)
    WHERE a.id IN (SELECT unnest(ids))
$$;

CREATE FUNCTION actors_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM actors_refresh_arrays(ARRAY(SELECT DISTINCT actor_id FROM new_rows));
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM actors_refresh_arrays(ARRAY(SELECT DISTINCT actor_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION actors_actor_arrays() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.country_codes := actors_countries_of(NEW.id, NEW.country);
    IF TG_OP = 'INSERT' THEN
        NEW.domain_ids := actors_domains_of(NEW.id);
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION actors_domain_parent_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM actors_refresh_arrays(ARRAY(SELECT actor_id FROM actors_actor_domains WHERE domain_id = NEW.id));
    RETURN NULL;
END
$$;

CREATE TRIGGER actor_arrays BEFORE INSERT OR UPDATE OF country ON actors_actor
    FOR EACH ROW EXECUTE FUNCTION actors_actor_arrays();
CREATE TRIGGER domain_parent_arrays AFTER UPDATE OF parent_id ON actors_domain
    FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION actors_domain_parent_changed();
"""

LINK_TRIGGERS = """
CREATE TRIGGER {table}_ins_arrays AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actors_links_changed();
CREATE TRIGGER {table}_del_arrays AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actors_links_changed();
CREATE TRIGGER {table}_upd_arrays AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actors_links_changed();
"""

FILL = """
UPDATE actors_actor a SET country_codes = actors_countries_of(a.id, a.country), domain_ids = actors_domains_of(a.id);
CREATE INDEX actor_country_codes_gin ON actors_actor USING gin (country_codes);
CREATE INDEX actor_domain_ids_gin ON actors_actor USING gin (domain_ids);
"""

BACKWARD = """
DROP TRIGGER IF EXISTS actor_arrays ON actors_actor;
DROP TRIGGER IF EXISTS domain_parent_arrays ON actors_domain;
{link_drops}
DROP FUNCTION IF EXISTS actors_actor_arrays();
DROP FUNCTION IF EXISTS actors_domain_parent_changed();
DROP FUNCTION IF EXISTS actors_links_changed();
DROP FUNCTION IF EXISTS actors_refresh_arrays(bigint[]);
DROP FUNCTION IF EXISTS actors_domains_of(bigint);
DROP FUNCTION IF EXISTS actors_countries_of(bigint, varchar);
ALTER TABLE actors_actor DROP COLUMN IF EXISTS country_codes, DROP COLUMN IF EXISTS domain_ids;
"""
LINK_TABLES = ("actors_actor_countries", "actors_actor_domains")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    links = "".join(LINK_TRIGGERS.format(table=table) for table in LINK_TABLES)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FORWARD + links + FILL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    drops = "".join(
        f"DROP TRIGGER IF EXISTS {table}_{op}_arrays ON {table};\n" for table in LINK_TABLES for op in ("ins", "del", "upd")
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(BACKWARD.format(link_drops=drops))


class Migration(migrations.Migration):
    dependencies = [("actors", "0012_zones_of_design")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
