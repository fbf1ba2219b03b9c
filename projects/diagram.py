"""The stakeholder diagram of a project, drawn from its data: organisations as boxes grouped by side
(France, partner country), agreements as labelled links. Graphviz renders SVG on the server (real
text, no script); a text equivalent goes with it."""

import hashlib
import logging
import re
from dataclasses import dataclass, field

import graphviz
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import Role

logger = logging.getLogger(__name__)

COLOURS = {
    "french-collectivity": ("#d9efe4", "#0b6e4f"),
    "partner-collectivity": ("#fdf1d3", "#9a6b00"),
    "ess-actor": ("#e1ecf7", "#075a8c"),
    "local-partner": ("#f2e6f4", "#7a3b84"),
    "public-body": ("#eceff3", "#3f4a5a"),
}
FONT = "DejaVu Sans"
CACHE_SECONDS = 60 * 60 * 24


@dataclass
class Box:
    key: str
    organisation: object
    category: str
    roles: list = field(default_factory=list)

    @property
    def role_labels(self):
        return ", ".join(dict.fromkeys(str(p.get_role_display()) for p in self.roles))


@dataclass
class Link:
    agreement: object
    boxes: list

    @property
    def label(self):
        """(kind, details): « Convention de financement », « Subvention, depuis 2006 »."""
        details = [str(self.agreement.get_mode_display())] if self.agreement.mode else []
        if self.agreement.years:
            details.append(str(self.agreement.years))
        return str(self.agreement.get_kind_display()), details


@dataclass
class Diagram:
    groups: list  # [(label, [Box])]
    links: list  # [Link]
    svg: str = ""
    error: str = ""

    @property
    def is_empty(self):
        return not any(boxes for _label, boxes in self.groups)


def category(participant):
    organisation = participant.organisation
    abroad = str(organisation.country) not in ("FR", "")
    if participant.collectivity_id:
        if organisation.is_public_body:  # the AFD, a ministry, an embassy: not a local authority
            return "public-body"
        return "partner-collectivity" if abroad else "french-collectivity"
    if abroad or participant.role == Role.PARTENAIRE_LOCAL:
        return "local-partner"
    return "ess-actor"


def wrap(text, width=22):
    """Lines of at most `width` characters, cut between words."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def label(*lines):
    """A Graphviz record-free label: each line escaped (backslashes, no HTML), centred."""
    return graphviz.nohtml("\\n".join(graphviz.escape(line) for line in lines if line))


def stakeholder_diagram(project):
    """The diagram of `project` (participants and agreements must be prefetched with their organisations)."""
    boxes = {}
    for organisation, participants in project.organisations_with_roles:
        key = participants[0].organisation_key
        boxes[key] = Box(key, organisation, category(participants[0]), participants)
    links = []
    for agreement in project.agreements.all():
        parties = []
        for party in agreement.parties.all():
            key = party.organisation_key
            if key in boxes and boxes[key] not in parties:
                parties.append(boxes[key])
        if len(parties) >= 2:
            links.append(Link(agreement, parties))
    group_labels = [
        ("french-collectivity", _("Collectivités françaises")),
        ("partner-collectivity", _("Collectivités partenaires")),
        ("ess-actor", _("Acteurs de l’ESS")),
        ("local-partner", _("Partenaires locaux")),
        ("public-body", _("Organismes publics (État, agences, ambassades…)")),
    ]
    groups = [(text, [b for b in boxes.values() if b.category == cat]) for cat, text in group_labels]
    diagram = Diagram(groups=[(t, b) for t, b in groups if b], links=links)
    if boxes:
        diagram.svg, diagram.error = render_svg(dot_source(project, boxes, links))
    return diagram


def dot_source(project, boxes, links):
    graph = graphviz.Graph(
        "parties_prenantes",
        graph_attr={
            "rankdir": "LR",
            "fontname": FONT,
            "fontsize": "11",
            "nodesep": "0.35",
            "ranksep": "0.6",
            "bgcolor": "transparent",
            "pad": "0.2",
        },
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fontname": FONT,
            "fontsize": "13",
            "margin": "0.15,0.08",
        },
        edge_attr={"fontname": FONT, "fontsize": "11", "color": "#45524f", "fontcolor": "#1c2826"},
    )
    draw_sides(graph, boxes)
    draw_links(graph, links)
    return graph.source


def draw_sides(graph, boxes):
    """One dashed cluster per country side (France first, unknown last), its organisations inside."""
    sides = {}
    for box in boxes.values():
        side = str(box.organisation.country) or "?"
        sides.setdefault(side, []).append(box)
    for index, (side, side_boxes) in enumerate(
        sorted(sides.items(), key=lambda item: (item[0] != "FR", item[0] == "?"))
    ):
        if side == "FR":
            side_label = _("En France")
        elif side == "?":
            side_label = _("Pays non précisé")
        else:
            side_label = _("Pays partenaire : %(country)s") % {"country": side_boxes[0].organisation.country.name}
        with graph.subgraph(name=f"cluster_{index}") as cluster:
            cluster.attr(
                label=label(side_label),
                style="rounded,dashed",
                color="#8a9793",
                fontname=FONT,
                fontsize="12",
            )
            for box in side_boxes:
                fill, line = COLOURS[box.category]
                kind = wrap(box.organisation.kind_label) if box.category == "public-body" else []
                lines = [*wrap(box.organisation), *kind, *wrap(box.role_labels)]
                cluster.node(box.key, label(*lines), fillcolor=fill, color=line)


def draw_links(graph, links):
    """An edge per two-party agreement; a note linked to each party for more parties."""
    for index, link in enumerate(links):
        kind, details = link.label
        text = label(*wrap(kind, 22), ", ".join(details))
        if len(link.boxes) == 2:
            first, second = link.boxes
            graph.edge(first.key, second.key, label=text, style="dashed" if not link.agreement.mode else "solid")
        else:
            hub = f"agreement{index}"
            graph.node(hub, text, shape="note", style="filled", fillcolor="#ffffff", color="#45524f", fontsize="11")
            for box in link.boxes:
                graph.edge(hub, box.key, style="dotted")


def render_svg(source):
    """(svg, error): the SVG markup ready to inline, cached by the DOT source it comes from."""
    key = "diagram:" + hashlib.sha256(source.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        try:
            raw = graphviz.Source(source).pipe(format="svg", encoding="utf-8")
        except graphviz.ExecutableNotFound:
            logger.error("Graphviz (dot) is not installed: stakeholder diagrams cannot be drawn.")
            return "", _("Le schéma ne peut pas être dessiné : Graphviz n’est pas installé sur le serveur.")
        except graphviz.CalledProcessError:
            logger.exception("Graphviz failed on a stakeholder diagram.")
            return "", _("Le schéma n’a pas pu être dessiné.")
        svg = clean_svg(raw)
        cache.set(key, svg, CACHE_SECONDS)
    return mark_safe(svg), ""  # noqa: S308 - Graphviz output; every text it holds is XML-escaped by dot


def clean_svg(raw):
    """Inline-ready SVG: no XML prolog or doctype, exposed to assistive technology as one image
    described by the page's text equivalent. Its size is one pixel per point of the drawing, so that
    every diagram's text has the same size (13 px for the boxes): the page's CSS lets a diagram
    shrink to a wide column, and lets it scroll sideways at that size on a phone, never enlarges it."""
    svg = raw[raw.index("<svg") :]
    head, body = svg.split(">", 1)
    _x, _y, width, height = re.search(r'viewBox="([^"]+)"', head).group(1).split()
    head = re.sub(r'\s(width|height)="[^"]*"', "", head, count=2)
    svg = f'{head} width="{round(float(width))}" height="{round(float(height))}">{body}'
    svg = svg.replace("<svg", '<svg role="img" aria-labelledby="schema-titre" focusable="false"', 1)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    return svg.strip()
