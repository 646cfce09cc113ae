"""Stage 2 of the demo: isolation records for the persons of the registry.

Exclusions (utelukkelser), coercive means (tvangsmidler), reviews, week plans,
supervision checks and incidents are made for the whole year at once (a few
thousand records), calibrated to the reference figures of statistics.md and
Meld. St. 31 Table 7.1 (see docs/demo-data.md). The daily sessions (unlock,
outdoor, association and other contact: some 6 a person a day, millions a year)
are made only for the requested dates, each day from its own random stream, so
that a month asked for alone is exactly that month of the whole year.

Pure and deterministic like :mod:`fellesskap.demo.generate`.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from fellesskap.demo.generate import Registry, local_instant
from fellesskap.demo.prisons import PRISONS_BY_CODE
from fellesskap.scenario.model import (
    CoerciveMeans,
    Contact,
    Exclusion,
    Incident,
    Review,
    Session,
    Supervision,
    WeekPlan,
)

HOUR = 3600.0

# Full exclusions started a month nationally (KDI, seed 000): about 560.
FULL_EXCLUSIONS_PER_MONTH = 560
PARTIAL_PER_FULL = 0.3

# Ground mix: (ground, share of cases, duration median h, sigma). Chosen so that
# order and security is ~37 % of cases, building/staffing > 20 % of cases but
# ~2 % of hours, own wish ~8 % of cases but > 30 % of hours, the median ~14 h and
# the mean ~74 h (statistics.md "Shares by ground"; docs/demo-data.md has the check).
GROUND_MIX: tuple[tuple[str, float, float, float], ...] = (
    ("order_and_security", 0.37, 22.0, 1.6),
    ("building_or_staffing", 0.22, 4.0, 0.6),
    ("danger_to_self_or_others", 0.10, 20.0, 1.6),
    ("own_wish", 0.08, 112.0, 1.6),
    ("remand_restriction", 0.04, 100.0, 1.3),
    ("quarantine", 0.04, 30.0, 0.8),
    ("negative_influence", 0.05, 30.0, 1.3),
    ("criminal_acts", 0.04, 30.0, 1.3),
    ("material_damage", 0.03, 12.0, 1.0),
    ("preliminary", 0.02, 6.0, 0.7),
    ("other", 0.01, 12.0, 1.0),
)
RENEWAL_DAYS = 14  # long exclusions are renewed decisions; a renewal does not restart the clock

# Coercive means a year (Meld. St. 31 Table 7.1: security cell 218-394, security bed 9-43).
SECURITY_CELLS_PER_YEAR = 350
SECURITY_BEDS_PER_YEAR = 25
OTHER_MEANS_PER_YEAR = 200
# Incidents a year (Table 7.1, 2024): suicides 4, attempts 69, self-harm 233; violence is not in the table.
INCIDENTS_PER_YEAR = {"self_harm": 233, "suicide_attempt": 69, "suicide": 4, "violence": 250}
FREQUENT_SELF_HARM_WOMEN = 11  # seed 001: 11 women stood for about 70 % of the self-harm among women

LEVEL_WEIGHT = {"high": 1.0, "lower": 0.12, "halfway_house": 0.02}


@dataclass
class IsolationRecords:
    """One person's stage-2 records, in the fields of scenario ``Person``."""

    exclusions: list[Exclusion] = field(default_factory=list)
    coercive_means: list[CoerciveMeans] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    outdoor: list[Session] = field(default_factory=list)
    unlock: list[Session] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    supervisions: list[Supervision] = field(default_factory=list)
    week_plans: list[WeekPlan] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)


def _ts(value: datetime) -> float:
    return value.timestamp()


def _dt(ts: float) -> datetime:
    return datetime.fromtimestamp(round(ts / 60) * 60, UTC)


class _Custody:
    """Continuous custody spans per person (transfers and status changes joined),
    with a fast "who is held at this instant" for picking persons."""

    def __init__(self, registry: Registry):
        self.year_start = _ts(local_instant(registry.period_start, time(0)))
        self.year_end = _ts(local_instant(registry.period_end, time(0)))
        self.spans: list[list[tuple[float, float, str]]] = []  # per person: (start, end, prison of start)
        for person in registry.persons:
            spans: list[tuple[float, float, str]] = []
            for stay in person.stays:
                a = _ts(stay.start)
                b = self.year_end if stay.end is None else _ts(stay.end)
                if spans and spans[-1][1] == a:
                    spans[-1] = (spans[-1][0], b, spans[-1][2])
                else:
                    spans.append((a, b, stay.prison))
            self.spans.append(spans)
        # Persons in custody at noon of each day of the year, with the prison they are in then.
        days = math.ceil((self.year_end - self.year_start) / 86400)
        self.by_day: list[list[int]] = [[] for _ in range(days)]
        self.prison_by_day: list[list[str]] = [[] for _ in range(days)]
        for i, person in enumerate(registry.persons):
            for stay in person.stays:
                a = _ts(stay.start)
                b = self.year_end if stay.end is None else _ts(stay.end)
                first = max(0, math.ceil((a - self.year_start - 43200) / 86400))
                last = min(days - 1, math.floor((b - self.year_start - 43200 - 1) / 86400))
                for d in range(first, last + 1):
                    self.by_day[d].append(i)
                    self.prison_by_day[d].append(stay.prison)

    def span_at(self, person: int, ts: float) -> tuple[float, float] | None:
        for a, b, _ in self.spans[person]:
            if a <= ts < b:
                return a, b
        return None


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0.0, sigma))


def _daytime(rng: random.Random, custody: _Custody) -> float:
    """An instant in the year, mostly in the day and evening when decisions are made."""
    day = rng.randrange(len(custody.by_day))
    hour = rng.choice((7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 2))
    return custody.year_start + day * 86400 + (hour + rng.random()) * HOUR


class _Picker:
    """Chooses who an event happens to: high security and a person's propensity
    (a few persons account for much of the isolation, as the seeds describe)."""

    def __init__(self, registry: Registry, custody: _Custody, rng: random.Random):
        self.custody = custody
        self.registry = registry
        self.propensity = [math.exp(rng.gauss(0.0, 1.2)) * (2.5 if "mental_illness" in p.flags else 1.0)
                           for p in registry.persons]

        self._cum: dict[int, list[float]] = {}

    def _weights(self, day: int) -> list[float]:
        return [self.propensity[i] * LEVEL_WEIGHT[PRISONS_BY_CODE[code].security_level]
                for i, code in zip(self.custody.by_day[day], self.custody.prison_by_day[day], strict=True)]

    def pick(self, rng: random.Random, ts: float, extra: dict[int, float] | None = None) -> int | None:
        """A person held at ``ts`` (None when the draw falls on someone not held then)."""
        day = int((ts - self.custody.year_start) // 86400)
        if not 0 <= day < len(self.custody.by_day) or not self.custody.by_day[day]:
            return None
        held = self.custody.by_day[day]
        if extra:
            weights = [w * extra.get(i, 1.0) for i, w in zip(held, self._weights(day), strict=True)]
            i = rng.choices(held, weights=weights)[0]
        else:
            if day not in self._cum:
                self._cum[day] = list(itertools.accumulate(self._weights(day)))
            i = rng.choices(held, cum_weights=self._cum[day])[0]
        return i if self.custody.span_at(i, ts) is not None else None


def _overlaps(intervals: list[tuple[float, float]], a: float, b: float) -> bool:
    return any(x < b and a < y for x, y in intervals)


def add_isolation_records(registry: Registry, *, start: date | None = None, end: date | None = None,
                          sessions: bool = True) -> dict[str, IsolationRecords]:
    """Stage 2: records per person id, for the window ``[start, end)`` (local dates,
    default the whole year). Events are the same whatever the window; sessions are
    made only for the window's days (``sessions=False`` skips them)."""
    start = start or registry.period_start
    end = end or registry.period_end
    if end <= start:
        raise ValueError("the end date must be after the start date (it is exclusive)")
    rng = random.Random(f"fellesskap-demo-isolation:{registry.seed}:{registry.year}:{registry.scale}")
    custody = _Custody(registry)
    picker = _Picker(registry, custody, rng)
    out: dict[str, IsolationRecords] = {p.id: IsolationRecords() for p in registry.persons}
    busy_full: dict[int, list[tuple[float, float]]] = {}
    busy_partial: dict[int, list[tuple[float, float]]] = {}
    busy_cell: dict[int, list[tuple[float, float]]] = {}
    scale = registry.scale
    year_fraction = (custody.year_end - custody.year_start) / (365 * 86400)

    def person_of(i: int) -> IsolationRecords:
        return out[registry.persons[i].id]

    # --- exclusions ------------------------------------------------------------------------------
    grounds = [g for g, _, _, _ in GROUND_MIX]
    shares = [s for _, s, _, _ in GROUND_MIX]
    params = {g: (m, s) for g, _, m, s in GROUND_MIX}
    n_full = round(FULL_EXCLUSIONS_PER_MONTH * 12 * scale * year_fraction)
    counter = 0
    for scope, count, busy in (("full", n_full, busy_full), ("partial", round(n_full * PARTIAL_PER_FULL),
                                                               busy_partial)):
        for _ in range(count):
            ground = rng.choices(grounds, weights=shares)[0]
            median, sigma = params[ground]
            hours = max(0.25, _lognormal(rng, median * (0.7 if scope == "partial" else 1.0), sigma))
            for _attempt in range(6):
                a = _daytime(rng, custody)
                i = picker.pick(rng, a)
                if i is None:
                    continue
                span = custody.span_at(i, a)
                if span is None:
                    continue
                if hours > 7 * 24 and _attempt < 5 and span[1] - a < 0.8 * hours * HOUR:
                    continue  # a long exclusion needs someone who stays long (else release cuts it short)
                b = min(a + hours * HOUR, span[1])
                if b - a < 900 or _overlaps(busy.setdefault(i, []), a, b + 86400):
                    continue
                busy[i].append((a, b))
                counter += 1
                _exclusion(rng, person_of(i), f"E{counter}", scope, ground, a, b, custody.year_end)
                break

    # --- coercive means --------------------------------------------------------------------------
    counter = 0
    for kind, per_year in (("security_cell", SECURITY_CELLS_PER_YEAR), ("security_bed", SECURITY_BEDS_PER_YEAR),
                           ("handcuffs", OTHER_MEANS_PER_YEAR)):
        for _ in range(round(per_year * scale * year_fraction)):
            for _attempt in range(6):
                a = _daytime(rng, custody)
                i = picker.pick(rng, a)
                if i is None:
                    continue
                if kind == "security_cell":
                    hours = _lognormal(rng, 6.0, 0.9)
                elif kind == "security_bed":
                    hours = _lognormal(rng, 4.0, 0.8)
                else:
                    hours = rng.uniform(0.1, 1.0)
                span = custody.span_at(i, a)
                b = min(a + hours * HOUR, span[1] if span else a)
                if b - a < 300 or _overlaps(busy_cell.setdefault(i, []), a, b):
                    continue
                busy_cell[i].append((a, b))
                counter += 1
                _coercive(rng, person_of(i), f"C{counter}", kind, a, b, custody.year_end)
                break

    # --- incidents -------------------------------------------------------------------------------
    _incidents(rng, registry, custody, picker, out, scale * year_fraction)

    # --- keep what touches the window, then the sessions of its days -----------------------------
    lo, hi = _ts(local_instant(start, time(0))), _ts(local_instant(end, time(0)))
    out = {pid: clipped(records, lo, hi) for pid, records in out.items()}
    if sessions:
        _sessions(registry, custody, out, start, end, busy_full, busy_partial, busy_cell)
    return out


def _exclusion(rng, rec: IsolationRecords, eid: str, scope: str, ground: str, a: float, b: float,
               year_end: float) -> None:
    """One exclusion as its decisions (renewed every 14 days), with reviews and a week plan."""
    pieces = max(1, math.ceil((b - a) / (RENEWAL_DAYS * 86400)))
    step = (b - a) / pieces
    for k in range(pieces):
        x, y = a + k * step, a + (k + 1) * step
        did = eid if pieces == 1 else f"{eid}-{k + 1}"
        rec.exclusions.append(Exclusion(id=did, scope=scope, ground=ground, start=_dt(x),
                                        end=None if y >= year_end else _dt(y)))
    days = (b - a) / 86400
    rec.reviews.append(Review(subject=eid if pieces == 1 else f"{eid}-1", level="prison",
                              at=_dt(a + rng.uniform(0.2, 3.0) * HOUR)))
    if (b - a) >= 24 * HOUR and rng.random() < 0.95:  # a week plan "straks"; now and then late or missing
        delay = rng.uniform(25.0, 40.0) if rng.random() < 0.1 else rng.uniform(1.0, 20.0)
        rec.week_plans.append(WeekPlan(subject=rec.exclusions[-pieces].id, at=_dt(a + delay * HOUR)))
    if scope == "full" and (b - a) >= 24 * HOUR and rng.random() < 0.85:  # the health service sees the person
        t = a + rng.uniform(1.0, 22.0) * HOUR
        rec.contacts.append(Contact("health", _dt(t), _dt(t + rng.uniform(10, 30) * 60)))
    last = rec.exclusions[-1].id
    if scope == "full" and days >= 13:
        rec.reviews.append(Review(subject=last, level="region",
                                  at=_dt(a + (rng.uniform(11, 14) if rng.random() < 0.9 else 15) * 86400)))
    if scope == "partial" and days >= 29:
        rec.reviews.append(Review(subject=last, level="region", at=_dt(a + rng.uniform(25, 30) * 86400)))
    if scope == "full" and days >= 41:
        due = 42.0
        while due <= days + 1:
            late = rng.random() > 0.85
            at = a + (due + (rng.uniform(0.5, 3) if late else -rng.uniform(0.5, 6))) * 86400
            if at < b:
                rec.reviews.append(Review(subject=last, level="directorate", at=_dt(at)))
            due += 14


def _coercive(rng, rec: IsolationRecords, cid: str, kind: str, a: float, b: float, year_end: float) -> None:
    reasons = {"security_cell": (("danger_to_others", 0.45), ("danger_to_self", 0.3), ("damage", 0.2),
                                 ("other", 0.05)),
               "security_bed": (("danger_to_self", 0.8), ("danger_to_others", 0.2)),
               "handcuffs": (("danger_to_others", 0.5), ("escape", 0.3), ("other", 0.2))}[kind]
    reason = rng.choices([r for r, _ in reasons], weights=[w for _, w in reasons])[0]
    rec.coercive_means.append(CoerciveMeans(id=cid, kind=kind, start=_dt(a), end=None if b >= year_end else _dt(b),
                                            reason=reason))
    if kind in ("security_cell", "security_bed"):
        # Checks about every 30-50 minutes; now and then a longer gap (a finding for the 60-minute rule).
        t = a + rng.uniform(5, 20) * 60
        while t < b:
            rec.supervisions.append(Supervision(subject=cid, at=_dt(t)))
            t += (rng.uniform(70, 120) if rng.random() < 0.05 else rng.uniform(25, 50)) * 60
        if kind == "security_cell" and b - a >= 72 * HOUR:
            rec.reviews.append(Review(subject=cid, level="region", at=_dt(a + rng.uniform(48, 75) * HOUR)))
        if kind == "security_bed" and b - a >= 24 * HOUR:
            rec.reviews.append(Review(subject=cid, level="region", at=_dt(a + rng.uniform(12, 26) * HOUR)))


def _incidents(rng, registry: Registry, custody: _Custody, picker: _Picker, out: dict[str, IsolationRecords],
               factor: float) -> None:
    women = [i for i, p in enumerate(registry.persons) if p.sex == "female"]
    frequent = rng.sample(women, min(len(women), max(1, round(FREQUENT_SELF_HARM_WOMEN * factor))))
    women_weight = {i: 3.0 for i in women}  # self-harm is far more common among women (seed 001)
    for kind, per_year in INCIDENTS_PER_YEAR.items():
        for _ in range(round(per_year * factor)):
            for _attempt in range(6):
                a = _daytime(rng, custody)
                if kind == "self_harm" and frequent and rng.random() < 0.35:
                    i = rng.choice(frequent)  # about 70 % of women's self-harm by a few women
                    if custody.span_at(i, a) is None:
                        continue
                else:
                    i = picker.pick(rng, a, women_weight if kind != "violence" else None)
                if i is None:
                    continue
                serious = kind in ("suicide", "suicide_attempt") or rng.random() < 0.3
                out[registry.persons[i].id].incidents.append(Incident(kind=kind, at=_dt(a), serious=serious))
                break


def chain_id(decision_id: str) -> str:
    """The exclusion a decision belongs to: renewals are ``E12-1``, ``E12-2``, ..."""
    return decision_id.split("-", 1)[0]


def clipped(rec: IsolationRecords, lo: float, hi: float) -> IsolationRecords:
    """The records of one person that belong in a window ``[lo, hi)`` (epoch seconds).

    A renewed exclusion is kept whole when one of its decisions touches the
    window, so that the episode keeps its true start (and "long" its 42-day
    mark); reviews, checks and plans go with their decision whenever they were
    made, and so does the health visit of an exclusion's first day, so that a
    deadline due before the window is judged on the real records.
    """
    def touches(x) -> bool:
        at = getattr(x, "at", None)
        if at is not None:
            return lo <= at.timestamp() < hi
        return x.start.timestamp() < hi and (x.end is None or x.end.timestamp() > lo)

    chains = {chain_id(x.id) for x in rec.exclusions if touches(x)}
    exclusions = [x for x in rec.exclusions if chain_id(x.id) in chains]
    means = [x for x in rec.coercive_means if touches(x)]
    ids = {x.id for x in exclusions} | {x.id for x in means}
    first_days = [(x.start.timestamp(), x.start.timestamp() + 86400) for x in exclusions]
    return IsolationRecords(
        exclusions=exclusions,
        coercive_means=means,
        contacts=[x for x in rec.contacts
                  if touches(x) or any(a <= x.start.timestamp() < b for a, b in first_days)],
        outdoor=[x for x in rec.outdoor if touches(x)],
        unlock=[x for x in rec.unlock if touches(x)],
        reviews=[x for x in rec.reviews if x.subject in ids],
        supervisions=[x for x in rec.supervisions if x.subject in ids],
        week_plans=[x for x in rec.week_plans if x.subject in ids],
        incidents=[x for x in rec.incidents if touches(x)],
    )


# --- daily sessions ------------------------------------------------------------------------------

_M = [timedelta(minutes=m) for m in range(24 * 60 + 1)]


def _covered(intervals: list[tuple[float, float]] | None, a: float, b: float) -> float:
    if not intervals:
        return 0.0
    return sum(max(0.0, min(b, y) - max(a, x)) for x, y in intervals)


def _sessions(registry: Registry, custody: _Custody, out: dict[str, IsolationRecords], start: date, end: date,
              busy_full, busy_partial, busy_cell) -> None:
    """Unlock, outdoor, association and other contact for every full day in custody.

    Why these shapes: in high security most people are out of their cell 4-10 h
    on a weekday and less at weekends (seed 003: weekends are the hardest), lower
    security is open most of the day, and a person excluded or in a security cell
    gets an hour outdoors and short conversations — mostly under 2 h.
    """
    day = start
    while day < end:
        index = (day - registry.period_start).days
        if 0 <= index < len(custody.by_day):
            _sessions_of_day(registry, custody, out, day, index, busy_full, busy_partial, busy_cell)
        day += timedelta(days=1)


def _sessions_of_day(registry, custody, out, day: date, index: int, busy_full, busy_partial, busy_cell) -> None:
    rng = random.Random(f"fellesskap-demo-sessions:{registry.seed}:{registry.year}:{registry.scale}:{day}")
    # Instants from local minutes: noon minus 12 h is right for every minute after the
    # night's clock change, and no session starts before 07:00.
    base = local_instant(day, time(12)) - timedelta(hours=12)
    d0 = local_instant(day, time(0)).timestamp()
    d1 = local_instant(day + timedelta(days=1), time(0)).timestamp()
    weekend = day.weekday() >= 5
    short_staffed = {p.code for p in registry.prisons if rng.random() < 0.12}
    for i, prison in zip(custody.by_day[index], custody.prison_by_day[index], strict=True):
        span = custody.span_at(i, d0)
        if span is None or span[1] < d1:
            continue  # arrival and release days get no routine sessions
        level = PRISONS_BY_CODE[prison].security_level
        rec = out[registry.persons[i].id]

        def add(kind: str, m0: float, m1: float, rec=rec) -> None:
            a, b = _M[int(m0)], _M[int(min(m1, 1439))]
            if b <= a:
                return
            if kind == "unlock":
                rec.unlock.append(Session(base + a, base + b))
            elif kind == "outdoor":
                rec.outdoor.append(Session(base + a, base + b))
            else:
                rec.contacts.append(Contact(kind, base + a, base + b))

        if _covered(busy_cell.get(i), d0, d1) >= 6 * HOUR or _covered(busy_full.get(i), d0, d1) >= 12 * HOUR:
            if rng.random() < 0.85:
                m = 600 + rng.random() * 240
                add("outdoor", m, m + 45 + rng.random() * 15)
            if rng.random() < 0.8:
                m = 480 + rng.random() * 600
                add("staff_conversation", m, m + 10 + rng.random() * 15)
            if rng.random() < 0.3:
                m = 780 + rng.random() * 180
                add("isolation_reducing", m, m + 30 + rng.random() * 45)
            if rng.random() < 0.12:
                m = 540 + rng.random() * 300
                add("health", m, m + 15 + rng.random() * 15)
            continue
        if level != "high":
            add("unlock", 420 + rng.random() * 30, 1290 + rng.random() * 30)
            if not weekend:
                add("work", 480 + rng.random() * 20, 900 + rng.random() * 20)
            add("association", 1020 + rng.random() * 30, 1260)
            add("outdoor", 960, 1020)
            continue
        if _covered(busy_partial.get(i), d0, d1) >= 12 * HOUR:
            add("unlock", 540 + rng.random() * 30, 630 + rng.random() * 30)
            add("unlock", 900 + rng.random() * 30, 990 + rng.random() * 30)
            add("outdoor", 720, 780)
            add("staff_conversation", 660, 675)
            continue
        if rng.random() < 0.01:  # locked in all day with no decision: de facto isolation, a finding
            add("outdoor", 900, 960)
            continue
        # In high security the unlocked hours are association (fellesskap) with the others on the unit.
        blocks = []
        if weekend:
            blocks.append((600 + rng.random() * 20, 720 + rng.random() * 20))
            add("outdoor", 780, 840)
            if prison not in short_staffed and rng.random() < 0.85:
                blocks.append((960 + rng.random() * 20, 1110 + rng.random() * 20))
        else:
            blocks.append((465 + rng.random() * 20, 675 + rng.random() * 20))
            if rng.random() < 0.65:
                add(rng.choice(("work", "work", "education", "programme")), 480, 660)
            blocks.append((750 + rng.random() * 20, 900 + rng.random() * 20))
            add("outdoor", 900, 960)
            if prison not in short_staffed and rng.random() < 0.85:
                blocks.append((1050 + rng.random() * 20, 1170 + rng.random() * 20))
        for m0, m1 in blocks:
            add("unlock", m0, m1)
            add("association", m0, m1)
        if rng.random() < 0.1:
            m = 600 + rng.random() * 360
            add(rng.choice(("visit", "health", "staff_conversation", "chaplain")), m, m + 30)
