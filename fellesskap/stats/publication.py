"""A publication (publisering): a period's tables with everything a reader needs to trust them.

Each table carries its bokmål and English title, a "how this is counted" note
pointing to measures.md, and the data instant; the publication adds the area,
the rule-pack versions and whether the period had ended when the data were
taken (a month not yet over gives a partial table that says so). This is the
form that editions freeze as JSON, that exports write and charts read. Pure:
no Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fellesskap.stats.jsonstat import TABLE_SHAPES

# "How this is counted" per table (bokmål, English); the full definitions are in measures.md.
NOTES: dict[str, tuple[str, str]] = {
    "started": ("Utelukkelsesforløp (hel eller delvis) som startet i måneden, etter fengsel og status ved "
                "start. En forlengelse er ikke en ny utelukkelse. Se measures.md «Started».",
                "Exclusion episodes (full or partial) that started in the month, by prison and status at "
                "their start. A renewal is not a new exclusion. See measures.md \"Started\"."),
    "stock": ("Personer med vedtak om hel utelukkelse i kraft ved telletidspunktet (kl. 12) på dagen, etter "
              "grunnlaget for det sist startede vedtaket.",
              "Persons with a full-exclusion decision in force at the census instant (12:00) of the day, by "
              "the ground of the decision that started last."),
    "long": ("Forløp av hel utelukkelse som i løpet av måneden hadde vart mer enn 42 dager.",
             "Full-exclusion episodes that at some instant of the month had lasted more than 42 days."),
    "coercive": ("Bruk av tvangsmidler som startet i måneden, etter type, med samlet varighet i timer "
                 "(pågående bruk til datatidspunktet).",
                 "Uses of coercive means started in the month, by kind, with their total hours (ongoing uses "
                 "up to the data instant)."),
    "grounds": ("Vedtak startet i perioden og vedtakstimer i perioden etter grunnlag, med andeler av totalen.",
                "Decisions started in the period and decision hours in the period by ground, with shares of "
                "the totals."),
    "day": ("Personer i forvaring ved telletidspunktet etter tid utenfor celle den dagen.",
            "Persons in custody at the census instant by their time out of cell that day."),
    "association": ("Personer i forvaring ved telletidspunktet etter tid i fellesskap den dagen.",
                    "Persons in custody at the census instant by their time in association that day."),
    "isolated": ("Personer isolert (22 timer eller mer uten meningsfull kontakt) den dagen, etter årsak.",
                 "Persons isolated (22 h or more without meaningful contact) that day, by cause."),
    "rates": ("Iverksatte utelukkelser og tvangsmidler i perioden per 100 innsatte (gjennomsnittlig daglig belegg "
              "ved telletidspunktet), etter sikkerhetsnivået til fengselet der de startet, og for alle.",
              "Exclusions and coercive means started in the period per 100 inmates (average daily population at "
              "the census instant), by the security level of the prison where they started, and for all."),
    "durations": ("Utelukkelsesepisoder som ble avsluttet i perioden, etter omfang og grunnlaget i det første "
                  "vedtaket, med gjennomsnittlig og median varighet i timer (fra første start til siste slutt; "
                  "fornyelser inngår).",
                  "Exclusion episodes that ended in the period, by scope and the ground of their first decision, "
                  "with the mean and median duration in hours (first start to last end; renewals included)."),
    "incidents": ("Selvskading, selvmordsforsøk, selvmord og vold i perioden ved siden av iverksatte tvangsmidler "
                  "(plasseringer i sikkerhetscelle og sikkerhetsseng som i Meld. St. 31 tabell 7.1, og de andre), "
                  "etter kjønn: antall, personer, og andelen av hendelsene som "
                  "falt på de 10 % av personene med flest.",
                  "Self-harm, suicide attempts, suicides and violence in the period next to coercive means "
                  "started in it (security cell and bed placements as in Meld. St. 31 Table 7.1, and the others), "
                  "by sex: count, persons, and the share of the events on the "
                  "10 % of persons with the most."),
    "longest": ("De lengste fulle utelukkelsesepisodene i kraft i perioden, rangert etter lengde (til slutten, "
                "eller til periodens slutt når de varte lenger), med fengsel og status ved start og grunnlaget i "
                "det siste vedtaket. Ingen personopplysninger.",
                "The longest full-exclusion episodes in force in the period, ranked by length (to their end, or "
                "to the period's end when they lasted longer), with the prison and status at their start and "
                "the ground of their latest decision. No personal data."),
    "isolation_days": ("Døgn med 22 timer eller mer uten meningsfull kontakt i perioden, etter status ved "
                       "telletidspunktet og årsak (regimet og grunnlaget som dekket mest av døgnet; uten "
                       "registrert vedtak vises for seg), med antall personer.",
                       "Days with 22 h or more without meaningful contact in the period, by status at the census "
                       "instant and cause (the regime and ground that covered most of the day; no decision "
                       "registered shown apart), with the number of persons."),
    "association_days": ("Innsatte ved daglig telletidspunkt etter tid i fellesskap (ingen, under 2 t, 2–8 t, 8 t "
                         "eller mer), hverdager mot helger: persondøgn, gjennomsnitt per dag og per 100 innsatte.",
                         "Persons at the daily census instant by time in association (none, under 2 h, 2–8 h, "
                         "8 h or more), weekdays against weekends: person-days, mean a day and per 100 inmates."),
    "activity": ("Fengselsdøgn (innsatt ved daglig telletidspunkt) i perioden, og andelen med arbeid, skole eller "
                 "program samme døgn, etter fengselets sikkerhetsnivå og for alle.",
                 "Prison days (held at the daily census instant) in the period, and the share with work, education "
                 "or a programme that day, by the prison's security level and for all."),
    "measures": ("Isolasjonsreduserende tiltak tilbudt i perioden, akseptert og avslått, etter status da de ble "
                 "tilbudt, med antall personer som fikk tilbud. Fra en scenariofil er alle tiltak aksepterte (filen "
                 "har ikke avslag).",
                 "Isolation-reducing measures offered in the period, accepted and declined, by status when offered, "
                 "with the persons offered one. From a scenario file every measure is accepted (the file has no "
                 "declines)."),
    "events": ("Personer innsatt i perioden, og de som hadde minst én isolasjonshendelse (utelukkelse, "
               "sikkerhetscelle eller sikkerhetsseng i kraft i perioden), etter status og kjønn ved første "
               "innsettelse i perioden.",
               "Persons held in the period and those with at least one isolation event (an exclusion, security "
               "cell or security bed in force in the period), by status and sex when first held in the period."),
    "over22": ("Avsluttede forløp av hel utelukkelse etter om de i snitt var 22 timer eller mer uten "
               "meningsfull kontakt per døgn.",
               "Ended full-exclusion episodes by whether they averaged 22 h or more a day without "
               "meaningful contact."),
}


def key_fields(name: str) -> tuple[str, ...]:
    return TABLE_SHAPES[name].dimensions


def measure_fields(name: str) -> tuple[str, ...]:
    return TABLE_SHAPES[name].measures


@dataclass(frozen=True)
class PublishedTable:
    """One table as published: rows with real counts (suppression is applied when shown publicly)."""

    name: str
    title_nb: str
    title_en: str
    note_nb: str
    note_en: str
    reference: str  # what the table is about: a month "2026-03", a date "2026-03-31" or "from/to"
    rows: tuple[Mapping[str, Any], ...]
    partial: bool = False  # the period had not ended at the data instant

    def title(self, language: str = "nb") -> str:
        return self.title_en if language == "en" else self.title_nb

    def note(self, language: str = "nb") -> str:
        return self.note_en if language == "en" else self.note_nb

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title_nb": self.title_nb, "title_en": self.title_en, "note_nb": self.note_nb,
                "note_en": self.note_en, "reference": self.reference, "partial": self.partial,
                "rows": [dict(r) for r in self.rows]}

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> PublishedTable:
        return cls(name=doc["name"], title_nb=doc["title_nb"], title_en=doc["title_en"], note_nb=doc["note_nb"],
                   note_en=doc["note_en"], reference=doc["reference"], rows=tuple(doc["rows"]),
                   partial=bool(doc.get("partial", False)))


@dataclass(frozen=True)
class Publication:
    """A period's tables for an area (``nation``, ``region:CODE`` or ``prison:CODE``)."""

    period: str
    area: str
    data_instant: datetime
    rule_packs: Mapping[str, str]
    tables: Mapping[str, PublishedTable] = field(default_factory=dict)

    @property
    def partial(self) -> bool:
        return any(t.partial for t in self.tables.values())

    def tables_json(self) -> dict[str, Any]:
        return {name: t.to_json() for name, t in self.tables.items()}


def ordered_tables(tables: Mapping[str, Any]) -> list[str]:
    """Table names in publication order (TABLE_SHAPES), whatever order the stored JSON kept.

    PostgreSQL's jsonb does not keep key order, so an edition read back must be
    put in order again.
    """
    names = dict.fromkeys(("started", "stock", "long", "coercive", *TABLE_SHAPES))
    order = {name: i for i, name in enumerate(names)}
    return sorted(tables, key=lambda n: (order.get(n, len(order)), n))


def national_rows(name: str, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The table summed over prisons: national totals, which are never suppressed.

    Shares are not additive and are left out; a table without a prison key
    (``grounds``) is already national and returned as it is.
    """
    keys = key_fields(name)
    if "prison" not in keys:
        return [dict(r) for r in rows]
    rest = tuple(k for k in keys if k != "prison")
    measures = tuple(m for m in measure_fields(name) if not m.endswith("_share"))
    sums: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = tuple(row[k] for k in rest)
        cell = sums.setdefault(key, {**dict(zip(rest, key, strict=True)), **{m: 0 for m in measures}})
        for m in measures:
            cell[m] += row[m]
    out = []
    for key in sorted(sums, key=lambda k: tuple(str(x) for x in k)):
        cell = sums[key]
        for m in measures:
            if isinstance(cell[m], float):
                cell[m] = round(cell[m], 1)
        out.append(cell)
    return out


def _index(table: Mapping[str, Any] | None, keys: Sequence[str],
           measures: Sequence[str]) -> dict[tuple, dict[str, Any]]:
    if table is None:
        return {}
    return {tuple(r[k] for k in keys): {m: r[m] for m in measures} for r in table["rows"]}


def diff_tables(old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """What changed between two editions' tables (as ``tables_json``), row by row.

    One entry per table row that was added, removed or changed: the table, the
    row's key, and the old and new measures. Tables present in only one edition
    list all their rows. The order is stable (table, then key) so that two
    computations of one correction give the same list.
    """
    changes: list[dict[str, Any]] = []
    for name in sorted(set(old) | set(new)):
        keys = key_fields(name) if name in TABLE_SHAPES else ()
        measures = measure_fields(name) if name in TABLE_SHAPES else ()
        before = _index(old.get(name), keys, measures)
        after = _index(new.get(name), keys, measures)
        for key in sorted(set(before) | set(after), key=lambda k: tuple(str(x) for x in k)):
            was, now = before.get(key), after.get(key)
            if was == now:
                continue
            kind = "added" if was is None else "removed" if now is None else "changed"
            changes.append({"table": name, "key": dict(zip(keys, key, strict=True)), "change": kind,
                            "old": was, "new": now})
    return changes
