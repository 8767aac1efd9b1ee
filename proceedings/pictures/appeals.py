"""A case's appeal chain: the courts its proceedings went up through, in order,
each with its decisions (High Court → Court of Appeal → UK Supreme Court).

``chain(case)`` finds the published cases linked to ``case`` by ``appeal_of``
in either direction, walking only through published cases, so that an
unpublished case breaks the chain and nothing beyond it shows. ``draw`` lays
them out one box under the other, indented by depth where appeals branch.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import (
    ACCENT,
    INK,
    LINE,
    MUTED,
    PAPER,
    SOFT,
    Drawing,
    element,
    fit,
    label,
    site_url,
    text_width,
)

WIDTH = 640
MARGIN = 16
INDENT = 28  # per level of depth, where the chain branches
MAX_INDENT = 8  # levels: deeper boxes stay as wide as at the eighth
GAP = 36  # between two boxes: room for an arrow and its label
PAD = 12
COURT_LINE = 22
TITLE_LINE = 20
DECISION_LINE = 19
MAX_DECISIONS = 4
# However the data links cases, the walk stops this far from where it started.
MAX_STEPS = 50


@dataclass
class Link:
    """One case of the chain and how many appeals it is from the first."""

    case: object
    depth: int


def _tree_sql():
    """A WITH RECURSIVE query of the ids of the published cases linked to the
    case ``%s`` by ``appeal_of``: up to the first one while the cases are
    published, then down through every published appeal from it.

    CROSS JOIN keeps the walk the outer loop on SQLite, so that each step looks
    its cases up by primary key or in the index of appeals (case_appeals)
    instead of scanning that index; PostgreSQL plans it as any other join."""
    from ..models import Case

    quote = connection.ops.quote_name
    table = quote(Case._meta.db_table)
    pk = quote(Case._meta.pk.column)
    parent = quote(Case._meta.get_field("appeal_of").column)
    published = quote(Case._meta.get_field("is_published").column)
    sql = f"""
        WITH RECURSIVE up (node, parent, steps) AS (
            SELECT {pk}, {parent}, 0 FROM {table}
            WHERE {pk} = %s AND {published} = %s
            UNION ALL
            SELECT c.{pk}, c.{parent}, up.steps + 1
            FROM up CROSS JOIN {table} c
            WHERE c.{pk} = up.parent AND c.{published} = %s AND up.steps < %s
        ),
        down (node, steps) AS (
            SELECT node, 0 FROM up WHERE steps = (SELECT MAX(steps) FROM up)
            UNION ALL
            SELECT c.{pk}, down.steps + 1
            FROM down CROSS JOIN {table} c
            WHERE c.{parent} = down.node AND c.{published} = %s AND down.steps < %s
        )
        SELECT node FROM down
    """
    return " ".join(sql.split())


def _alone(case):
    """Whether the page already knows ``case`` has no published case above or
    below it (``with_details()`` reads both), so the chain needs no query."""
    prefetched = getattr(case, "_prefetched_objects_cache", {})
    return (
        hasattr(case, "appeal_of_published")
        and not case.appeal_of_published
        and "appeals" in prefetched
        and not prefetched["appeals"]
    )


def chain(case):
    """The published cases linked to ``case`` through appeals, first one first,
    then depth-first, appeals from one case by opening date then id: a list of
    ``Link``. Two queries whatever its length (the cases with their courts, the
    ids walked in a subquery; their published rulings), none when the page
    already knows the case stands alone."""
    from ..models import Case, Ruling

    if not case.is_published:
        return []
    if _alone(case):
        return [Link(case, 0)]
    walk = RawSQL(_tree_sql(), (case.pk, True, True, MAX_STEPS, True, MAX_STEPS))
    cases = list(
        Case.objects.published()
        .filter(pk__in=walk)
        .select_related("court")
        .prefetch_related(Prefetch("rulings", queryset=Ruling.objects.published()))
        .order_by()
    )
    by_id = {c.pk: c for c in cases}
    below = {}
    for c in cases:
        if c.appeal_of_id in by_id:
            below.setdefault(c.appeal_of_id, []).append(c)
    for appeals in below.values():
        appeals.sort(key=lambda c: (c.opened is None, c.opened or date.min, c.pk))
    roots = [c for c in cases if c.appeal_of_id not in by_id]
    if not roots and case.pk in by_id:
        roots = [by_id[case.pk]]  # appeals in a circle: start from this one
    links, seen = [], set()

    def visit(node, depth):
        if node.pk in seen:
            return
        seen.add(node.pk)
        links.append(Link(node, depth))
        for appeal in below.get(node.pk, []):
            visit(appeal, depth + 1)

    for root in roots:
        visit(root, 0)
    return links


def court_name(case):
    return case.court.name if case.court_id else _("court not named by the sources")


def decision_text(ruling):
    """A decision in a line: "21 March 2018 — judgment: appeal dismissed", the
    date at its precision ("2017" when only the year is known)."""
    when = ruling.date_partial
    values = {
        "date": str(when) if when else _("date not known"),
        "kind": ruling.get_kind_display(),
        "outcome": ruling.get_outcome_display(),
    }
    if ruling.outcome:
        return _("%(date)s — %(kind)s: %(outcome)s") % values
    return _("%(date)s — %(kind)s") % values


def case_text(case):
    if case.number and case.number not in case.title:
        return _("%(title)s, %(number)s") % {"title": case.title, "number": case.number}
    return case.title or case.number


def title(links):
    """The courts in order when they fit ("Appeal chain: SEM → Swiss Federal
    Administrative Court"; the first and last only, if need be), else "How
    <case> went up on appeal", with the shortest title the chain's cases go by
    (they name the same dispute: "JSC BTA Bank v Khrapunov")."""
    if all(link.depth == index for index, link in enumerate(links)):
        names = [
            (link.case.court.short_name or link.case.court.name)
            if link.case.court_id
            else _("unnamed court")
            for link in links
        ]
        candidates = [names]
        if len(names) > 2:
            candidates.append([names[0], "…", names[-1]])
        for courts in candidates:
            text = _("Appeal chain: %(courts)s") % {"courts": " → ".join(courts)}
            if text_width(text, 18, True) <= WIDTH - 2 * MARGIN:
                return text
    shortest = min((link.case.title for link in links), key=len)
    return _("How %(case)s went up on appeal") % {"case": shortest}


def description(links):
    """One sentence: the courts in order and the latest decision."""
    straight = all(link.depth == index for index, link in enumerate(links))
    courts = [court_name(link.case) for link in links]
    if straight:
        sentence = _(
            "The proceedings went up on appeal from the %(first)s to the %(rest)s"
        ) % {"first": courts[0], "rest": _(", then the ").join(courts[1:])}
    else:
        sentence = _(
            "%(count)d proceedings linked by appeals, starting before the "
            "%(first)s: %(courts)s"
        ) % {"count": len(links), "first": courts[0], "courts": "; ".join(courts)}
    dated = [
        ruling
        for link in links
        for ruling in link.case.rulings.all()
        if ruling.date_partial
    ]
    if dated:
        latest = max(dated, key=lambda ruling: ruling.date_partial.sort_key())
        sentence += _("; the latest dated decision: %(decision)s (%(court)s)") % {
            "decision": decision_text(latest),
            "court": court_name(latest.case),
        }
    return sentence + "."


def _box_height(case):
    rulings = list(case.rulings.all())
    lines = min(len(rulings), MAX_DECISIONS) + (len(rulings) > MAX_DECISIONS)
    return PAD + COURT_LINE + TITLE_LINE + DECISION_LINE * max(lines, 1) + PAD - 4


def _arrow(drawing, group, x1, y1, x2, y2):
    """A line from (x1, y1) bending to (x2, y2), with an arrowhead there."""
    points = f"{x1},{y1} {x1},{y2}" if x1 != x2 else f"{x1},{y1}"
    element(
        group,
        "polyline",
        points=f"{points} {x2},{y2}",
        fill="none",
        stroke=LINE,
        stroke_width=1.5,
        marker_end=f"url(#{drawing.id('arrowhead')})",
    )


def draw(case, request):
    """The appeal chain of ``case``, or None when it has no published appeal
    above or below it."""
    links = chain(case)
    if len(links) < 2:
        return None
    branches = any(link.depth != index for index, link in enumerate(links))
    drawing = Drawing(
        "appeals",
        title(links),
        description(links),
        WIDTH,
        page_url=case.get_absolute_url(),
    )
    marker = element(
        drawing.defs,
        "marker",
        id=drawing.id("arrowhead"),
        viewBox="0 0 10 10",
        refX=9,
        refY=5,
        markerWidth=7,
        markerHeight=7,
        orient="auto",
    )
    element(marker, "path", d="M0,0 L10,5 L0,10 z", fill=LINE)
    arrows = element(drawing.body, "g", class_="appeal-arrows", aria_hidden="true")
    y = drawing.top
    placed = {}  # case id → (x, y, height) of its box
    for index, link in enumerate(links):
        node = link.case
        x = MARGIN + (INDENT * min(link.depth, MAX_INDENT) if branches else 0)
        height = _box_height(node)
        parent = placed.get(node.appeal_of_id) if index else None
        if parent is not None:
            px, py, pheight = parent
            if branches:
                stem = px + INDENT / 2
                _arrow(drawing, arrows, stem, py + pheight, x - 2, y + COURT_LINE)
            else:
                stem = MARGIN + 32
                _arrow(drawing, arrows, stem, py + pheight + 2, stem, y - 2)
            label(arrows, stem + 8, y - GAP / 2 + 4, _("appeal"), 11, colour=MUTED)
        placed[node.pk] = (x, y, height)
        _box(drawing, node, x, y, WIDTH - MARGIN - x, height, link, node.pk == case.pk)
        y += height + GAP
    return drawing.finish(y - GAP, site_url(request))


def _box(drawing, node, x, y, width, height, link, current):
    group = element(
        drawing.body,
        "g",
        class_="appeal-case current" if current else "appeal-case",
        data_case=node.slug,
        data_depth=link.depth,
    )
    anchor = element(group, "a", href=node.get_absolute_url())
    element(
        anchor,
        "rect",
        x=x,
        y=y,
        width=round(width, 1),
        height=height,
        rx=4,
        fill=SOFT if current else PAPER,
        stroke=ACCENT if current else LINE,
        stroke_width=3 if current else 1,
    )
    room = width - 2 * PAD
    tag = _("this case")
    tag_width = text_width(tag, 11, True) + 12
    line = y + PAD + 14
    court_room = room - (tag_width + 8 if current else 0)
    court = fit(court_name(node), 14, court_room, True)
    label(anchor, x + PAD, line, court, 14, bold=True)
    line += TITLE_LINE
    label(anchor, x + PAD, line, fit(case_text(node), 12, room), 12, MUTED)
    if current:  # told in words too, not by the border alone
        element(
            anchor,
            "rect",
            x=round(x + width - PAD - tag_width, 1),
            y=y + 8,
            width=round(tag_width, 1),
            height=18,
            rx=9,
            fill=PAPER,
            stroke=ACCENT,
        )
        label(
            anchor,
            x + width - PAD - tag_width / 2,
            y + 21,
            tag,
            11,
            colour=ACCENT,
            bold=True,
            anchor="middle",
        )
    rulings = list(node.rulings.all())
    for ruling in rulings[:MAX_DECISIONS]:
        line += DECISION_LINE
        decision = element(group, "a", href=ruling.get_absolute_url())
        label(
            decision,
            x + PAD,
            line,
            fit(decision_text(ruling), 12.5, room),
            12.5,
            colour=INK,
            text_decoration="underline",
        )
    if len(rulings) > MAX_DECISIONS:
        line += DECISION_LINE
        more = len(rulings) - MAX_DECISIONS
        text = ngettext(
            "and %(count)d more decision", "and %(count)d more decisions", more
        ) % {"count": more}
        label(group, x + PAD, line, text, 12, colour=MUTED)
    if not rulings:
        line += DECISION_LINE
        label(group, x + PAD, line, _("no decision recorded"), 12, colour=MUTED)
