"""The day measurement (dagsmåling): one date, every person in custody at its census instant.

KDI counts three times a year, by hand today, how much time each person
spent out of cell and in meaningful contact on one day (measures.md "Day
measurement"). Here the count comes from the ledger rows of that date, and
each person is also marked with what the directorate needs around it:

* the band of out-of-cell time (``lt2h``, ``2to4h``, ``4to8h``, ``ge8h``);
* whether the day was isolated (22 h or more without meaningful contact) —
  "fully isolated" in the result;
* minutes of isolation-reducing measures (sessions of kind
  ``isolation_reducing``), so the result can say how many got any and their
  mean;
* the ground that takes the person out of the *adjusted* share under 2 h:
  an exclusion of a ground the directorate removes (court-ordered remand
  restrictions, quarantine, own wish, and the grounds of strgjfl. § 37 first
  paragraph) covering part of the day — isolation the prison decided on, as
  opposed to isolation that follows from building or staffing;
* whether any time at all was registered for the person that day
  (contact, outdoor or unlock), which is what a prison checks before it
  confirms its registrations.

Pure: no Django. The Django side builds the scenario with the records bridge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from fellesskap import vocabulary as voc
from fellesskap.ledger.types import PersonDay
from fellesskap.scenario.model import Person, Scenario
from fellesskap.stats.placement import Placer, census_instant, local_midnight
from fellesskap.stats.tables import OUT_OF_CELL_BANDS, band
from fellesskap.stats.tally import round_half_away

REDUCING_KIND = "isolation_reducing"
UNDER_2H = "lt2h"


def _removed_grounds() -> frozenset[str]:
    """Grounds taken out of the adjusted share (measures.md), read from the vocabulary's sources.

    § 37 first paragraph is every ground whose source cites it, so a new
    ground added there is removed too without a change here.
    """
    first_paragraph = {t.code for t in voc.GROUNDS if "§ 37 første ledd" in (t.source or "")}
    return frozenset(first_paragraph | {"remand_restriction", "quarantine", "own_wish"})


REMOVED_GROUNDS = _removed_grounds()


@dataclass(frozen=True, slots=True)
class MeasuredPerson:
    """One person's line of a day measurement (no name: the person's opaque id only)."""

    person: str
    prison: str
    region: str | None
    security_level: str | None
    status: str
    sex: str | None
    age_group: str | None
    contact_minutes: int
    out_of_cell_minutes: int
    band: str
    isolated: bool
    cause: str | None
    reducing_minutes: int
    removed_ground: str | None
    registered: bool


def _clip(start: datetime, end: datetime | None, lo: datetime, hi: datetime,
          evaluated_at: datetime) -> tuple[datetime, datetime] | None:
    end = evaluated_at if end is None else min(end, evaluated_at)
    s, e = max(start, lo), min(end, hi)
    return (s, e) if s < e else None


def _union_minutes(intervals: Iterable[tuple[datetime, datetime]]) -> int:
    total, cur_s, cur_e = timedelta(0), None, None
    for s, e in sorted(intervals):
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None:
        total += cur_e - cur_s
    return int(total.total_seconds() // 60)


def _custody(person: Person, lo: datetime, hi: datetime, evaluated_at: datetime) -> list[tuple[datetime, datetime]]:
    return [c for s in person.stays if (c := _clip(s.start, s.end, lo, hi, evaluated_at))]


def _inside(interval: tuple[datetime, datetime], custody: list[tuple[datetime, datetime]]):
    for cs, ce in custody:
        s, e = max(interval[0], cs), min(interval[1], ce)
        if s < e:
            yield s, e


def reducing_minutes(person: Person, lo: datetime, hi: datetime, evaluated_at: datetime) -> int:
    """Minutes of the union of isolation-reducing sessions inside custody in ``[lo, hi)``."""
    custody = _custody(person, lo, hi, evaluated_at)
    spans = [part for c in person.contacts if c.kind == REDUCING_KIND
             and (iv := _clip(c.start, c.end, lo, hi, evaluated_at)) for part in _inside(iv, custody)]
    return _union_minutes(spans)


def removed_ground(person: Person, lo: datetime, hi: datetime, evaluated_at: datetime) -> str | None:
    """The ground that takes the person out of the adjusted share, or None.

    An exclusion (full or partial) of a removed ground covering any minute of
    the day counts; with several, the one covering most of the day, then the
    ground's name, so the choice does not depend on the order of the records.
    """
    covered: dict[str, int] = {}
    for x in person.exclusions:
        if x.ground in REMOVED_GROUNDS and (iv := _clip(x.start, x.end, lo, hi, evaluated_at)):
            covered[x.ground] = covered.get(x.ground, 0) + int((iv[1] - iv[0]).total_seconds() // 60)
    if not covered:
        return None
    return sorted(covered.items(), key=lambda item: (-item[1], item[0]))[0][0]


def has_registration(person: Person, lo: datetime, hi: datetime, evaluated_at: datetime) -> bool:
    """Whether any time (contact, association, outdoor, unlock) was registered touching the day."""
    sessions = [*person.contacts, *person.outdoor, *person.unlock]
    return any(_clip(s.start, s.end, lo, hi, evaluated_at) for s in sessions)


def measure(scenario: Scenario, days: Iterable[PersonDay], on: date) -> list[MeasuredPerson]:
    """Every person in custody at the census instant of ``on`` with a ledger row for ``on``, by person id."""
    at = census_instant(on, scenario)
    lo = local_midnight(on, scenario.timezone)
    hi = local_midnight(on + timedelta(days=1), scenario.timezone)
    ev = scenario.evaluated_at
    placer = Placer(scenario)
    rows = {r.person: r for r in days if r.date == on}
    result = []
    for person in scenario.persons:
        row = rows.get(person.id)
        place = placer.at(person, at) if row is not None else None
        if place is None:
            continue
        result.append(MeasuredPerson(
            person=person.id, prison=place.prison, region=place.region, security_level=place.security_level,
            status=place.status, sex=place.sex, age_group=place.age_group,
            contact_minutes=row.contact_minutes, out_of_cell_minutes=row.out_of_cell_minutes,
            band=band(row.out_of_cell_minutes, OUT_OF_CELL_BANDS), isolated=row.isolated, cause=row.cause,
            reducing_minutes=reducing_minutes(person, lo, hi, ev),
            removed_ground=removed_ground(person, lo, hi, ev),
            registered=has_registration(person, lo, hi, ev)))
    return sorted(result, key=lambda m: m.person)


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round_half_away(Decimal(part) / Decimal(whole), 3)


@dataclass(frozen=True)
class Summary:
    """The day measurement for one group (the nation, a security level, a prison).

    ``raw_share_under_2h`` is of all persons; ``adjusted_share_under_2h`` of the
    persons left after removing those with a removed ground (None when no one
    is left). ``reducing_mean_minutes`` is the mean over the persons who got any
    isolation-reducing measure (None when none did).
    """

    key: str
    persons: int
    bands: dict[str, int] = field(default_factory=dict)
    under_2h: int = 0
    raw_share_under_2h: float | None = None
    adjusted_persons: int = 0
    adjusted_under_2h: int = 0
    adjusted_share_under_2h: float | None = None
    fully_isolated: int = 0
    reducing_persons: int = 0
    reducing_mean_minutes: float | None = None
    unregistered: int = 0

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def summarise_group(key: str, people: Sequence[MeasuredPerson]) -> Summary:
    bands = {code: 0 for code, _ in reversed(OUT_OF_CELL_BANDS)}  # lowest band first
    for m in people:
        bands[m.band] += 1
    under = bands[UNDER_2H]
    kept = [m for m in people if m.removed_ground is None]
    kept_under = sum(1 for m in kept if m.band == UNDER_2H)
    reducing = [m.reducing_minutes for m in people if m.reducing_minutes > 0]
    return Summary(
        key=key, persons=len(people), bands=bands, under_2h=under, raw_share_under_2h=_share(under, len(people)),
        adjusted_persons=len(kept), adjusted_under_2h=kept_under,
        adjusted_share_under_2h=_share(kept_under, len(kept)),
        fully_isolated=sum(1 for m in people if m.isolated),
        reducing_persons=len(reducing),
        reducing_mean_minutes=(round_half_away(Decimal(sum(reducing)) / Decimal(len(reducing)), 1)
                               if reducing else None),
        unregistered=sum(1 for m in people if not m.registered))


def summarise(people: Sequence[MeasuredPerson], by: str | Callable[[MeasuredPerson], str] = "nation"
              ) -> list[Summary]:
    """One summary per value of ``by`` (a field of MeasuredPerson, or ``"nation"`` for one total)."""
    if by == "nation":
        return [summarise_group("NO", people)]
    keyf = by if callable(by) else (lambda m: getattr(m, by) or "")
    groups: dict[str, list[MeasuredPerson]] = {}
    for m in people:
        groups.setdefault(keyf(m), []).append(m)
    return [summarise_group(k, groups[k]) for k in sorted(groups)]


def result(people: Sequence[MeasuredPerson]) -> dict[str, Any]:
    """The national result as stored when a measurement is concluded: nation, security levels, prisons."""
    return {
        "nation": summarise(people)[0].to_json(),
        "security_level": [s.to_json() for s in summarise(people, "security_level")],
        "prison": [s.to_json() for s in summarise(people, "prison")],
    }
