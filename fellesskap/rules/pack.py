"""Rule packs (regelpakker) as data: the typed form of a pack file and its loader.

A pack is a TOML file in ``fellesskap/rules/packs/``. Keeping the numbers in
data rather than code lets a lawyer correct a parameter marked
``interpretation = true`` without a code change, and each finding records the
pack version that produced it, so that a changed pack never rewrites history.
Every error names the file and, where there is one, the rule id.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

PACK_DIR = Path(__file__).parent / "packs"

# What `fellesskap evaluate` runs when no --packs is given (rules.md): the
# Norwegian law as in force and as proposed, and the two international
# standards. se, dk and fi are for comparison and are chosen explicitly.
DEFAULT_PACKS: tuple[str, ...] = ("no-current", "no-2026", "mandela", "cpt")

KINDS: tuple[str, ...] = (
    "deadline",
    "daily_minimum",
    "daily_maximum",
    "streak",
    "duration_cap",
    "prohibited_when",
    "supervision_interval",
    "notify_on",
)

# Who must act on a deadline or handle a deviation (glossary.md).
ROLES: tuple[str, ...] = (
    "prison_leader",
    "region",
    "directorate",
    "health_service",
    "supervisory_board",
    "court",
)

# breach: the rule was broken; indicator: a norm or recommendation that is
# measured, not a legal duty; prompt: something to check (e.g. Mandela rule 45
# fires on a flag alone).
SEVERITIES: tuple[str, ...] = ("breach", "indicator", "prompt")

# The marker for a date that is still to be set (no-2026: in force from a date
# the King decides after the Storting has passed the bill).
TO_BE_SET = "to-be-set"

_RULE_ID = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9_]+)+$")


class PackError(ValueError):
    """A pack file is missing or invalid; the message names the file and the rule."""


class UnknownPackError(PackError, LookupError):
    """A pack id that has no pack file. Also a LookupError, so that callers that
    treat an unknown name as a failed look-up (``fellesskap evaluate``) catch it."""


@dataclass(frozen=True, slots=True)
class Source:
    """A legal source (rettskilde) of a pack: the law or document and where in it."""

    name: str
    where: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule (regel) of a pack: what it says, where it comes from, and the
    kind and parameters the engine evaluates it with."""

    id: str
    kind: str
    text_nb: str
    text_en: str
    source: str
    parameters: Mapping[str, Any]
    pack: str
    pack_version: str
    interpretation: bool = False
    role: str | None = None
    warn_hours: float | None = None
    severity: str = "breach"
    evaluated: bool = True
    note: str = ""

    def text(self, lang: str = "nb") -> str:
        return self.text_en if lang == "en" else self.text_nb


@dataclass(frozen=True, slots=True)
class Pack:
    """A versioned rule pack with its sources and validity period.

    ``valid_from`` is None when the date is still to be set (``valid_from_pending``);
    ``valid_to`` is None while the pack is in force without an end.
    """

    id: str
    prefix: str
    version: str
    title_nb: str
    title_en: str
    sources: tuple[Source, ...]
    valid_from: date | None
    valid_to: date | None
    rules: tuple[Rule, ...]
    valid_from_pending: bool = False
    description: str = ""
    path: Path = field(default=PACK_DIR, compare=False)

    def title(self, lang: str = "nb") -> str:
        return self.title_en if lang == "en" else self.title_nb

    def in_force_on(self, day: date) -> bool:
        """Whether the pack is law on ``day``; a pack whose start is still to be
        set is not yet in force (it can still be evaluated for comparison)."""
        if self.valid_from is None:
            return not self.valid_from_pending
        if day < self.valid_from:
            return False
        return self.valid_to is None or day < self.valid_to

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def available_packs() -> list[str]:
    """The ids of every pack file shipped with fellesskap, sorted."""
    return sorted(p.stem for p in PACK_DIR.glob("*.toml"))


_cache: dict[str, Pack] = {}


def load_pack(pack_id: str) -> Pack:
    """Load and validate one pack by id (cached: packs are immutable files)."""
    if pack_id not in _cache:
        path = PACK_DIR / f"{pack_id}.toml"
        if not re.fullmatch(r"[a-z0-9-]+", pack_id or "") or not path.is_file():
            raise UnknownPackError(
                f"unknown rule pack {pack_id!r}; available: {', '.join(available_packs())}"
            )
        pack = load_pack_file(path)
        if pack.id != pack_id:
            raise PackError(f"{path.name}: id {pack.id!r} does not match the file name")
        _cache[pack_id] = pack
    return _cache[pack_id]


def load_packs(pack_ids: Iterable[str] | None = None) -> list[Pack]:
    """Load several packs (default: DEFAULT_PACKS), in the order given, once each."""
    ids = DEFAULT_PACKS if pack_ids is None else tuple(pack_ids)
    seen: list[str] = []
    for pid in ids:
        pid = pid.strip()
        if pid and pid not in seen:
            seen.append(pid)
    return [load_pack(pid) for pid in seen]


def load_pack_file(path: Path) -> Pack:
    """Read and validate a pack file at any path (used for packs under test)."""
    name = Path(path).name
    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except FileNotFoundError:
        raise PackError(f"{name}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{name}: not valid TOML: {exc}") from None
    return parse_pack(doc, name=name, path=Path(path))


def parse_pack(doc: Mapping[str, Any], name: str = "<pack>", path: Path = PACK_DIR) -> Pack:
    """Validate a pack document (the parsed TOML) and build a Pack."""
    pack_id = _str(doc, "id", name)
    prefix = _str(doc, "prefix", name)
    version = _str(doc, "version", name)
    title = _table(doc, "title", name)
    title_nb = _str(title, "nb", name, "title.nb")
    title_en = _str(title, "en", name, "title.en")
    sources_raw = doc.get("sources")
    if not isinstance(sources_raw, list) or not sources_raw:
        raise PackError(f"{name}: 'sources' must be a non-empty list of {{name, where}}")
    sources = []
    for i, s in enumerate(sources_raw):
        if not isinstance(s, dict):
            raise PackError(f"{name}: sources[{i}] must be a table")
        sources.append(Source(_str(s, "name", name, f"sources[{i}].name"), str(s.get("where", ""))))
    valid_from, pending = _date_or_pending(doc.get("valid_from"), name, "valid_from")
    valid_to, _ = _date_or_pending(doc.get("valid_to"), name, "valid_to", allow_pending=False)
    if valid_from and valid_to and valid_to <= valid_from:
        raise PackError(f"{name}: valid_to must be after valid_from")
    rules_raw = doc.get("rules")
    if not isinstance(rules_raw, list) or not rules_raw:
        raise PackError(f"{name}: 'rules' must be a non-empty list ([[rules]] tables)")
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, r in enumerate(rules_raw):
        rule = _parse_rule(r, i, name, pack_id, prefix, version)
        if rule.id in seen:
            raise PackError(f"{name}: rule {rule.id}: duplicate rule id")
        seen.add(rule.id)
        rules.append(rule)
    return Pack(
        id=pack_id,
        prefix=prefix,
        version=version,
        title_nb=title_nb,
        title_en=title_en,
        sources=tuple(sources),
        valid_from=valid_from,
        valid_to=valid_to,
        valid_from_pending=pending,
        rules=tuple(rules),
        description=str(doc.get("description", "")),
        path=path,
    )


def _parse_rule(r: Any, i: int, name: str, pack_id: str, prefix: str, version: str) -> Rule:
    if not isinstance(r, dict):
        raise PackError(f"{name}: rules[{i}] must be a table")
    rid = r.get("id")
    if not isinstance(rid, str) or not _RULE_ID.match(rid):
        raise PackError(f"{name}: rules[{i}]: 'id' must be a string PREFIX.RULE, got {rid!r}")
    where = f"rule {rid}"
    if rid.split(".", 1)[0] != prefix:
        raise PackError(f"{name}: {where}: id must start with the pack prefix {prefix!r}")
    kind = _str(r, "kind", name, f"{where}: kind")
    if kind not in KINDS:
        raise PackError(f"{name}: {where}: unknown kind {kind!r}; known: {', '.join(KINDS)}")
    role = r.get("role")
    if role is not None and role not in ROLES:
        raise PackError(f"{name}: {where}: unknown role {role!r}; known: {', '.join(ROLES)}")
    warn = r.get("warn_hours")
    if warn is not None and (isinstance(warn, bool) or not isinstance(warn, int | float) or warn < 0):
        raise PackError(f"{name}: {where}: warn_hours must be a number >= 0")
    if kind == "deadline" and (role is None or warn is None):
        raise PackError(f"{name}: {where}: a deadline needs 'role' and 'warn_hours' (for alerts)")
    severity = r.get("severity", "breach")
    if severity not in SEVERITIES:
        raise PackError(f"{name}: {where}: severity must be one of {', '.join(SEVERITIES)}")
    for flag in ("interpretation", "evaluated"):
        if flag in r and not isinstance(r[flag], bool):
            raise PackError(f"{name}: {where}: {flag} must be true or false")
    params = r.get("parameters", {})
    if not isinstance(params, dict):
        raise PackError(f"{name}: {where}: parameters must be a table")
    evaluated = r.get("evaluated", True)
    if evaluated:
        from fellesskap.rules.kinds import validate_parameters

        problems = validate_parameters(kind, params)
        if problems:
            raise PackError(f"{name}: {where}: " + "; ".join(problems))
    return Rule(
        id=rid,
        kind=kind,
        text_nb=_str(r, "text_nb", name, f"{where}: text_nb"),
        text_en=_str(r, "text_en", name, f"{where}: text_en"),
        source=_str(r, "source", name, f"{where}: source"),
        parameters=MappingProxyType(dict(params)),
        pack=pack_id,
        pack_version=version,
        interpretation=bool(r.get("interpretation", False)),
        role=role,
        warn_hours=float(warn) if warn is not None else None,
        severity=severity,
        evaluated=evaluated,
        note=str(r.get("note", "")),
    )


def _str(doc: Mapping[str, Any], key: str, name: str, label: str | None = None) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PackError(f"{name}: {label or key} is required and must be a non-empty string")
    return value


def _table(doc: Mapping[str, Any], key: str, name: str) -> Mapping[str, Any]:
    value = doc.get(key)
    if not isinstance(value, dict):
        raise PackError(f"{name}: '{key}' must be a table")
    return value


def _date_or_pending(value: Any, name: str, key: str, allow_pending: bool = True) -> tuple[date | None, bool]:
    if value is None:
        return None, False
    if allow_pending and value == TO_BE_SET:
        return None, True
    if isinstance(value, date) and not isinstance(value, datetime):
        return value, False
    hint = f" or {TO_BE_SET!r}" if allow_pending else ""
    raise PackError(f"{name}: {key} must be a TOML date (YYYY-MM-DD){hint}, got {value!r}")


def find_rule(rule_id: str) -> Rule:
    """The rule with this id in any shipped pack (for alerts and ``rules show``).

    Raises KeyError with a message for an unknown id."""
    for pid in available_packs():
        for rule in load_pack(pid).rules:
            if rule.id == rule_id:
                return rule
    raise KeyError(f"unknown rule id {rule_id!r}")
