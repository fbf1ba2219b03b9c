"""A synthetic national-scale directory, for measuring the site at the size it is meant for.

`generate(actors=…, collectivities=…, projects=…)` adds realistic entries next to whatever the
database holds: legal forms weighted toward associations, ~40 countries, several domains per actor,
French-like descriptions of 50–150 words, projects with participants in roles and agreements with
their contracting modes, a few actors with hundreds of projects and a few collectivities with
thousands of cooperations. Every row satisfies the models' constraints.

Rows are written as plain tuples with the primary keys chosen here (PostgreSQL `COPY`, SQLite
`executemany`), history rows by `INSERT … SELECT`, then the search index is rebuilt once. Chunks
keep memory bounded whatever the scale. The random generator is seeded: the same arguments give the
same directory.
"""

import random
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from actors.models import Actor, Collectivity, CollectivityType, Domain, Institution, LegalForm, LegalStatus
from actors.validators import luhn_complete
from core import search
from core.bulk import write_rows
from core.text import plain
from projects.models import Agreement, AgreementKind, ContractMode, Initiative, Participant, Project, Role

CHUNK = 5000

# Where French ESS actors and their partners work (~40 countries), most cited first.
COUNTRIES = (
    "ML SN BF MG BJ NE TG MA CM HT VN CI GN MR TN DZ BI RW CD CG GA TD CF KH LA IN BR BO PE CO EC "
    "NI LB PS MZ ET KE TZ CV KM"
).split(" ")
FORM_WEIGHTS = {
    LegalForm.ASSOCIATION: 60,
    LegalForm.COOPERATIVE: 12,
    LegalForm.FONDATION: 6,
    LegalForm.MUTUELLE: 2,
    LegalForm.ENTREPRISE: 10,
    LegalForm.RESEAU: 7,
    LegalForm.AUTRE: 3,
}
STATUSES = {
    LegalForm.ASSOCIATION: [LegalStatus.ASSOCIATION_1901, LegalStatus.ONG, LegalStatus.ASSOCIATION_RUP, ""],
    LegalForm.COOPERATIVE: [LegalStatus.SCOP, LegalStatus.SCIC, LegalStatus.CAE, LegalStatus.COOPERATIVE_AGRICOLE],
    LegalForm.FONDATION: [LegalStatus.FONDATION_RUP, LegalStatus.FONDATION_ENTREPRISE, LegalStatus.FONDS_DOTATION],
    LegalForm.MUTUELLE: [LegalStatus.MUTUELLE],
    LegalForm.ENTREPRISE: [LegalStatus.ESUS, LegalStatus.ENTREPRISE_INSERTION, LegalStatus.SOCIETE],
    LegalForm.RESEAU: [LegalStatus.FEDERATION, LegalStatus.ASSOCIATION_1901, ""],
    LegalForm.AUTRE: [LegalStatus.GIP, LegalStatus.AUTRE, ""],
}
FORM_WORDS = {
    LegalForm.ASSOCIATION: ["Association", "Amis de", "Solidarité", "Collectif", "ONG"],
    LegalForm.COOPERATIVE: ["Coopérative", "SCOP", "SCIC"],
    LegalForm.FONDATION: ["Fondation", "Fonds"],
    LegalForm.MUTUELLE: ["Mutuelle"],
    LegalForm.ENTREPRISE: ["Entreprise solidaire", "Atelier", "Comptoir"],
    LegalForm.RESEAU: ["Réseau", "Fédération", "Centre de ressources", "Plateforme"],
    LegalForm.AUTRE: ["Groupement", "Maison"],
}
THEMES = (
    "Eau Vive, Terre Solidaire, Énergies Partagées, Soleil du Sahel, Puits et Pompes, "
    "Commerce Équitable, Microfinance Solidaire, Femmes et Développement, Tourisme Responsable, "
    "Villages d’Avenir, Filières Durables, Santé pour Tous, Écoles du Monde, Agriculture Paysanne, "
    "Lumière Rurale, Assainissement Durable, Artisans du Monde, Jeunesse et Emploi, "
    "Semences d’Espoir, Habitat Solidaire"
).split(", ")
SYLLABLES = (
    "bel mont val cour ville ber lan sar gue ros mar tin lou vil ne bou ger ray sau mé rac pon fleur dor"
).split(" ")
DEPARTEMENTS = ("75 93 94 92 69 13 33 59 35 44 67 31 34 38 63 76 29 974 971 2A").split(" ")
TITLE_TEMPLATES = [
    "Accès à l’eau potable à {place}",
    "Assainissement et hygiène dans la région de {place}",
    "Électrification solaire des villages de {place}",
    "Appui aux filières agricoles de {place}",
    "Tourisme équitable et solidaire autour de {place}",
    "Microcrédit pour les femmes de {place}",
    "Formation professionnelle des jeunes de {place}",
    "Gestion des déchets à {place}",
]
VOCABULARY = (
    "eau développement durable énergie solaire coopération solidarité formation femmes jeunes "
    "agriculture villages accès assainissement hygiène santé éducation commerce équitable "
    "microcrédit filières artisans tourisme environnement déchets irrigation puits forage "
    "électrification économie sociale collectivité partenaires population territoire gouvernance "
    "citoyenneté insertion emploi entrepreneuriat marché coopérative association réseau "
    "accompagnement renforcement capacités projet programme action terrain local rural urbain "
    "quartier école centre santé maternité nutrition sécurité alimentaire semences maraîchage "
    "élevage pêche forêt climat biodiversité reboisement transition numérique information "
    "sensibilisation plaidoyer échange savoir expertise diagnostic étude évaluation suivi "
    "financement subvention prestation convention partenariat engagement bénévoles salariés "
    "adhérents habitants usagers comité gestion maintenance ouvrage infrastructure réseau "
    "distribution potable pompe château latrines lavage mains ressource nappe bassin fleuve"
).split(" ")
# A few words are very common (as « eau » or « développement » are), most are rare: Zipf-like weights.
VOCABULARY_WEIGHTS = [1 / (rank + 1) ** 0.8 for rank in range(len(VOCABULARY))]
ACTOR_ROLES = [Role.OPERATEUR, Role.AMO, Role.PARTENAIRE, Role.FINANCEUR, Role.COORDINATION, Role.PARTENAIRE_LOCAL]
MODE_KINDS = [
    (AgreementKind.CONVENTION_FINANCEMENT, ContractMode.SUBVENTION, 5),
    (AgreementKind.CONVENTION_COLLABORATION, ContractMode.SUBVENTION, 2),
    (AgreementKind.CONVENTION_SPECIFIQUE, ContractMode.PRESTATION, 1),
    (AgreementKind.MARCHE_PUBLIC, ContractMode.PRESTATION, 2),
    (AgreementKind.COMMANDE_DIRECTE, ContractMode.PRESTATION, 1),
    (AgreementKind.PROTOCOLE, ContractMode.SUBVENTION, 1),
]
BIG_ACTORS, BIG_ACTOR_SHARE = 20, 0.15
BIG_COLLECTIVITIES, BIG_COLLECTIVITY_SHARE = 5, 0.3


@dataclass
class Context:
    """What the generation of one directory shares: the random generator, ids and reference data."""

    rng: random.Random
    now: object
    domains: list  # (id, parent_id)
    first_ids: dict = field(default_factory=dict)
    french: list = field(default_factory=list)  # ids of the generated French collectivities
    foreign: list = field(default_factory=list)  # and of those abroad
    counts: dict = field(default_factory=dict)


# --- Writing rows fast --------------------------------------------------------------------------


def table_columns(model):
    """(db column names, default values) of every concrete field of `model`."""
    columns, defaults = [], []
    for f in model._meta.concrete_fields:
        columns.append(f.column)
        defaults.append(None if f.null else f.get_default())
    return columns, defaults


def write_models(model, rows):
    """Insert `rows` (dicts by attribute name; missing fields take their default) into `model`'s table."""
    columns, defaults = table_columns(model)
    attnames = [f.attname for f in model._meta.concrete_fields]
    tuples = [tuple(row.get(a, d) for a, d in zip(attnames, defaults, strict=True)) for row in rows]
    write_rows(model._meta.db_table, columns, tuples)


def write_links(through, left, right, pairs):
    """Rows of a many-to-many table (its own ids left to the database)."""
    write_rows(through._meta.db_table, [f"{left}_id", f"{right}_id"], [tuple(p) for p in pairs])


def next_id(model):
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


# --- Text ---------------------------------------------------------------------------------------


def sentence_text(rng, low=50, high=150):
    """50–150 French-like words in sentences of 8–16 words."""
    chosen = rng.choices(VOCABULARY, weights=VOCABULARY_WEIGHTS, k=rng.randint(low, high))
    sentences, start = [], 0
    while start < len(chosen):
        length = rng.randint(8, 16)
        part = chosen[start : start + length]
        sentences.append(" ".join(part).capitalize() + ".")
        start += length
    return " ".join(sentences)


def place_name(rng):
    name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    return name.capitalize() if rng.random() > 0.15 else f"Saint-{name.capitalize()}"


# --- Actors -------------------------------------------------------------------------------------


def publication_status(rng):
    draw = rng.random()
    return "published" if draw < 0.95 else ("pending" if draw < 0.98 else "draft")


def weighted_sample(rng, population, k):
    """k distinct items, the first of `population` more likely (as the most cited countries are)."""
    weights = [1 / (rank + 1) for rank in range(len(population))]
    chosen = set()
    while len(chosen) < min(k, len(population)):
        chosen.add(rng.choices(population, weights=weights)[0])
    return sorted(chosen)


def actor_identifiers(rng, pk, form):
    """RNA for most associations, SIREN and SIRET for some of the others; unique by construction."""
    if form == LegalForm.ASSOCIATION:
        return {"rna": f"W{(900000000 + pk) % 1000000000:09d}"} if rng.random() < 0.7 else {}
    if rng.random() < 0.5:
        siren = luhn_complete(f"{(70000000 + pk) % 100000000:08d}")
        return {"siren": siren, "siret": luhn_complete(f"{siren}0001")}
    return {}


def actor_row(ctx, pk):
    rng = ctx.rng
    form = rng.choices(list(FORM_WEIGHTS), weights=list(FORM_WEIGHTS.values()))[0]
    theme = rng.choice(THEMES)
    place = place_name(rng) if rng.random() < 0.6 else ""
    name = " ".join(x for x in (rng.choice(FORM_WORDS[form]), theme, place) if x)
    french = rng.random() < 0.85
    departement = rng.choice(DEPARTEMENTS) if french else ""
    slug = f"{slugify(name)[:180]}-{pk}"
    return {
        "id": pk,
        "status": publication_status(rng),
        "source": "import",
        "name": name,
        "acronym": "".join(w[0] for w in name.split() if w[0].isupper())[:10] if rng.random() < 0.3 else "",
        "slug": slug,
        "sort_name": plain(name),
        "legal_form": form,
        "legal_status": rng.choice(STATUSES[form]),
        "description": sentence_text(rng),
        "website": f"https://www.{slug}.example.org" if rng.random() < 0.5 else "",
        "email": f"contact@{slug}.example.org" if rng.random() < 0.4 else "",
        "city": place_name(rng),
        "departement": departement,
        "postcode": f"{departement[:2].replace('2A', '20')}{rng.randint(0, 999):03d}" if french else "",
        "country": "FR" if french else rng.choice(COUNTRIES),
        "staff_band": rng.choice(["", "0", "1-4", "5-10", "11-49", "50+"]),
        "volunteer_band": rng.choice(["", "0", "1-10", "11-50", "51-200", "200+"]),
        "is_respondent": rng.random() < 0.02,
        "active_abroad": True,
        "created_at": ctx.now,
        "updated_at": ctx.now - timezone.timedelta(days=rng.randint(0, 1500)),
        **actor_identifiers(rng, pk, form),
    }


def generate_actors(ctx, count):
    domain_ids = [pk for pk, _parent in ctx.domains]
    first = ctx.first_ids["actor"] = next_id(Actor)
    for start in range(first, first + count, CHUNK):
        pks = range(start, min(start + CHUNK, first + count))
        write_models(Actor, [actor_row(ctx, pk) for pk in pks])
        domains = [
            (pk, d) for pk in pks for d in ctx.rng.sample(domain_ids, min(len(domain_ids), ctx.rng.randint(2, 4)))
        ]
        write_links(Actor.domains.through, "actor", "domain", domains)
        countries = [(pk, c) for pk in pks for c in weighted_sample(ctx.rng, COUNTRIES, ctx.rng.randint(1, 3))]
        write_links(Actor.countries.through, "actor", "country", countries)
    ctx.counts["actors"] = count


# --- Collectivities -----------------------------------------------------------------------------

FRENCH_KINDS = [
    (CollectivityType.REGION, Institution.CONSEIL_REGIONAL, "Région {}", 5),
    (CollectivityType.DEPARTEMENT, Institution.CONSEIL_DEPARTEMENTAL, "Département de {}", 15),
    (CollectivityType.COMMUNE, Institution.VILLE, "Ville de {}", 55),
    (CollectivityType.INTERCOMMUNALITE, Institution.COMMUNAUTE_COMMUNES, "Communauté de communes de {}", 12),
    (CollectivityType.INTERCOMMUNALITE, Institution.COMMUNAUTE_AGGLOMERATION, "Agglomération de {}", 8),
    (CollectivityType.ORGANISME_PUBLIC, Institution.ETABLISSEMENT_PUBLIC, "Agence de {}", 5),
]
FOREIGN_KINDS = [
    (CollectivityType.COMMUNE, Institution.COMMUNE_URBAINE, "Commune de {}", 50),
    (CollectivityType.COMMUNE, Institution.COMMUNE_RURALE, "Commune rurale de {}", 30),
    (CollectivityType.REGION, Institution.REGION_ETRANGERE, "Région de {}", 20),
]


def collectivity_row(ctx, pk, index):
    rng = ctx.rng
    # The first ones are French regions: the few collectivities with thousands of cooperations.
    big = index < big_ones(BIG_COLLECTIVITIES, ctx.counts["collectivities"], 20)
    french = big or rng.random() < 0.6
    kinds = FRENCH_KINDS if french else FOREIGN_KINDS
    kind, institution, pattern, _weight = kinds[0] if big else rng.choices(kinds, weights=[k[3] for k in kinds])[0]
    place = place_name(rng)
    name = pattern.format(place)
    return {
        "id": pk,
        "status": "published" if big else publication_status(rng),
        "source": "import",
        "name": name,
        "slug": f"{slugify(name)[:180]}-{pk}",
        "sort_name": plain(name),
        "kind": kind,
        "institution": institution,
        "country": "FR" if french else rng.choice(COUNTRIES),
        "territory": place_name(rng),
        "official_code": f"G{pk}" if french else "",
        "description": sentence_text(rng, 30, 80),
        "is_respondent": rng.random() < 0.02,
        "created_at": ctx.now,
        "updated_at": ctx.now - timezone.timedelta(days=rng.randint(0, 1500)),
    }


def generate_collectivities(ctx, count):
    ctx.counts["collectivities"] = count
    first = ctx.first_ids["collectivity"] = next_id(Collectivity)
    rows = (collectivity_row(ctx, first + index, index) for index in range(count))
    chunk = []
    for row in rows:
        chunk.append(row)
        (ctx.french if row["country"] == "FR" else ctx.foreign).append(row["id"])
        if len(chunk) >= CHUNK:
            write_models(Collectivity, chunk)
            chunk = []
    write_models(Collectivity, chunk)


# --- Projects, participants, agreements ---------------------------------------------------------


@dataclass
class ProjectChunk:
    projects: list = field(default_factory=list)
    domains: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    participants: list = field(default_factory=list)
    agreements: list = field(default_factory=list)
    parties: list = field(default_factory=list)


def project_row(ctx, pk):
    rng = ctx.rng
    place = place_name(rng)
    title = rng.choice(TITLE_TEMPLATES).format(place=place)
    start = rng.randint(1995, 2024)
    end = start + rng.randint(0, 8) if rng.random() < 0.7 else None
    return {
        "id": pk,
        "status": "published" if rng.random() < 0.95 else "draft",
        "source": "import",
        "title": title,
        "slug": f"{slugify(title)[:180]}-{pk}",
        "sort_title": plain(title),
        "summary": sentence_text(rng),
        "places": place,
        "start_year": start,
        "end_year": end,
        "project_status": rng.choice(["running", "finished", "planned", ""]),
        "initiative": rng.choice([Initiative.COLLECTIVITE, Initiative.ACTEUR, ""]),
        "created_at": ctx.now,
        "updated_at": ctx.now - timezone.timedelta(days=rng.randint(0, 1500)),
    }


def big_ones(most, count, per):
    """How many of `count` organisations are the very active ones (fewer in a small directory)."""
    return max(1, min(most, count // per))


def pick(rng, first, count, big, share):
    """An id in [first, first + count): one of the `big` first ones with probability `share`."""
    if rng.random() < share:
        return first + rng.randrange(big_ones(big, count, 50))
    return first + rng.randrange(count)


def project_organisations(ctx, counts):
    """[(actor id | None, collectivity id | None, role)] of one project, no (organisation, role) twice."""
    rng = ctx.rng
    big = big_ones(BIG_COLLECTIVITIES, ctx.counts["collectivities"], 20)
    owner = ctx.french[rng.randrange(big)] if rng.random() < BIG_COLLECTIVITY_SHARE else None
    owner = owner or rng.choice(ctx.french)
    organisations = [(None, owner, rng.choice([Role.MAITRE_OUVRAGE, Role.FINANCEUR]))]
    if ctx.foreign and rng.random() < 0.5:
        organisations.append((None, rng.choice(ctx.foreign), Role.PARTENAIRE_LOCAL))
    actors = {pick(rng, ctx.first_ids["actor"], counts["actors"], BIG_ACTORS, BIG_ACTOR_SHARE)}
    while rng.random() < 0.62 and len(actors) < 5:
        actors.add(pick(rng, ctx.first_ids["actor"], counts["actors"], BIG_ACTORS, BIG_ACTOR_SHARE))
    organisations += [(actor, None, rng.choice(ACTOR_ROLES)) for actor in sorted(actors)]
    return organisations


def add_agreements(ctx, chunk, project_id, participant_ids):
    """One agreement between the collectivity and an actor; often a framework one between collectivities."""
    rng = ctx.rng
    kind, mode, _weight = rng.choices(MODE_KINDS, weights=[k[2] for k in MODE_KINDS])[0]
    deals = [(kind, mode, [participant_ids[0], participant_ids[-1]])]
    if len(participant_ids) > 2 and rng.random() < 0.6:
        deals.append((AgreementKind.CONVENTION_CADRE, "", participant_ids[:2]))
    for number, (kind, mode, parties) in enumerate(deals, start=1):
        pk = ctx.first_ids["next_agreement"]
        ctx.first_ids["next_agreement"] += 1
        signed = rng.randint(1995, 2024)
        funded = rng.random() < 0.4
        chunk.agreements.append(
            {
                "id": pk,
                "project_id": project_id,
                "slug": f"{kind}-{number}",
                "kind": kind,
                "mode": mode,
                "signed_year": signed,
                "start_year": signed,
                "end_year": signed + rng.randint(0, 5),
                "amount": rng.randint(5, 500) * 1000 if funded else None,
                "currency": "EUR" if funded else "",
            }
        )
        chunk.parties += [(pk, party) for party in parties]


def add_project(ctx, chunk, pk, counts):
    rng = ctx.rng
    chunk.projects.append(project_row(ctx, pk))
    domain_ids = [d for d, _parent in ctx.domains]
    chunk.domains += [(pk, d) for d in rng.sample(domain_ids, min(len(domain_ids), rng.randint(1, 2)))]
    chunk.countries += [(pk, c) for c in weighted_sample(rng, COUNTRIES, 1)]
    participant_ids = []
    for position, (actor, collectivity, role) in enumerate(project_organisations(ctx, counts)):
        participant_id = ctx.first_ids["next_participant"]
        ctx.first_ids["next_participant"] += 1
        participant_ids.append(participant_id)
        chunk.participants.append(
            {
                "id": participant_id,
                "project_id": pk,
                "actor_id": actor,
                "collectivity_id": collectivity,
                "role": role,
                "position": position,
            }
        )
    add_agreements(ctx, chunk, pk, participant_ids)


def write_project_chunk(chunk):
    write_models(Project, chunk.projects)
    write_links(Project.domains.through, "project", "domain", chunk.domains)
    write_links(Project.countries.through, "project", "country", chunk.countries)
    write_models(Participant, chunk.participants)
    write_models(Agreement, chunk.agreements)
    write_links(Agreement.parties.through, "agreement", "participant", chunk.parties)


def generate_projects(ctx, count):
    first = ctx.first_ids["project"] = next_id(Project)
    ctx.first_ids["participant"] = ctx.first_ids["next_participant"] = next_id(Participant)
    ctx.first_ids["agreement"] = ctx.first_ids["next_agreement"] = next_id(Agreement)
    if not ctx.french or not ctx.counts.get("actors"):
        raise ValueError("Des projets demandent au moins un acteur et une collectivité française générés.")
    for start in range(first, first + count, CHUNK):
        chunk = ProjectChunk()
        for pk in range(start, min(start + CHUNK, first + count)):
            add_project(ctx, chunk, pk, ctx.counts)
        write_project_chunk(chunk)
    ctx.counts["projects"] = count
    ctx.counts["participants"] = ctx.first_ids["next_participant"] - ctx.first_ids["participant"]
    ctx.counts["agreements"] = ctx.first_ids["next_agreement"] - ctx.first_ids["agreement"]


# --- History, sequences, the whole run ------------------------------------------------------------


def history_model(model, m2m_name=None):
    name = f"Historical{model.__name__}" + (f"_{m2m_name}" if m2m_name else "")
    return apps.get_model(model._meta.app_label, name)


def write_history(model, first_id, when):
    """One « created » history row per generated row of `model` (and of its recorded m2m links)."""
    history = history_model(model)
    columns = [f.column for f in model._meta.concrete_fields]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history._meta.db_table} ({quoted}, history_date, history_type) "
            f"SELECT {quoted}, %s, '+' FROM {table} WHERE {pk} >= %s",
            [when, first_id],
        )
        for m2m in model._meta.many_to_many:
            m2m_history = history_model(model, m2m.name)
            through = m2m.remote_field.through._meta
            left, right = m2m.m2m_column_name(), m2m.m2m_reverse_name()
            cursor.execute(
                f"INSERT INTO {m2m_history._meta.db_table} (id, {left}, {right}, history_id) "
                f"SELECT t.id, t.{left}, t.{right}, h.history_id FROM {through.db_table} t "
                f"JOIN {history._meta.db_table} h ON h.id = t.{left} WHERE t.{left} >= %s",
                [first_id],
            )


def reset_sequences(model_list):
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), model_list):
            cursor.execute(sql)


def generate(*, actors, collectivities, projects, seed=2011, rebuild_index=True):
    """Add a synthetic directory of this size; returns the counts of what it wrote."""
    domains = list(Domain.objects.order_by("pk").values_list("pk", "parent_id"))
    if not domains:
        raise ValueError("Aucun domaine : chargez d’abord l’étude (load_study).")
    ctx = Context(rng=random.Random(seed), now=timezone.now(), domains=domains)
    generated = [Actor, Collectivity, Project, Participant, Agreement]
    with transaction.atomic():
        if actors:
            generate_actors(ctx, actors)
        if collectivities:
            generate_collectivities(ctx, collectivities)
        if projects:
            generate_projects(ctx, projects)
        key = {Actor: "actor", Collectivity: "collectivity", Project: "project"}
        key |= {Participant: "participant", Agreement: "agreement"}
        for model in generated:
            if key[model] in ctx.first_ids:
                write_history(model, ctx.first_ids[key[model]], ctx.now)
        reset_sequences(generated + [history_model(m) for m in generated])
    # The planner's statistics of the new sizes, before the index is built and again before any page is
    # served. Without them the index's SELECT over 200,000 new actors ran for over 16 minutes on
    # PostgreSQL (45 s once analysed: autovacuum may not have analysed the tables yet), and SQLite probed
    # (project, actor) pairs one by one for the actors list's facets, a minute instead of a tenth of a second.
    analyze()
    if rebuild_index:
        search.rebuild()
    analyze(vacuum=True)
    return ctx.counts


def analyze(vacuum=False):
    """ANALYZE; with `vacuum`, on PostgreSQL outside a transaction, VACUUM ANALYZE: the triggers that keep
    the actors' filter arrays current rewrite each new actor row once per link, which left two dead rows
    for each live one (an actors table of 817 MB for 200,000 actors) where autovacuum is off or late."""
    with connection.cursor() as cursor:
        if vacuum and connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
