"""A party's proceedings on one time axis, a lane per country.

Each proceeding is a bar from its opening to its end: hatched over a period
when the date is only known to the month or year, dotted where the opening or
the end is not known at all, and running on to today, arrowed, while it is
pending. Rulings are marks on the bar whose shape says what was decided;
the party's own sanctions are squares under them whose fill says whether they
bite. An appeal is a connector from the bar of the case below to the bar of
the appeal. A proceeding with no known date at all is listed under the picture,
never drawn at a date made up for it.

Everything comes from the records the party's page has prefetched
(``PartyQuerySet.with_details``): drawing costs no query.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace

from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..templatetags.proceedings import sanction_status, term
from . import (
    ACCENT,
    ALERT,
    GRID,
    INK,
    MUTED,
    PAPER,
    SOFT,
    Drawing,
    element,
    fit,
    hatch,
    label,
    legend_item,
    line,
    link,
    points,
    site_url,
    text_width,
    titled,
)

WIDTH = 920
LEFT, RIGHT = 44, WIDTH - 40  # the time axis; the margins hold unknown ends
UNKNOWN_END = 26  # how far a dotted end runs: a length, not a date
LANE_HEAD = 30
ROW = 62
PENDING = {"pending", "on_appeal"}
MAX_ROWS = 60  # the most recent proceedings drawn; the list has them all

# What a ruling decided, by the shape of its mark (colour only repeats it).
AGAINST = {"convicted", "claim_upheld", "sanctions_imposed"}
FOR = {"acquitted", "claim_dismissed", "discontinued", "vacated"}
APPEAL = {"appeal_allowed", "appeal_dismissed", "affirmed"}


@dataclass
class Row:
    """One proceeding of the party, as the picture places it."""

    case: object
    roles: list = field(default_factory=list)
    rulings: list = field(default_factory=list)  # (ruling, PartialDate) dated only
    sanctions: list = field(default_factory=list)

    @cached_property
    def dates(self):
        """Every known date of the proceeding (read once rulings are sorted)."""
        found = [d for d in (self.case.opened_partial, self.case.closed_partial) if d]
        return found + [date for _ruling, date in self.rulings]

    @property
    def dated(self):
        return bool(self.dates)

    @property
    def first(self):
        return min(date.date for date in self.dates)

    @property
    def last(self):
        return max(date.end for date in self.dates)


def rows_of(party):
    """The party's proceedings, one row per case, with its published rulings
    and the party's own sanctions in it."""
    rows = {}
    for participation in party.participations.all():
        case = participation.case
        row = rows.get(case.pk)
        if row is None:
            row = rows[case.pk] = Row(case)
            row.rulings = [
                (ruling, ruling.date_partial)
                for ruling in case.rulings.all()
                if ruling.date_partial  # an undated ruling has no place on the axis
            ]
        row.roles.append(participation.get_role_display())
    for sanction in party.sanctions.all():
        ruling = sanction.ruling
        row = rows.get(ruling.case_id)
        if row is None:  # sanctioned in a case the party is not listed in
            row = rows[ruling.case_id] = Row(ruling.case)
            if ruling.date_partial:
                row.rulings.append((ruling, ruling.date_partial))
        row.sanctions.append(sanction)
    for row in rows.values():
        row.rulings.sort(key=lambda item: (item[1].sort_key(), item[0].pk))
    return list(rows.values())


def lanes_of(rows):
    """[(country name, rows)], lanes and rows in order of their first date; an
    appeal right below the case it came from."""
    by_case = {row.case.pk: row for row in rows}

    def root_and_depth(row):
        depth, seen = 0, {row.case.pk}
        while row.case.appeal_of_id in by_case and row.case.appeal_of_id not in seen:
            row = by_case[row.case.appeal_of_id]
            seen.add(row.case.pk)
            depth += 1
        return row, depth

    lanes = {}
    chain_start = {}
    placed = []
    for row in rows:
        if row.dated:
            root, depth = root_and_depth(row)
            placed.append((root, depth, row))
            start = chain_start.get(root.case.pk)
            chain_start[root.case.pk] = (
                row.first if start is None else min(start, row.first)
            )
    for root, depth, row in placed:
        # chains together, in order of their first date; a chain from the root
        # down; then by the row's own first date
        key = (chain_start[root.case.pk], root.case.pk, depth, row.first, row.case.pk)
        lanes.setdefault(row.case.country, []).append((key, row))
    ordered = sorted(
        lanes.values(),
        key=lambda lane: (min(key for key, _ in lane), lane[0][1].case.country),
    )
    return [
        (
            lane[0][1].case.get_country_display(),
            [row for _key, row in sorted(lane, key=lambda item: item[0])],
        )
        for lane in ordered
    ]


class Scale:
    """Dates to x: whole years, from the first one a date falls in to the one
    after the last (today's, when something is still pending)."""

    def __init__(self, first, last):
        self.start = datetime.date(first.year, 1, 1)
        self.stop = datetime.date(last.year + 1, 1, 1)
        self.days = (self.stop - self.start).days

    def __call__(self, date):
        return LEFT + (date - self.start).days / self.days * (RIGHT - LEFT)

    def years(self):
        span = self.stop.year - self.start.year
        step = 1 if span <= 16 else 2 if span <= 32 else 5
        return range(self.start.year, self.stop.year + 1, step)


def outcome_shape(group, ruling, x, y):
    """The mark of a ruling: ◆ against a party, ◇ for one or set aside, ▲ an
    appeal decided, ● anything else."""
    outcome = ruling.outcome
    if outcome in AGAINST or outcome in FOR:
        element(
            group,
            "polygon",
            points=points((x, y - 7), (x + 7, y), (x, y + 7), (x - 7, y)),
            fill=ALERT if outcome in AGAINST else PAPER,
            stroke=ALERT if outcome in AGAINST else INK,
            stroke_width=1.6,
        )
    elif outcome in APPEAL:
        element(
            group,
            "polygon",
            points=points((x, y - 7), (x + 7, y + 5), (x - 7, y + 5)),
            fill=INK,
            stroke=PAPER,
            stroke_width=1,
        )
    else:
        element(group, "circle", cx=f"{x:.1f}", cy=y, r=5, fill=INK, stroke=PAPER)


def sanction_mark(group, sanction, x, y, unenforced_fill):
    """A square whose fill says where the sanction stands: solid imposed,
    hatched unenforced or suspended, dashed only recommended, struck through
    vacated or overturned."""
    status = sanction.status
    square = {"x": f"{x - 4.5:.1f}", "y": y, "width": 9, "height": 9}
    if status in ("unenforced", "suspended"):
        element(
            group,
            "rect",
            **square,
            fill=unenforced_fill,
            stroke=ALERT,
            stroke_width=1.4,
        )
    elif status == "recommended":
        element(
            group, "rect", **square, fill=PAPER, stroke=ALERT, stroke_dasharray="2 1.5"
        )
    elif status in ("vacated", "overturned"):
        element(group, "rect", **square, fill=PAPER, stroke=MUTED, stroke_width=1.2)
        line(group, x - 6, y + 11, x + 6, y - 2, width=1.6)  # struck through
    else:
        element(group, "rect", **square, fill=ALERT, stroke=ALERT)


def sanction_words(sanction):
    kind = str(sanction.get_kind_display()).capitalize()
    if sanction.term_months is not None:
        kind = f"{kind}, {term(sanction.term_months)}"
    when = sanction.ruling.date_partial
    words = f"{kind} — {sanction_status(sanction, sanction.ruling.case.in_absentia)}"
    return f"{words} ({when})" if when else words


def ruling_words(ruling, date):
    decided = ruling.get_outcome_display() or ruling.get_kind_display()
    return f"{ruling.title}, {date}: {decided}"


def draw(party, request):
    """The timeline of ``party`` (prefetched with ``with_details()``), or None
    when it takes part in no published proceeding."""
    rows = rows_of(party)
    if not rows:
        return None
    dated = [row for row in rows if row.dated]
    undated = sorted(
        (row for row in rows if not row.dated),
        key=lambda row: (row.case.country, row.case.title, row.case.pk),
    )
    left_out = len(dated) + len(undated) - MAX_ROWS
    if left_out > 0:  # the most recent, then the undated while there is room
        dated.sort(key=lambda row: (row.last, row.case.pk), reverse=True)
        dated = dated[:MAX_ROWS]
        undated = undated[: MAX_ROWS - len(dated)]
    left_out = max(0, left_out)
    lanes = lanes_of(dated)
    today = timezone.localdate()
    drawn = [row for _name, lane in lanes for row in lane]
    countries = [name for name, _lane in lanes]
    title = _("%(name)s: proceedings by country") % {"name": party.name}
    if drawn:
        first = min(row.first for row in drawn)
        last = max(row.last for row in drawn)
        if any(
            row.case.status in PENDING and not row.case.closed_partial for row in drawn
        ):
            last = max(last, today)
        description = ngettext(
            "%(count)d proceeding in %(countries)s on one time axis, %(first)d to "
            "%(last)d.",
            "%(count)d proceedings in %(countries)s on one time axis, %(first)d to "
            "%(last)d.",
            len(drawn),
        ) % {
            "count": len(drawn),
            "countries": get_text_list(countries, _("and")),
            "first": first.year,
            "last": last.year,
        }
    else:
        description = _("No proceeding of this party has a known date.")
    if undated:
        description += " " + ngettext(
            "%(count)d more has no known date and is listed below the axis.",
            "%(count)d more have no known date and are listed below the axis.",
            len(undated),
        ) % {"count": len(undated)}
    if left_out:
        description += " " + ngettext(
            "%(count)d more proceeding is left out: the list has it.",
            "%(count)d more proceedings are left out: the list has them.",
            left_out,
        ) % {"count": left_out}
    description += " " + _(
        "The list of proceedings on the party's page says the same in words."
    )
    drawing = Drawing(
        prefix="timeline",
        title=title,
        description=description,
        width=WIDTH,
        page_url=party.get_absolute_url(),
    )
    y = drawing.top
    if drawn:
        y = _draw_lanes(drawing, lanes, Scale(first, last), today, y)
        y = _draw_legend(drawing, y + 8)
    if undated:
        y = _draw_undated(drawing, undated, y + 10)
    if left_out:
        y += 24
        label(
            drawing.body,
            16,
            y,
            ngettext(
                "and %(count)d more proceeding, in the list on the party's page",
                "and %(count)d more proceedings, in the list on the party's page",
                left_out,
            )
            % {"count": left_out},
            13,
            colour=MUTED,
            class_="left-out",
        )
    return drawing.finish(y, site_url(request))


def _draw_lanes(drawing, lanes, scale, today, y):
    body = element(drawing.body, "g", class_="lanes")
    unknown_fill = hatch(drawing.defs, drawing.id("hatch"))
    unenforced_fill = hatch(drawing.defs, drawing.id("hatch-alert"), ALERT)
    height = sum(LANE_HEAD + ROW * len(lane) for _name, lane in lanes)
    grid = element(body, "g", class_="axis")
    for year in scale.years():
        x = scale(datetime.date(year, 1, 1))
        line(grid, x, y + 8, x, y + 14 + height, GRID, 1)
        if year < scale.stop.year or year == scale.start.year:
            label(grid, x + 3, y + 12, year, 11, colour=MUTED)
    if scale.start <= today < scale.stop:  # the label goes under the axis
        x = scale(today)
        line(grid, x, y + 16, x, y + 14 + height, MUTED, 1, stroke_dasharray="4 3")
        label(grid, x - 3, y + 28 + height, _("today"), 11, colour=MUTED, anchor="end")
    y += 16
    centres = {}
    for name, lane in lanes:
        country = lane[0].case.country
        group = element(body, "g", class_="lane", data_country=country)
        element(group, "rect", x=0, y=y, width=WIDTH, height=LANE_HEAD - 4, fill=SOFT)
        label(group, 16, y + 18, name, 14, bold=True)
        y += LANE_HEAD
        for row in lane:
            centres[row.case.pk] = _draw_row(
                group, row, scale, today, y, unknown_fill, unenforced_fill
            )
            y += ROW
    _draw_appeals(body, lanes, centres)
    return y + 18  # room for "today" under the axis


def _draw_row(lane, row, scale, today, y, unknown_fill, unenforced_fill):
    """One proceeding: its title and bar (a link to the case), its rulings and
    the party's sanctions. Returns (x where the bar starts, y of its centre)."""
    case = row.case
    opened, closed = case.opened_partial, case.closed_partial
    group = element(lane, "g", class_="proceeding", data_case=case.slug)
    bar_y, bar_h = y + 24, 10
    centre = bar_y + bar_h / 2
    pending = case.status in PENDING and closed is None

    # Where the known part of the bar starts and ends, and what each end is.
    # The dates the ends are read from: the opening, else the first ruling; the
    # closing, else (unless pending) the last ruling.
    first_known = opened or (row.rulings[0][1] if row.rulings else closed)
    last_known = closed or (
        None
        if pending
        else max((d for _r, d in row.rulings), default=opened, key=lambda d: d.end)
    )
    start = first_known.date
    end = max(today, row.last) if last_known is None else last_known.end
    x_start, x_end = scale(start), max(scale(end), scale(start) + 2)
    words = [str(case.get_kind_display()).capitalize()]
    if row.roles:
        words.append(", ".join(dict.fromkeys(str(r) for r in row.roles)))
    words.append(
        _("opened %(date)s") % {"date": opened}
        if opened
        else _("opening date not known")
    )
    if closed:
        words.append(_("ended %(date)s") % {"date": closed})
    elif pending:
        words.append(_("pending"))
    else:
        words.append(
            _("%(status)s; end date not known") % {"status": case.get_status_display()}
        )

    anchor = element(group, "a", href=case.get_absolute_url())
    titled(anchor, f"{case.title}: {'; '.join(words)}")
    title_x = min(
        max(x_start, LEFT - 28), RIGHT + 24 - text_width(case.title, 13, True)
    )
    title_x = max(title_x, 16)
    label(
        anchor,
        title_x,
        y + 16,
        fit(case.title, 13, WIDTH - 16 - title_x, True),
        13,
        colour=ACCENT,
        bold=True,
    )
    bar = element(
        anchor,
        "g",
        class_="bar",
        data_start=start.isoformat(),
        data_end=end.isoformat(),
    )
    element(
        bar,
        "rect",
        x=f"{x_start:.1f}",
        y=bar_y,
        width=f"{x_end - x_start:.1f}",
        height=bar_h,
        fill=ACCENT,
        rx=2,
    )
    for date in dict.fromkeys(d for d in (first_known, last_known) if d):  # in order
        if date.precision != "day":
            x1, x2 = scale(date.date), scale(date.end + datetime.timedelta(days=1))
            element(
                bar,
                "rect",
                x=f"{x1:.1f}",
                y=bar_y - 2,
                width=f"{x2 - x1:.1f}",
                height=bar_h + 4,
                fill=unknown_fill,
                stroke=ACCENT,
                class_="imprecise",
            )
    if not opened:
        dots(bar, x_start - UNKNOWN_END, x_start, centre, "unknown-start")
    if pending:
        element(
            bar,
            "polygon",
            points=points(
                (x_end, bar_y - 3), (x_end + 9, centre), (x_end, bar_y + bar_h + 3)
            ),
            fill=ACCENT,
            class_="pending",
        )
    elif not closed:
        dots(bar, x_end, x_end + UNKNOWN_END, centre, "unknown-end")

    # Rulings: a mark at the date, bracketed across the period when it is
    # known only to the month or year; outcome words under them where they fit.
    room = LEFT - 30
    sanctions = {}
    for sanction in row.sanctions:
        sanctions.setdefault(sanction.ruling_id, []).append(sanction)
    for ruling, date in row.rulings:
        x1, x2 = scale(date.date), scale(date.end + datetime.timedelta(days=1))
        x = x1 if date.precision == "day" else (x1 + x2) / 2
        mark = link(
            group,
            ruling.get_absolute_url(),
            ruling_words(ruling, date),
            class_="ruling",
        )
        mark.set("data-date", date.isoformat())
        if date.precision != "day":  # a bracket across the period
            line(mark, x1, centre - 6, x1, centre + 6)
            line(mark, x2, centre - 6, x2, centre + 6)
            line(mark, x1, centre, x2, centre)
        outcome_shape(mark, ruling, x, centre)
        words = str(ruling.get_outcome_display() or ruling.get_kind_display())
        width = text_width(words, 11)
        left = min(max(x - width / 2, 16), WIDTH - 16 - width)
        imposed = sanctions.pop(ruling.pk, [])
        for index, sanction in enumerate(imposed):
            sx = x + (index - (len(imposed) - 1) / 2) * 12
            square = link(
                group,
                sanction.get_absolute_url(),
                sanction_words(sanction),
                class_="sanction",
            )
            square.set("data-status", sanction.status)
            sanction_mark(square, sanction, sx, bar_y + bar_h + 4, unenforced_fill)
        if left > room:
            label(group, left, y + 58, words, 11, colour=INK, class_="outcome")
            room = left + width + 6
    return x_start - (0 if opened else UNKNOWN_END), centre


def _draw_appeals(body, lanes, centres):
    """A connector from each case to its appeal when both are drawn."""
    group = element(body, "g", class_="appeals")
    for _name, lane in lanes:
        for row in lane:
            lower = centres.get(row.case.appeal_of_id)
            if lower is None:
                continue
            x, y_to = centres[row.case.pk]
            y_from = lower[1]
            x = max(x, lower[0]) - 6
            connector = element(
                group,
                "g",
                class_="appeal",
                data_from=row.case.appeal_of_id,
                data_to=row.case.pk,
            )
            titled(connector, _("Appealed to: %(title)s") % {"title": row.case.title})
            step = 1 if y_to > y_from else -1
            line(
                connector,
                x,
                y_from + 6 * step,
                x,
                y_to - 9 * step,
                stroke_dasharray="4 2",
            )
            tip = y_to - 6 * step
            element(
                connector,
                "polygon",
                points=points(
                    (x - 4, tip - 5 * step), (x + 4, tip - 5 * step), (x, tip)
                ),
                fill=INK,
            )


def _draw_legend(drawing, y):
    group = element(drawing.body, "g", class_="legend")
    label(group, 16, y + 14, _("How to read it"), 12, bold=True)
    unknown_fill = f"url(#{drawing.id('hatch')})"
    alert_fill = f"url(#{drawing.id('hatch-alert')})"
    entries = [
        (
            lambda g, x, y: element(
                g, "rect", x=x, y=y - 5, width=16, height=10, fill=ACCENT
            ),
            _("proceeding, opening to end"),
        ),
        (
            lambda g, x, y: element(
                g,
                "rect",
                x=x,
                y=y - 6,
                width=16,
                height=12,
                fill=unknown_fill,
                stroke=ACCENT,
            ),
            _("date known only to the month or year"),
        ),
        (
            lambda g, x, y: dots(g, x, x + 16, y, "sample"),
            _("date not known"),
        ),
        (
            lambda g, x, y: element(
                g,
                "polygon",
                points=points((x, y - 6), (x + 10, y), (x, y + 6)),
                fill=ACCENT,
            ),
            _("pending"),
        ),
        (
            lambda g, x, y: _sample_ruling(g, x + 8, y, "convicted"),
            _("convicted, claim upheld or sanctions imposed"),
        ),
        (
            lambda g, x, y: _sample_ruling(g, x + 8, y, "acquitted"),
            _("acquitted, claim dismissed, ended or set aside"),
        ),
        (lambda g, x, y: _sample_ruling(g, x + 8, y, "affirmed"), _("appeal decided")),
        (lambda g, x, y: _sample_ruling(g, x + 8, y, "other"), _("other decision")),
        (
            lambda g, x, y: _sample_sanction(g, x + 8, y, "imposed", alert_fill),
            _("sanction imposed"),
        ),
        (
            lambda g, x, y: _sample_sanction(g, x + 8, y, "unenforced", alert_fill),
            _("unenforced or suspended"),
        ),
        (
            lambda g, x, y: _sample_sanction(g, x + 8, y, "recommended", alert_fill),
            _("recommended only"),
        ),
        (
            lambda g, x, y: _sample_sanction(g, x + 8, y, "vacated", alert_fill),
            _("vacated or overturned"),
        ),
        (lambda g, x, y: _sample_appeal(g, x + 8, y), _("appeal to a higher court")),
    ]
    x, y = 16, y + 36
    for draw_sample, text in entries:
        width = 22 + text_width(text, 12) + 18
        if x + width > WIDTH - 16:
            x, y = 16, y + 22
        x = legend_item(group, x, y, draw_sample, text)
    return y + 12


def _sample_ruling(group, x, y, outcome):
    outcome_shape(group, SimpleNamespace(outcome=outcome), x, y)


def _sample_sanction(group, x, y, status, fill):
    sanction_mark(group, SimpleNamespace(status=status), x, y - 4.5, fill)


def _sample_appeal(group, x, y):
    line(group, x, y - 8, x, y + 2, stroke_dasharray="4 2")
    element(
        group,
        "polygon",
        points=points((x - 4, y + 1), (x + 4, y + 1), (x, y + 7)),
        fill=INK,
    )


def _draw_undated(drawing, rows, y):
    group = element(drawing.body, "g", class_="undated")
    label(group, 16, y + 14, _("Not on the time axis: no date known"), 13, bold=True)
    y += 20
    for row in rows:
        y += 20
        anchor = element(
            group, "a", href=row.case.get_absolute_url(), data_case=row.case.slug
        )
        case = row.case
        text = f"{case.title} ({case.get_country_display()}, {case.get_kind_display()})"
        label(anchor, 28, y, fit(text, 13, WIDTH - 44), 13, colour=ACCENT)
        element(anchor, "circle", cx=20, cy=y - 4, r=2.5, fill=INK)
    return y + 6


def dots(parent, x1, x2, y, class_):
    """An end no source dates: a few dots, a length and not a period."""
    line(parent, x1, y, x2, y, ACCENT, 3, stroke_dasharray="2 3", class_=class_)
