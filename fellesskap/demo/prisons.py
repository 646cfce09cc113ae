"""Reference list of the prisons (fengsler) of the Norwegian Correctional Service
(Kriminalomsorgen), used only to give the synthetic demo a realistic shape.

Why a fixed list: the demo should look like the real service (names a user
recognises, five regions, the split between high security, lower security and
halfway houses) without any real person in it. Prisons are public institutions,
so their names, regions and rough sizes are public facts.

Sources (read in November 2026):
- Kriminalomsorgen's own list of prisons by region (kriminalomsorgen.no,
  "Finn fengsel"), the five regions east, south, south-west, west and north in
  force since 2019 (region south-west = Rogaland and Agder, region north =
  Trøndelag and northwards);
- Meld. St. 12 (2014–2015) *Utviklingsplan for kapasitet i kriminalomsorgen*,
  table 5.1 (prisons and departments by year of construction), for the names;
- KDI's annual report 2020 (seed 003) for the national totals used to check the
  sum: 3,011 persons held on 31.12.2020 (high security 2,286; lower 619;
  halfway houses 106).

Capacities are *approximate* (rounded, as we remember the published figures
around 2020) and are used only as weights for the demo population. Units that
were merged, renamed or closed after 2020 are marked in a comment; where we are
unsure of a fact the comment says so. A unit that is a department (avdeling) of
a larger prison is listed as its own unit, because it has its own address,
security level and capacity, which is what the demo needs.
"""

from __future__ import annotations

from dataclasses import dataclass

HIGH = "high"
LOWER = "lower"
HALFWAY = "halfway_house"

MEN = "men"
WOMEN = "women"
BOTH = "both"


@dataclass(frozen=True, slots=True)
class PrisonFact:
    """One prison or prison department (fengsel / avdeling) as public reference data.

    ``capacity`` is the approximate number of places (plasser); ``holds`` says
    whether the unit takes men, women or both.
    """

    code: str
    name: str
    region: str
    security_level: str
    capacity: int
    holds: str


def _p(code: str, name: str, region: str, level: str, capacity: int, holds: str = MEN) -> PrisonFact:
    return PrisonFact(code, name, region, level, capacity, holds)


PRISONS: tuple[PrisonFact, ...] = (
    # --- Region east (øst): Oslo, Akershus, Østfold, Innlandet ---
    _p("OSL", "Oslo fengsel", "east", HIGH, 200),
    _p("ILA", "Ila fengsel og forvaringsanstalt", "east", HIGH, 110),
    _p("BRE", "Bredtveit fengsel og forvaringsanstalt", "east", HIGH, 60, WOMEN),
    # Ullersmo became a department of Romerike fengsel around 2020 (as we understand it).
    _p("ULL", "Romerike fengsel, avdeling Ullersmo", "east", HIGH, 150),
    _p("HAL", "Halden fengsel", "east", HIGH, 250),
    _p("KVI", "Kongsvinger fengsel", "east", HIGH, 90),
    # Ravneberget (Sarpsborg) has since been closed or merged; capacity uncertain.
    _p("RAV", "Ravneberget fengsel", "east", HIGH, 30),
    _p("SAR", "Sarpsborg fengsel", "east", HIGH, 30),
    _p("EID", "Indre Østfold fengsel, avdeling Eidsberg", "east", HIGH, 30),
    _p("TRS", "Indre Østfold fengsel, avdeling Trøgstad", "east", LOWER, 40),
    _p("HAM", "Hedmarken fengsel, avdeling Hamar", "east", HIGH, 30),
    _p("ILS", "Hedmarken fengsel, avdeling Ilseng", "east", LOWER, 60),
    _p("BRU", "Kongsvinger fengsel, avdeling Bruvoll", "east", LOWER, 30),  # parent prison uncertain
    _p("GJO", "Vestoppland fengsel, avdeling Gjøvik", "east", HIGH, 30),
    _p("VAL", "Vestoppland fengsel, avdeling Valdres", "east", LOWER, 30),
    _p("SDK", "Sandaker overgangsbolig", "east", HALFWAY, 30),
    _p("ARU", "Arups gate overgangsbolig", "east", HALFWAY, 15, BOTH),  # may have closed since
    # --- Region south (sør): Vestfold, Buskerud, Telemark ---
    _p("SKI", "Telemark fengsel, avdeling Skien", "south", HIGH, 100),
    _p("KRA", "Telemark fengsel, avdeling Kragerø", "south", LOWER, 30, WOMEN),
    _p("RIN", "Ringerike fengsel", "south", HIGH, 160),
    _p("DRA", "Drammen fengsel", "south", HIGH, 40),
    _p("BAS", "Bastøy fengsel", "south", LOWER, 115),
    _p("BER", "Berg fengsel", "south", LOWER, 70),
    _p("TON", "Vestfold fengsel, avdeling Tønsberg", "south", HIGH, 30),  # formerly Sem fengsel
    _p("LAR", "Larvik fengsel", "south", HIGH, 30),  # part of Vestfold fengsel; uncertain
    _p("HOF", "Vestfold fengsel, avdeling Hof", "south", LOWER, 30),
    _p("HAS", "Hassel fengsel", "south", LOWER, 30),
    _p("DRO", "Drammen overgangsbolig", "south", HALFWAY, 15),
    # --- Region south-west (sørvest): Rogaland, Agder ---
    _p("STA", "Stavanger fengsel", "southwest", HIGH, 80),  # new building 2021; earlier ~ 60
    _p("ANA", "Åna fengsel", "southwest", HIGH, 130),
    _p("SDE", "Sandeid fengsel", "southwest", LOWER, 50),
    _p("HAU", "Haugesund fengsel", "southwest", HIGH, 30),
    _p("MAN", "Agder fengsel, avdeling Mandal", "southwest", HIGH, 80),  # opened 2020
    _p("FRO", "Agder fengsel, avdeling Froland", "southwest", HIGH, 150),  # opened 2020
    _p("KRS", "Kristiansand fengsel", "southwest", HIGH, 40, BOTH),  # closed after Agder opened; uncertain
    _p("ARE", "Arendal fengsel", "southwest", HIGH, 30),
    _p("EVJ", "Arendal fengsel, avdeling Evje", "southwest", LOWER, 25),
    _p("AUK", "Auklend overgangsbolig", "southwest", HALFWAY, 15),
    # --- Region west (vest): Vestland, Møre og Romsdal ---
    _p("BGN", "Bergen fengsel", "west", HIGH, 200, BOTH),
    _p("BJG", "Bjørgvin fengsel", "west", LOWER, 70),
    _p("VIK", "Vik fengsel", "west", LOWER, 30),
    _p("ALE", "Ålesund fengsel", "west", HIGH, 30),
    _p("HUS", "Hustad fengsel", "west", LOWER, 30),
    _p("LYD", "Lyderhorn overgangsbolig", "west", HALFWAY, 20, BOTH),
    # --- Region north (nord): Trøndelag, Nordland, Troms, Finnmark ---
    _p("TRD", "Trondheim fengsel", "north", HIGH, 150, BOTH),
    _p("LEI", "Trondheim fengsel, avdeling Leira", "north", LOWER, 30),
    _p("VER", "Verdal fengsel", "north", LOWER, 40),  # capacity uncertain
    _p("BOD", "Bodø fengsel", "north", HIGH, 60, BOTH),
    _p("FAU", "Bodø fengsel, avdeling Fauske", "north", LOWER, 20),
    _p("TOS", "Tromsø fengsel", "north", HIGH, 50, BOTH),
    _p("LYN", "Tromsø fengsel, avdeling Lyngseidet", "north", LOWER, 20),  # uncertain
    _p("VAD", "Vadsø fengsel", "north", HIGH, 30),
    _p("MOS", "Mosjøen fengsel", "north", HIGH, 25),
    _p("HFT", "Hammerfest fengsel", "north", LOWER, 15),  # security level uncertain
    _p("BOO", "Bodø overgangsbolig", "north", HALFWAY, 20),
)

PRISONS_BY_CODE: dict[str, PrisonFact] = {p.code: p for p in PRISONS}


def capacity_by_level() -> dict[str, int]:
    """Places per security level, to check the list against the national totals."""
    totals: dict[str, int] = {}
    for p in PRISONS:
        totals[p.security_level] = totals.get(p.security_level, 0) + p.capacity
    return totals
