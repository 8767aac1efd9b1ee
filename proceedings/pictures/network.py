"""A party's relationship map: its published relatives, companies, associates
and co-parties, and theirs, within two steps.

The layout is a tree read from left to right: the party, then the parties one
step away, then those two steps away, each beside the one it was reached from,
one row each. Rows never overlap, however many there are, and the same data
always gives the same picture: every order is by kind of link, then name, then
id. Each box reads how its party relates to the one it hangs from, from its own
side ("son of", "director of", "co-defendant in …"); the kind of link is also
the style of the line (solid family, dashed business, dotted same side of a
case), the kind of party the shape of the box. Past ``MAX_NODES`` the nearest
are shown and the rest counted.

Five queries whatever the number of parties: the relationships and the shared
cases of the party, then of its neighbours (plain rows), then the records of
the parties shown.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import Participation, Party, Relationship
from ..translation import in_reader_language
from . import (
    ACCENT,
    INK,
    MUTED,
    PAPER,
    SOFT,
    Drawing,
    element,
    fit,
    label,
    legend_item,
    site_url,
    titled,
)

MAX_NODES = 40  # the party and 39 others; the rest are counted
WIDTH = 920
BOX = 270  # a box's width
COLUMNS = (16, 16 + BOX + 47, 16 + 2 * (BOX + 47))
ROW = 44
BOX_HEIGHT = 36

FAMILY, BUSINESS, CASE = 0, 1, 2  # kinds of link, nearest first
FAMILY_KINDS = {
    "spouse",
    "former_spouse",
    "parent",
    "step_parent",
    "parent_in_law",
    "sibling",
    "relative",
}
LINE_STYLES = {
    FAMILY: {"stroke_dasharray": None, "stroke_width": 1.8},
    BUSINESS: {"stroke_dasharray": "7 4", "stroke_width": 1.6},
    CASE: {"stroke_dasharray": "1.5 3.5", "stroke_width": 2, "stroke_linecap": "round"},
}
# The roles whose holders are on the same side of a case, and how one of them
# reads the link to another.
SAME_SIDE = {
    "defendant": gettext_lazy("co-defendant in %(case)s"),
    "suspect": gettext_lazy("also suspect in %(case)s"),
    "claimant": gettext_lazy("co-claimant in %(case)s"),
    "appellant": gettext_lazy("co-appellant in %(case)s"),
    "respondent": gettext_lazy("co-respondent in %(case)s"),
    "applicant": gettext_lazy("co-applicant in %(case)s"),
    "person_concerned": gettext_lazy("also concerned by %(case)s"),
}


@dataclass
class Reading:
    """One link read from one party's side: ("son of", FAMILY)."""

    phrase: str
    kind: int


@dataclass
class Node:
    """A party on the map: its id and name until it is shown, then its record."""

    pk: int
    name: str
    step: int
    parent: "Node | None" = None
    readings: list = field(default_factory=list)  # towards the parent
    others: list = field(default_factory=list)  # towards other shown parties
    children: list = field(default_factory=list)
    row: int = 0
    party: Party | None = None

    @property
    def kind(self):
        return min((r.kind for r in self.readings), default=FAMILY)

    def sort_key(self):
        return (self.kind, self.name, self.pk)


def links_of(ids):
    """How each party reads its published links to another, for every link with
    a party of ``ids`` at either end: ({(a, b): [Reading]}, {id: name}). Two
    queries of plain rows: thousands of links cost no model instances."""
    readings, names = {}, {}
    relationships = (
        Relationship.objects.published()
        .filter(Q(subject__in=ids) | Q(object__in=ids))
        .order_by("kind", "id")
        .values_list(
            "subject_id",
            "object_id",
            "kind",
            "subject__gender",
            "object__gender",
            "subject__name",
            "object__name",
        )
    )
    for subject, object_, kind, his, hers, subject_name, object_name in relationships:
        names[subject], names[object_] = subject_name, object_name
        group = FAMILY if kind in FAMILY_KINDS else BUSINESS
        for a, b, as_subject, gender in (
            (subject, object_, True, his),
            (object_, subject, False, hers),
        ):
            phrase = Relationship.phrase(kind, as_subject, gender)
            readings.setdefault((a, b), []).append(Reading(phrase, group))
    shared = (
        Participation.objects.published()
        .filter(
            role__in=SAME_SIDE,
            case__in=Participation.objects.published()
            .filter(party__in=ids, role__in=SAME_SIDE)
            .values("case"),
        )
        .order_by("case__opened", "case_id", "id")
        .annotate(case_title=in_reader_language("case__title"))
        .values_list("case_id", "case_title", "role", "party_id", "party__name")
    )
    sides = {}
    for case, title, role, party, name in shared:
        names[party] = name
        sides.setdefault((case, title, role), []).append(party)
    for (_case, title, role), members in sides.items():
        phrase = SAME_SIDE[role] % {"case": title}
        for a in members:
            if a not in ids:
                continue
            for b in members:
                if b != a:
                    readings.setdefault((b, a), []).append(Reading(phrase, CASE))
    return readings, names


def neighbours(ids, readings, known):
    """The parties linked to one of ``ids`` that are not ``known`` yet: {id: the
    first of ``ids`` (in their order) it was reached from}."""
    linked = {}
    for b, towards in readings:
        linked.setdefault(towards, []).append(b)
    found = {}
    for a in ids:
        for b in linked.get(a, ()):
            if b not in known and b not in found:
                found[b] = a
    return found


@dataclass
class Map:
    centre: Node
    nodes: list  # shown, in drawing order
    hidden: int  # within two steps but past MAX_NODES


def build(party, limit=None):
    """The map around ``party``: who is shown, hanging from whom, and how many
    more there are (at most ``limit`` parties, MAX_NODES unless given)."""
    limit = limit or MAX_NODES
    centre = Node(party.pk, party.name, 0, party=party)
    readings, names = links_of({party.pk})
    first = [
        Node(b, names[b], 1, centre, readings[(b, party.pk)])
        for b in neighbours([party.pk], readings, {party.pk})
    ]
    first.sort(key=Node.sort_key)
    second = []
    if first:
        order = {node.pk: index for index, node in enumerate(first)}
        more, more_names = links_of(set(order))
        for key, found in more.items():
            readings.setdefault(key, found)
        known = {party.pk, *order}
        for b, towards in neighbours(list(order), more, known).items():
            parent = first[order[towards]]
            second.append(Node(b, more_names[b], 2, parent, more[(b, towards)]))
        second.sort(key=lambda node: (order[node.parent.pk], *node.sort_key()))
    shown_first = first[: limit - 1]
    shown_second = second[: max(0, limit - 1 - len(shown_first))]
    shown = {node.pk: node for node in [centre, *shown_first, *shown_second]}
    records = Party.objects.published().in_bulk([pk for pk in shown if pk != party.pk])
    for node in [*shown_first, *shown_second]:
        # (one unpublished since the links were read is left out)
        node.party = records.get(node.pk)
        if node.party is not None and node.parent.party is not None:
            node.parent.children.append(node)
    # Other links between shown parties, said in each box's title.
    for a, b in sorted(key for key in readings if key[0] in shown and key[1] in shown):
        node, other = shown[a], shown[b]
        if other is not node.parent and node is not other.parent:
            node.others.extend(f"{r.phrase} {other.name}" for r in readings[a, b])
    row = 1
    ordered = []
    for node in shown_first:
        if node.party is None:
            continue
        node.row = row
        ordered.append(node)
        for child in node.children:
            child.row = row
            ordered.append(child)
            row += 1
        row += 0 if node.children else 1
    return Map(centre, ordered, len(first) + len(second) - len(ordered))


def draw(party, request):
    """The relationship map of ``party``, or None when it has no published link
    to anyone."""
    graph = build(party)
    if not graph.nodes:
        return None
    direct = [node for node in graph.nodes if node.step == 1]
    kinds = sorted({node.kind for node in direct})
    names = {
        FAMILY: _("family"),
        BUSINESS: _("business and office"),
        CASE: _("the same side of a case"),
    }
    description = ngettext(
        "%(count)d party linked to %(name)s within two steps",
        "%(count)d parties linked to %(name)s within two steps",
        len(graph.nodes),
    ) % {"count": len(graph.nodes), "name": party.name}
    description += ": " + ngettext(
        "%(count)d directly (%(kinds)s), ",
        "%(count)d directly (%(kinds)s), ",
        len(direct),
    ) % {
        "count": len(direct),
        "kinds": get_text_list([names[k] for k in kinds], _("and")),
    }
    description += _("%(count)d through them.") % {
        "count": len(graph.nodes) - len(direct)
    }
    if graph.hidden:
        description += " " + ngettext(
            "%(count)d more is not shown.",
            "%(count)d more are not shown.",
            graph.hidden,
        ) % {"count": graph.hidden}
    description += " " + _(
        "The relationships and proceedings listed on the party's page say the same "
        "in words."
    )
    drawing = Drawing(
        prefix="network",
        title=_("%(name)s: relationships within two steps") % {"name": party.name},
        description=description,
        width=WIDTH,
        page_url=party.get_absolute_url(),
    )
    top = drawing.top + 4
    edges = element(drawing.body, "g", class_="links")
    boxes = element(drawing.body, "g", class_="parties")
    _box(boxes, graph.centre, top, centre=True)
    for node in graph.nodes:
        _edge(edges, node, top)
        _box(boxes, node, top)
    y = top + (max(node.row for node in graph.nodes) + 1) * ROW
    if graph.hidden:
        y += 8
        label(
            drawing.body,
            16,
            y + 8,
            ngettext(
                "and %(count)d more party within two steps, not shown here",
                "and %(count)d more parties within two steps, not shown here",
                graph.hidden,
            )
            % {"count": graph.hidden},
            13,
            colour=MUTED,
            class_="hidden-count",
        )
        y += 16
    y = _legend(drawing.body, y + 12)
    return drawing.finish(y, site_url(request))


def _position(node, top):
    return COLUMNS[node.step], top + node.row * ROW


def _box(parent, node, top, centre=False):
    x, y = _position(node, top)
    party = node.party
    anchor = element(
        parent,
        "a",
        href=party.get_absolute_url(),
        class_="party",
        data_party=party.slug,
        data_step=node.step,
    )
    reading = "; ".join(dict.fromkeys(r.phrase for r in node.readings))
    if centre:
        reading = str(party.get_kind_display())
        if party.country:
            reading += f" · {party.get_country_display()}"
    about = party.name
    if node.parent is not None:
        about = f"{party.name}: {reading} {node.parent.party.name}"
    if node.others:
        about += "; " + "; ".join(node.others)
    titled(anchor, about)
    person = party.kind == Party.Kind.PERSON
    element(
        anchor,
        "rect",
        x=x,
        y=y,
        width=BOX,
        height=BOX_HEIGHT,
        rx=BOX_HEIGHT / 2 if person else 3,
        fill=SOFT if centre else PAPER,
        stroke=INK if centre else ACCENT,
        stroke_width=3 if centre else 1.4,
    )
    pad = 18 if person else 10
    label(
        anchor,
        x + pad,
        y + 15,
        fit(party.name, 13, BOX - 2 * pad, True),
        13,
        colour=ACCENT,
        bold=True,
    )
    label(
        anchor, x + pad, y + 29, fit(reading, 11.5, BOX - 2 * pad), 11.5, colour=MUTED
    )


def _edge(parent, node, top):
    x1, y1 = _position(node.parent, top)
    x2, y2 = _position(node, top)
    x1, y1, y2 = x1 + BOX, y1 + BOX_HEIGHT / 2, y2 + BOX_HEIGHT / 2
    bend = (x2 - x1) / 2
    element(
        parent,
        "path",
        d=f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}",
        fill="none",
        stroke=INK,
        data_kind=node.kind,
        **LINE_STYLES[node.kind],
    )


def _legend(parent, y):
    group = element(parent, "g", class_="legend")
    label(group, 16, y + 14, _("How to read it"), 12, bold=True)

    def line(kind):
        return lambda g, x, y: element(
            g, "line", x1=x, x2=x + 16, y1=y, y2=y, stroke=INK, **LINE_STYLES[kind]
        )

    def box(radius):
        return lambda g, x, y: element(
            g,
            "rect",
            x=x,
            y=y - 6,
            width=16,
            height=12,
            rx=radius,
            fill=PAPER,
            stroke=ACCENT,
        )

    x, y = 16, y + 36
    for draw_sample, text in (
        (line(FAMILY), _("family")),
        (line(BUSINESS), _("business, office or counsel")),
        (line(CASE), _("same side of a case")),
        (box(6), _("person")),
        (box(1), _("company or organisation")),
    ):
        x = legend_item(group, x, y, draw_sample, text)
    return y + 12
