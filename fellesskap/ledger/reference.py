"""A slow, obviously correct reference ledger, to check the fast sweep against.

It samples time: every ``step`` seconds (default one minute) of every local
day it asks, for each record, "does this record cover this instant?" and
counts. No unions, no intersections, no splitting at midnight: overlapping
records are counted once because an instant is either covered or not. With
instants on whole multiples of ``step`` (every example input is on whole
minutes) the counts are exact; use ``step=1`` for seconds-level input.

Episodes are found as connected components by repeated pairwise merging
instead of one sweep. Nothing here is fast and nothing here should be.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from fellesskap.ledger.types import Episode, PersonDay
from fellesskap.scenario.model import Person, Scenario

REGIME_ORDER = ["security_bed", "security_cell", "full_exclusion", "partial_exclusion"]
MEANINGFUL = {"association", "staff_conversation", "visit", "health", "chaplain", "volunteer", "education",
              "work", "programme", "isolation_reducing", "video_visit"}


def _secs(dt: datetime) -> int:
    return int(dt.timestamp())


def _covers(rec, t: int, at: int) -> bool:
    """The record is in force at instant ``t`` (nothing at or after ``at`` counts)."""
    if t >= at:
        return False
    start = _secs(rec.start)
    end = _secs(rec.end) if rec.end is not None else None
    return start <= t and (end is None or t < end)


def _regime(rec) -> tuple[str, str] | None:
    if hasattr(rec, "scope"):
        return (rec.scope + "_exclusion", rec.ground)
    if rec.kind in ("security_cell", "security_bed"):
        return (rec.kind, "")
    return None


def reference_days(person: Person, scenario: Scenario, step: int = 60,
                   isolated_minutes: int = 1320) -> list[PersonDay]:
    tz = ZoneInfo(scenario.timezone)
    at = _secs(scenario.evaluated_at)
    decisions = [(r, _regime(r)) for r in (*person.exclusions, *person.coercive_means) if _regime(r)]
    rows = []
    streak = 0
    d = scenario.period_start
    while d < scenario.period_end:
        lo = _secs(datetime.combine(d, time(0), tzinfo=tz))
        hi = _secs(datetime.combine(d + timedelta(days=1), time(0), tzinfo=tz))
        count = dict.fromkeys(("custody", "contact", "association", "outdoor", "out_of_cell"), 0)
        regime_count: dict[str, int] = {}
        group_count: dict[tuple[str, str], int] = {}
        group_first: dict[tuple[str, str], int] = {}
        for t in range(lo, hi, step):
            if not any(_covers(s, t, at) for s in person.stays):
                continue
            count["custody"] += 1
            contacts = [c for c in person.contacts if _covers(c, t, at)]
            if any(c.kind in MEANINGFUL for c in contacts):
                count["contact"] += 1
            assoc = any(c.kind == "association" for c in contacts)
            count["association"] += assoc
            outdoor = any(_covers(o, t, at) for o in person.outdoor)
            count["outdoor"] += outdoor
            unlock = any(_covers(u, t, at) for u in person.unlock)
            count["out_of_cell"] += assoc or outdoor or unlock
            seen_regimes = set()
            seen_groups = set()
            for rec, (regime, ground) in decisions:
                if _covers(rec, t, at):
                    seen_regimes.add(regime)
                    seen_groups.add((regime, ground))
                    first = group_first.get((regime, ground))
                    if first is None or _secs(rec.start) < first:
                        group_first[(regime, ground)] = _secs(rec.start)
            for r in seen_regimes:
                regime_count[r] = regime_count.get(r, 0) + 1
            for g in seen_groups:
                group_count[g] = group_count.get(g, 0) + 1
        minutes = {k: v * step // 60 for k, v in count.items()}
        no_contact = minutes["custody"] - minutes["contact"]
        isolated = minutes["custody"] >= isolated_minutes and no_contact >= isolated_minutes
        streak = streak + 1 if isolated else 0
        if count["custody"]:
            cause = None
            if isolated:
                cause = "unregistered"
                candidates = []
                for (regime, ground), n in group_count.items():
                    m = n * step // 60
                    if m > 0:
                        candidates.append(((-m, REGIME_ORDER.index(regime), group_first[(regime, ground)], ground),
                                           f"{regime}:{ground}" if ground else regime))
                if candidates:
                    cause = min(candidates)[1]
            states = {r: n * step // 60 for r, n in regime_count.items() if n * step // 60 > 0}
            rows.append(PersonDay(
                person=person.id, date=d, custody_minutes=minutes["custody"],
                contact_minutes=minutes["contact"], association_minutes=minutes["association"],
                outdoor_minutes=minutes["outdoor"], out_of_cell_minutes=minutes["out_of_cell"],
                no_contact_minutes=no_contact, isolated=isolated, cause=cause, isolated_streak=streak,
                states=states,
            ))
        d += timedelta(days=1)
    return rows


def _components(records, at: int, gap: int) -> list[list]:
    """Records whose [start, end + gap] touch, joined until nothing more joins."""
    spans = []
    for r in records:
        s = _secs(r.start)
        if s >= at:
            continue
        e = at if r.end is None else min(_secs(r.end), at)
        if e > s:
            spans.append((s, e, r))
    comps = [[x] for x in spans]
    changed = True
    while changed:
        changed = False
        for i in range(len(comps)):
            for j in range(i + 1, len(comps)):
                if any(a[0] <= b[1] + gap and b[0] <= a[1] + gap for a in comps[i] for b in comps[j]):
                    comps[i] += comps.pop(j)
                    changed = True
                    break
            if changed:
                break
    return comps


def _hours(seconds: int) -> float:
    return float((Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def reference_episodes(person: Person, evaluated_at: datetime, merge_gap: timedelta = timedelta(hours=24),
                       step: int = 60) -> list[Episode]:
    at = _secs(evaluated_at)
    gap = int(merge_gap.total_seconds())
    found = []
    for scope in ("full", "partial"):
        for comp in _components([x for x in person.exclusions if x.scope == scope], at, gap):
            found.append((f"{scope}_exclusion", comp))
    cell_bed = [c for c in person.coercive_means if c.kind in ("security_cell", "security_bed")]
    for comp in _components(cell_bed, at, 0):
        if any(x[2].kind == "security_cell" for x in comp):
            found.append(("security_cell", comp))
    for comp in _components([c for c in cell_bed if c.kind == "security_bed"], at, 0):
        found.append(("security_bed", comp))
    out = []
    for kind, comp in found:
        start = min(x[0] for x in comp)
        end = max(x[1] for x in comp)
        ongoing = any(x[2].end is None or _secs(x[2].end) > at for x in comp)
        over = None
        if kind == "full_exclusion":
            custody = contact = 0
            for t in range(start, end, step):
                if any(_covers(s, t, at) for s in person.stays):
                    custody += 1
                    contact += any(c.kind in MEANINGFUL and _covers(c, t, at) for c in person.contacts)
            c_min, k_min = custody * step // 60, contact * step // 60
            over = None if c_min == 0 else Fraction(c_min - k_min, c_min) >= Fraction(11, 12)
        ordered = sorted(comp, key=lambda x: (x[0], x[1], x[2].id))
        out.append(Episode(
            person=person.id, kind=kind, decisions=tuple(x[2].id for x in ordered),
            start=datetime.fromtimestamp(start, UTC), end=None if ongoing else datetime.fromtimestamp(end, UTC),
            hours=_hours(end - start), long=kind == "full_exclusion" and end - start > 1008 * 3600,
            over_22h=over,
        ))
    out.sort(key=lambda e: (e.start, ["full_exclusion", "partial_exclusion", "security_cell",
                                      "security_bed"].index(e.kind), e.decisions))
    return out
