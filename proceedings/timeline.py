"""One timeline out of records with partial dates: earliest first, undated last."""

from dataclasses import dataclass
from typing import Any

from .fields import PartialDate


@dataclass(frozen=True)
class Moment:
    date: PartialDate | None
    kind: str  # "event", "ruling" or "case"
    record: Any
    detail: Any = None

    def sort_key(self):
        return (self.date is None, self.date.sort_key() if self.date else (), self.kind)


def case_timeline(case):
    """Events and rulings of a case (prefetched by with_details())."""
    moments = [Moment(e.date_partial, "event", e) for e in case.events.all()]
    moments += [Moment(r.date_partial, "ruling", r) for r in case.rulings.all()]
    return sorted(moments, key=Moment.sort_key)


def party_timeline(party):
    """Every proceeding the party takes part in, by when it opened or, when that
    is not known, by its first dated ruling (participations and their cases'
    rulings prefetched by with_details())."""
    moments = []
    for participation in party.participations.all():
        case = participation.case
        date, kind = case.opened_partial, "case"
        if date is None:
            dated = [r.date_partial for r in case.rulings.all() if r.date_partial]
            if dated:
                date, kind = min(dated), "first ruling"
        moments.append(Moment(date, kind, case, detail=participation))
    return sorted(moments, key=Moment.sort_key)
