"""The synthetic demo: a year of a Norway-sized prison service (syntetiske demodata).

Pure and deterministic: no Django, no clock, no global random state. The same
``seed`` (and ``year`` and ``scale``) always gives the same records, so a demo,
a test and a benchmark can be re-created anywhere.

Generation runs in stages so that later work can add to the same persons:

1. :func:`generate_registry` — prisons with units and cells, persons with
   birth date, sex, synthetic name and synthetic fødselsnummer, and their stays
   (opphold) over the year: arrivals, status changes (remand → sentenced),
   transfers between prisons, releases.
2. :func:`fellesskap.demo.isolation.add_isolation_records` — exclusions,
   coercive means, contacts and sessions, reviews, week plans and incidents for
   the same persons.

How the population is made (why it stays near 3,000 all year): custody is
modelled as a stationary process. Each kind of custody episode (remand that may
turn into a sentence, a sentence served from freedom, preventive detention) has
a length distribution and an arrival rate chosen so that the expected number in
custody equals the target (Little's law: stock = arrival rate × mean length).
The persons already in custody on 1 January are drawn *length-biased* (a long
episode is more likely to be in progress on a given day) at a uniform point of
their episode, which is exactly the state of a stationary process; arrivals
over the year then keep the stock level. Targets are the KDI figures for
31.12.2020 in ``../shared/spec/statistics.md`` (see docs/demo-data.md).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fellesskap.demo.fnr import make_synthetic_fnr
from fellesskap.demo.prisons import BOTH, HALFWAY, HIGH, LOWER, MEN, PRISONS, WOMEN, PrisonFact
from fellesskap.scenario.model import Stay

OSLO = ZoneInfo("Europe/Oslo")
DEFAULT_YEAR = 2025


@dataclass(frozen=True, slots=True)
class Targets:
    """The published figures the registry aims at (KDI annual report 2020, seed 003).

    ``preventive_detention`` is the number *held in prison*: 172 were sentenced
    to preventive detention on 31.12.2020, of whom 32 were outside prison under
    strgjfl. § 12, so 140 were held.
    """

    population: int = 3011
    remand: int = 710
    preventive_detention: int = 140
    women_share: float = 0.06
    high_security: int = 2286
    lower_security: int = 619
    halfway_house: int = 106


TARGETS = Targets()

# Episode lengths in days, log-normal (median, sigma). Chosen so that the
# stock shares and ~8,000 admissions a year (KDI: about 9,300 a year for a
# population near 3,900) come out; see docs/demo-data.md for the check.
REMAND_DAYS = (40.0, 1.2)
SENTENCE_AFTER_REMAND_DAYS = (120.0, 1.0)
SENTENCE_FROM_FREEDOM_DAYS = (45.0, 1.3)
PREVENTIVE_DETENTION_DAYS = (5 * 365.0, 0.5)
REMAND_TO_SENTENCE = 0.4  # share of remand episodes that continue as a sentence in custody
_POOL = 4000  # episodes drawn to estimate mean lengths and pick the 1 January stock from


@dataclass(frozen=True, slots=True)
class DemoUnit:
    """A unit (avdeling) of a prison with its cells."""

    code: str
    name: str
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoPrison:
    """A prison of the reference list with the demo's units."""

    code: str
    name: str
    region: str
    security_level: str
    capacity: int
    holds: str
    units: tuple[DemoUnit, ...]


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """A synthetic person (innsatt) with identity and stays; never a real person."""

    id: str
    national_id: str
    given_name: str
    family_name: str
    birth_date: date
    sex: str
    flags: frozenset[str]
    stays: tuple[Stay, ...]


@dataclass(frozen=True, slots=True)
class Registry:
    """Stage 1 of the demo: the service's prisons and the persons held in the year."""

    seed: int
    year: int
    scale: float
    period_start: date
    period_end: date
    prisons: tuple[DemoPrison, ...]
    persons: tuple[DemoPerson, ...]

    @property
    def key(self) -> str:
        """What names the demo's year in every random stream: the calendar year,
        or ``to-<end date>`` for a year ending on a given date (the live demo)."""
        if self.period_start == date(self.year, 1, 1) and self.period_end == date(self.year + 1, 1, 1):
            return str(self.year)
        return f"to-{self.period_end.isoformat()}"

    def stays_at(self, instant: datetime) -> list[tuple[DemoPerson, Stay]]:
        """Every person in custody at the instant, with the stay in force."""
        held = []
        for person in self.persons:
            for stay in person.stays:
                if stay.start <= instant and (stay.end is None or instant < stay.end):
                    held.append((person, stay))
                    break
        return held


def local_instant(day: date, clock: time) -> datetime:
    """A local wall-clock time in Norway as an aware UTC instant."""
    return datetime.combine(day, clock, tzinfo=OSLO).astimezone(UTC)


def census_instant(day: date) -> datetime:
    """The census instant of a date (12:00 local, measures.md)."""
    return local_instant(day, time(12, 0))


# ---------------------------------------------------------------------------
# Names: combinations of common Norwegian given names and family names, so
# that no generated person is a real one (the identity number is synthetic).
GIVEN_MALE = (
    "Ole", "Lars", "Jan", "Per", "Bjørn", "Kjetil", "Anders", "Jonas", "Magnus", "Henrik", "Kristian",
    "Martin", "Erik", "Thomas", "Andreas", "Daniel", "Emil", "Sindre", "Tor", "Knut", "Stian", "Eirik",
    "Mathias", "Tobias", "Sander", "Even", "Vegard", "Ali", "Ahmed", "Piotr", "Tomasz", "Mikael",
)
GIVEN_FEMALE = (
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Hilde", "Silje", "Ida", "Nora", "Emma",
    "Sara", "Maria", "Ingvild", "Camilla", "Tone", "Hanne", "Marte", "Julie", "Aisha", "Agnieszka",
)
FAMILY = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
    "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
    "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen",
    "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen",
    "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde",
)

_UNIT_WORDS = ("A", "B", "C", "D", "E", "F", "G", "H", "K", "L", "M", "N")
_PLACES_PER_UNIT = 24


def _units(fact: PrisonFact) -> tuple[DemoUnit, ...]:
    """Units of about 24 places, each cell one place (single cells are the Norwegian norm)."""
    count = max(1, min(len(_UNIT_WORDS), math.ceil(fact.capacity / _PLACES_PER_UNIT)))
    units = []
    for i in range(count):
        letter = _UNIT_WORDS[i]
        places = fact.capacity // count + (1 if i < fact.capacity % count else 0)
        cells = tuple(f"{letter}{100 + j + 1}" for j in range(places))
        units.append(DemoUnit(code=letter, name=f"Avdeling {letter}", cells=cells))
    return tuple(units)


def demo_prisons() -> tuple[DemoPrison, ...]:
    """The reference prisons with generated units and cells (no randomness)."""
    return tuple(
        DemoPrison(code=f.code, name=f.name, region=f.region, security_level=f.security_level,
                   capacity=f.capacity, holds=f.holds, units=_units(f))
        for f in PRISONS
    )


# ---------------------------------------------------------------------------
# Episodes: a person's continuous custody as (status, days) segments.

@dataclass(frozen=True, slots=True)
class _Episode:
    kind: str  # "remand", "sentence", "preventive_detention"
    segments: tuple[tuple[str, float], ...]

    @property
    def days(self) -> float:
        return sum(d for _, d in self.segments)


def _lognormal(rng: random.Random, median_sigma: tuple[float, float], floor: float = 0.25) -> float:
    median, sigma = median_sigma
    return max(floor, median * math.exp(rng.gauss(0.0, sigma)))


def _draw_episode(rng: random.Random, kind: str) -> _Episode:
    if kind == "remand":
        segments = [("remand", _lognormal(rng, REMAND_DAYS))]
        if rng.random() < REMAND_TO_SENTENCE:
            segments.append(("sentenced", _lognormal(rng, SENTENCE_AFTER_REMAND_DAYS, floor=2)))
        return _Episode(kind, tuple(segments))
    if kind == "sentence":
        return _Episode(kind, (("sentenced", _lognormal(rng, SENTENCE_FROM_FREEDOM_DAYS, floor=1)),))
    return _Episode(kind, (("preventive_detention", _lognormal(rng, PREVENTIVE_DETENTION_DAYS, floor=365)),))


class _PrisonPicker:
    """Weighted choice of a prison by security level, sex and (preferably) region."""

    def __init__(self, prisons: tuple[DemoPrison, ...]):
        self.prisons = prisons

    def _weight(self, p: DemoPrison, female: bool) -> float:
        if p.holds == BOTH:
            return p.capacity * (0.15 if female else 0.85)
        if p.holds == (WOMEN if female else MEN):
            return float(p.capacity)
        return 0.0

    def pick(self, rng: random.Random, level: str, female: bool, region: str | None = None,
             exclude: str | None = None) -> DemoPrison:
        candidates = [p for p in self.prisons
                      if p.security_level == level and p.code != exclude and self._weight(p, female) > 0]
        if not candidates:  # e.g. no women's halfway house: fall back to any level that takes her
            candidates = [p for p in self.prisons if p.code != exclude and self._weight(p, female) > 0]
        if region is not None and rng.random() < 0.8:
            local = [p for p in candidates if p.region == region]
            candidates = local or candidates
        return rng.choices(candidates, weights=[self._weight(p, female) for p in candidates])[0]


def _layout(rng: random.Random, episode: _Episode, female: bool,
            picker: _PrisonPicker) -> list[tuple[DemoPrison, str, float, float]]:
    """Turn an episode into (prison, status, from_day, to_day) pieces relative to its start.

    Why the pieces: a status change (remand → sentenced) and a transfer are both
    the end of one stay and the start of the next at the same instant, which is
    how the registry and the scenario format record them.
    """
    pieces: list[tuple[DemoPrison, str, float, float]] = []
    t = 0.0
    if episode.kind == "preventive_detention":
        prison = picker.pick(rng, HIGH, female)
        if not female and rng.random() < 0.6:
            prison = next(p for p in picker.prisons if p.code == "ILA")
        pieces.append((prison, "preventive_detention", 0.0, episode.days))
        return pieces
    prison: DemoPrison | None = None
    for status, days in episode.segments:
        if status == "remand":
            prison = picker.pick(rng, HIGH, female)
            if days > 20 and rng.random() < 0.05:
                cut = days * rng.uniform(0.3, 0.7)
                pieces.append((prison, status, t, t + cut))
                prison = picker.pick(rng, HIGH, female, prison.region, exclude=prison.code)
                pieces.append((prison, status, t + cut, t + days))
            else:
                pieces.append((prison, status, t, t + days))
            t += days
            continue
        # A sentence: after remand it often starts where the person already is.
        if prison is None or rng.random() < 0.5:
            level = LOWER if rng.random() < 0.3 else HIGH
            prison = picker.pick(rng, level, female, prison.region if prison else None,
                                 exclude=prison.code if prison else None)
        start = t
        remaining = days
        if days > 60 and rng.random() < 0.2:  # a transfer now and then, usually to lower security
            cut = days * rng.uniform(0.3, 0.7)
            pieces.append((prison, status, start, start + cut))
            level = LOWER if prison.security_level == HIGH else HIGH
            prison = picker.pick(rng, level, female, prison.region, exclude=prison.code)
            start, remaining = start + cut, days - cut
        if days > 120 and rng.random() < 0.3:  # the last part in a halfway house
            tail = min(0.25 * days, 120.0, remaining / 2)
            pieces.append((prison, status, start, start + remaining - tail))
            halfway = picker.pick(rng, HALFWAY, female, prison.region, exclude=prison.code)
            pieces.append((halfway, status, start + remaining - tail, start + remaining))
        else:
            pieces.append((prison, status, start, start + remaining))
        t += days
    return pieces


def _age_years(rng: random.Random) -> float:
    """Age at admission: few under 18, most 20-45 (KDI's population is young and male)."""
    u = rng.random()
    if u < 0.004:
        return rng.uniform(15.5, 18.0)
    if u < 0.22:
        return rng.uniform(18.0, 25.0)
    if u < 0.68:
        return rng.uniform(25.0, 40.0)
    if u < 0.94:
        return rng.uniform(40.0, 60.0)
    return rng.uniform(60.0, 78.0)


def year_ending(end: date) -> date:
    """The first day of the year that ends (exclusive) on ``end``: the same date a year before
    (28 February when ``end`` is 29 February)."""
    try:
        return end.replace(year=end.year - 1)
    except ValueError:
        return end.replace(year=end.year - 1, day=28)


def generate_registry(seed: int, *, year: int = DEFAULT_YEAR, end: date | None = None, scale: float = 1.0,
                      targets: Targets = TARGETS) -> Registry:
    """Stage 1: prisons and the persons held during the demo year with their stays.

    The year is the calendar ``year``, or, when ``end`` is given, the year that
    ends at the start of local date ``end`` (exclusive): ``fellesskap demo``
    passes today's date so that the persons held at the end are held *now*. The
    generator never reads the clock. A stay ongoing at the end has no end.

    ``scale`` multiplies every target population (0.05 gives a service of about
    150 persons, for fast tests); prisons and units are always the full list.
    """
    if not 0 < scale <= 10:
        raise ValueError("scale must be above 0 and at most 10")
    if end is None:
        period_start, period_end = date(year, 1, 1), date(year + 1, 1, 1)
    else:
        period_start, period_end = year_ending(end), end
        year = period_start.year
    key = Registry(seed, year, scale, period_start, period_end, (), ()).key
    rng = random.Random(f"fellesskap-demo-registry:{seed}:{key}:{scale}")
    prisons = demo_prisons()
    picker = _PrisonPicker(prisons)
    year_start = local_instant(period_start, time(0))
    year_end = local_instant(period_end, time(0))
    year_days = (year_end - year_start).total_seconds() / 86400

    # Arrival rates from the target stocks (Little's law), per kind of episode.
    pools = {kind: [_draw_episode(rng, kind) for _ in range(_POOL)]
             for kind in ("remand", "sentence", "preventive_detention")}
    mean_remand_part = sum(e.segments[0][1] for e in pools["remand"]) / _POOL
    mean_remand_total = sum(e.days for e in pools["remand"]) / _POOL
    rate_remand = targets.remand * scale / mean_remand_part
    sentenced_target = (targets.population - targets.remand - targets.preventive_detention) * scale
    sentenced_from_remand = rate_remand * (mean_remand_total - mean_remand_part)
    mean_sentence = sum(e.days for e in pools["sentence"]) / _POOL
    rate_sentence = max(0.0, sentenced_target - sentenced_from_remand) / mean_sentence
    mean_pd = sum(e.days for e in pools["preventive_detention"]) / _POOL
    rate_pd = targets.preventive_detention * scale / mean_pd

    placed: list[tuple[_Episode, float]] = []  # (episode, start day relative to 1 January)
    for kind, rate in (("remand", rate_remand), ("sentence", rate_sentence), ("preventive_detention", rate_pd)):
        pool = pools[kind]
        mean_days = sum(e.days for e in pool) / _POOL
        in_custody = round(rate * mean_days)
        for episode in rng.choices(pool, weights=[e.days for e in pool], k=in_custody):
            placed.append((episode, -rng.random() * episode.days))
        for _ in range(round(rate * year_days)):
            placed.append((_draw_episode(rng, kind), rng.random() * year_days))

    persons: list[DemoPerson] = []
    taken: set[str] = set()
    for episode, begin in placed:
        female = rng.random() < targets.women_share
        pieces = _layout(rng, episode, female, picker)
        stays = []
        unit, where = "", ""
        for prison, status, a, b in pieces:
            if prison.code != where:  # a status change keeps the person where they are
                unit, where = rng.choice(prison.units).code, prison.code
            lo, hi = begin + a, begin + b
            if hi <= 0 or lo >= year_days:
                continue
            start = year_start + timedelta(minutes=round(max(lo, 0.0) * 1440))
            end = None if hi >= year_days else year_start + timedelta(minutes=round(hi * 1440))
            if end is not None and end <= start:
                continue
            stays.append(Stay(prison=prison.code, status=status, start=start, end=end, unit=unit))
        if not stays:
            continue
        admitted = (year_start + timedelta(days=begin)).astimezone(OSLO).date()
        birth = admitted - timedelta(days=round(_age_years(rng) * 365.25))
        while (max(admitted, period_start) - birth).days > 82 * 365:  # a long stay must not make a 95-year-old
            birth = admitted - timedelta(days=round(rng.uniform(25.0, 60.0) * 365.25))
        flags = set()
        if rng.random() < 0.08:
            flags.add("mental_illness")
        if rng.random() < 0.03:
            flags.add("disability")
        if female and rng.random() < 0.03 and 18 <= (admitted - birth).days / 365.25 <= 45:
            flags.add("pregnant")
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        persons.append(DemoPerson(
            id="", national_id=make_synthetic_fnr(birth, female, rng, taken),
            given_name=given, family_name=rng.choice(FAMILY), birth_date=birth,
            sex="female" if female else "male", flags=frozenset(flags), stays=tuple(stays),
        ))
    # Ids in order of first stay, so that the list reads like an admissions book.
    persons.sort(key=lambda p: (p.stays[0].start, p.national_id))
    width = max(5, len(str(len(persons))))
    persons = [_with_id(p, f"D{i + 1:0{width}d}") for i, p in enumerate(persons)]
    return Registry(seed=seed, year=year, scale=scale, period_start=period_start, period_end=period_end,
                    prisons=prisons, persons=tuple(persons))


def _with_id(p: DemoPerson, pid: str) -> DemoPerson:
    return DemoPerson(id=pid, national_id=p.national_id, given_name=p.given_name, family_name=p.family_name,
                      birth_date=p.birth_date, sex=p.sex, flags=p.flags, stays=p.stays)
