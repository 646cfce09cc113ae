"""JSON-stat 2.0 datasets from a table's rows (https://json-stat.org/format/).

JSON-stat is what Statistics Norway and most European statistics offices
publish, so a table in this form can be read by their tools (PxWeb, the
json-stat libraries) without a custom parser. A dataset is a dense cube: one
value per combination of the dimensions' categories, in row-major order, the
last dimension varying fastest. Our tables list only counts above zero, so a
combination without a row is a true zero (``missing``). Suppressed cells
(suppress.py) have value null and a status holding what is shown ("≤ 3").
Pure: no Django.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fellesskap import vocabulary as v
from fellesskap.stats.tables import LONGEST_TOP

MEASURE = "measure"  # the metric dimension's id: which figure a value is

# Decimals shown per measure (scenario-format.md: hours to 0.1, shares to 0.001).
DECIMALS = {"count": 0, "cases": 0, "hours": 1, "cases_share": 3, "hours_share": 3, "held": 0, "persons": 0,
            "share": 3, "population": 1, "per_100": 1, "mean_hours": 1, "median_hours": 1, "top_persons": 0,
            "top_share": 3, "days": 1, "person_days": 0, "per_day": 1, "with_activity": 0, "offered": 0,
            "accepted": 0, "declined": 0, "declined_share": 3}


@dataclass(frozen=True, slots=True)
class TableShape:
    """A table's dimensions and measures, and categories whose order is fixed (bands)."""

    dimensions: tuple[str, ...]
    measures: tuple[str, ...] = ("count",)
    categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    missing: int | None = 0  # the value of a cell no row fills: 0 for counts, null where 0 would be a figure


TABLE_SHAPES: dict[str, TableShape] = {
    "started": TableShape(("prison", "scope", "status")),
    "stock": TableShape(("prison", "ground", "status")),
    "long": TableShape(("prison",)),
    "grounds": TableShape(("ground",), ("cases", "hours", "cases_share", "hours_share")),
    "day": TableShape(("prison", "band"), categories={"band": ("lt2h", "2to4h", "4to8h", "ge8h")}),
    "association": TableShape(("prison", "band"), categories={"band": ("none", "lt2h", "2to8h", "ge8h")}),
    "over22": TableShape(("prison", "over_22h"), categories={"over_22h": ("false", "true")}),
    "isolated": TableShape(("prison", "cause")),
    "coercive": TableShape(("prison", "kind"), ("count", "hours")),
    "events": TableShape(("status", "sex"), ("held", "persons", "share")),
    "rates": TableShape(("security_level", "counted"), ("count", "population", "per_100")),
    "durations": TableShape(("scope", "ground"), ("count", "mean_hours", "median_hours")),
    # Ranks in their order (as text they would sort 1, 10, 11, ...); a cell no episode fills is null, not 0 days.
    "longest": TableShape(("rank", "prison", "ground", "status"), ("days", "hours"),
                          categories={"rank": tuple(str(i) for i in range(1, LONGEST_TOP + 1))}, missing=None),
    "isolation_days": TableShape(("status", "cause"), ("days", "persons")),
    "association_days": TableShape(("day_type", "band"), ("person_days", "per_day", "per_100"),
                                   categories={"day_type": ("weekday", "weekend", "all"),
                                               "band": ("none", "lt2h", "2to8h", "ge8h")}),
    "activity": TableShape(("security_level",), ("days", "with_activity", "share")),
    "measures": TableShape(("status",), ("offered", "accepted", "declined", "declined_share", "persons")),
    "incidents": TableShape(("kind", "sex"), ("count", "persons", "top_persons", "top_share")),
}

_DIMENSION_LABELS = {
    "en": {"prison": "prison", "region": "region", "scope": "scope", "status": "status", "ground": "ground",
           "band": "band", "kind": "kind", "over_22h": "22 hours or more without meaningful contact", "cause": "cause",
           "sex": "sex", "security_level": "security level", "counted": "counted", "rank": "rank", "day_type": "day type", MEASURE: "measure"},
    "nb": {"prison": "fengsel", "region": "region", "scope": "omfang", "status": "status",
           "ground": "grunnlag", "band": "intervall", "kind": "type",
           "over_22h": "22 timer eller mer uten meningsfull kontakt", "cause": "årsak", "sex": "kjønn",
           "security_level": "sikkerhetsnivå", "counted": "telt", "rank": "rangering", "day_type": "dagtype", MEASURE: "mål"},
}
_EXTRA_LABELS = {
    "en": {"lt2h": "under 2 h", "2to4h": "2–4 h", "4to8h": "4–8 h", "2to8h": "2–8 h", "ge8h": "8 h or more",
           "none": "none", "true": "yes", "false": "no", "unregistered": "no decision registered",
           "count": "count", "cases": "cases", "hours": "hours", "cases_share": "share of cases",
           "hours_share": "share of hours", "held": "persons held", "persons": "with an isolation event",
           "share": "share with an isolation event", "unknown": "unknown",
           "population": "average daily population", "per_100": "per 100 inmates", "all": "all",
           "exclusions": "exclusions started", "mean_hours": "mean hours", "median_hours": "median hours",
           "top_persons": "top 10 % of persons", "top_share": "share of events on the top 10 % of persons",
           "days": "days", "weekday": "weekday", "weekend": "weekend", "person_days": "person-days",
           "per_day": "persons a day", "with_activity": "with activity", "offered": "offered",
           "accepted": "accepted", "declined": "declined", "declined_share": "share declined"},
    "nb": {"lt2h": "under 2 t", "2to4h": "2–4 t", "4to8h": "4–8 t", "2to8h": "2–8 t", "ge8h": "8 t eller mer",
           "none": "ingen", "true": "ja", "false": "nei", "unregistered": "uten registrert vedtak",
           "count": "antall", "cases": "saker", "hours": "timer", "cases_share": "andel saker",
           "hours_share": "andel timer", "held": "personer innsatt", "persons": "med isolasjonshendelse",
           "share": "andel med isolasjonshendelse", "unknown": "ukjent",
           "population": "gjennomsnittlig daglig belegg", "per_100": "per 100 innsatte", "all": "alle",
           "exclusions": "iverksatte utelukkelser", "mean_hours": "gjennomsnittlig antall timer",
           "median_hours": "median antall timer", "top_persons": "de 10 % av personene med flest",
           "top_share": "andel av hendelsene på de 10 % av personene med flest",
           "days": "dager", "weekday": "hverdag", "weekend": "helg", "person_days": "persondøgn",
           "per_day": "personer per dag", "with_activity": "med aktivitet", "offered": "tilbudt",
           "accepted": "akseptert", "declined": "avslått", "declined_share": "andel avslått"},
}


def category_code(value: Any) -> str:
    """A row value as a JSON-stat category id (ids are strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "unknown"
    return str(value)


_TERMS_BY_DIMENSION = {
    "ground": v.GROUNDS, "scope": v.SCOPES, "status": v.STATUSES, "custody_status": v.STATUSES,
    "security_level": v.SECURITY_LEVELS, "sex": v.SEXES, "region": v.REGIONS,
    "kind": v.COERCIVE_KINDS + v.INCIDENT_KINDS,
}


def _term_label(terms: tuple[v.Term, ...], code: str, language: str) -> str | None:
    for term in terms:
        if term.code == code:
            return term.nb if language == "nb" else term.en
    return None


def category_label(dimension: str, code: str, language: str = "en") -> str:
    """A category's label: from the shared vocabulary of that dimension where the code is known.

    Looked up per dimension because codes repeat across vocabularies with
    different meanings (``other`` is a ground, a sex and a reason).
    """
    label = _term_label(_TERMS_BY_DIMENSION.get(dimension, ()), code, language)
    if label is not None:
        return label
    if dimension == "cause":
        regime, _, ground = code.partition(":")
        scope = {"full_exclusion": "full", "partial_exclusion": "partial"}.get(regime)
        if scope is not None and ground:  # an exclusion cause names its ground: full_exclusion:own_wish
            return f"{_term_label(v.SCOPES, scope, language)}: {category_label('ground', ground, language)}"
        label = _term_label(v.COERCIVE_KINDS, code, language)
        if label is not None:
            return label
    return _EXTRA_LABELS.get(language, {}).get(code, code)


def to_jsonstat(rows: Sequence[Mapping[str, Any]], *, dimensions: Sequence[str],
                measures: Sequence[str] = ("count",), label: str, source: str = "fellesskap",
                updated: datetime | None = None, categories: Mapping[str, Sequence[str]] | None = None,
                language: str = "en", missing: int | float | None = 0,
                note: Sequence[str] = ()) -> dict[str, Any]:
    """Build a JSON-stat 2.0 dataset; ValueError names the row and field that do not fit.

    The measures become the last dimension (``measure``, role metric), so a
    table of several figures (grounds) is one dataset. Categories come from
    ``categories`` where given (in that order, all listed even with no row) and
    otherwise from the rows, sorted. Suppressed rows (``suppressed`` true and a
    None value, see suppress.py) give a null value and a status with the label
    shown.
    """
    categories = dict(categories or {})
    if not dimensions or len(set(dimensions)) != len(dimensions) or MEASURE in dimensions:
        raise ValueError(f"dimensions: must be distinct names other than {MEASURE!r}, got {list(dimensions)}")
    if not measures:
        raise ValueError("measures: at least one is needed")
    for i, row in enumerate(rows):
        for name in (*dimensions, *measures):
            if name not in row:
                raise ValueError(f"rows[{i}].{name}: missing")

    codes: list[list[str]] = []
    for dim in dimensions:
        seen = sorted({category_code(row[dim]) for row in rows})
        if dim in categories:
            fixed = [str(c) for c in categories[dim]]
            unknown = [c for c in seen if c not in fixed]
            if unknown:
                raise ValueError(f"rows[].{dim}: value {unknown[0]!r} is not one of {fixed}")
            seen = fixed
        codes.append(seen)
    codes.append(list(measures))
    ids = [*dimensions, MEASURE]
    size = [len(c) for c in codes]
    position = [{code: i for i, code in enumerate(c)} for c in codes]

    total = math.prod(size)
    value: list[Any] = [missing] * total
    status: dict[str, str] = {}
    filled: set[tuple[str, ...]] = set()
    for i, row in enumerate(rows):
        key = tuple(category_code(row[d]) for d in dimensions)
        if key in filled:
            raise ValueError(f"rows[{i}]: a second row for {dict(zip(dimensions, key, strict=True))}")
        filled.add(key)
        for m in measures:
            flat = 0
            for axis, code in enumerate((*key, m)):
                flat = flat * size[axis] + position[axis][code]
            cell = row[m]
            if cell is None:
                if not row.get("suppressed"):
                    raise ValueError(f"rows[{i}].{m}: null but the row is not marked suppressed")
                status[str(flat)] = str(row.get(f"{m}_label", "suppressed"))
            value[flat] = cell

    dim_labels = _DIMENSION_LABELS.get(language, _DIMENSION_LABELS["en"])
    dimension: dict[str, Any] = {}
    for dim, cats in zip(ids, codes, strict=True):
        entry: dict[str, Any] = {
            "label": dim_labels.get(dim, dim),
            "category": {"index": {c: i for i, c in enumerate(cats)},
                         "label": {c: category_label(dim, c, language) for c in cats}},
        }
        if dim == MEASURE:
            entry["category"]["unit"] = {m: {"decimals": DECIMALS.get(m, 0)} for m in cats}
        dimension[dim] = entry

    dataset: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": label,
        "source": source,
        "id": ids,
        "size": size,
        "role": {"metric": [MEASURE]},
        "dimension": dimension,
        "value": value,
    }
    if updated is not None:
        dataset["updated"] = updated.isoformat()
    if status:
        dataset["status"] = status
    if note:
        dataset["note"] = list(note)
    return dataset


def table_to_jsonstat(name: str, rows: Sequence[Mapping[str, Any]], *, label: str | None = None,
                      updated: datetime | None = None, language: str = "en",
                      note: Sequence[str] = ()) -> dict[str, Any]:
    """A dataset for one of the named tables (TABLE_SHAPES), from its rows as dicts."""
    shape = TABLE_SHAPES.get(name)
    if shape is None:
        raise ValueError(f"table: unknown table {name!r}; expected one of {', '.join(TABLE_SHAPES)}")
    return to_jsonstat(rows, dimensions=shape.dimensions, measures=shape.measures, label=label or name,
                       updated=updated, categories=shape.categories, language=language, note=note,
                       missing=shape.missing)
