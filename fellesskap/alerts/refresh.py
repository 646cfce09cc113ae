"""Keeping one person's stored deadlines, findings and alerts current.

:func:`refresh_person` runs the same chain as ``fellesskap evaluate`` — the
records bridge, the ledger, the rule engine — for one person over a window of
:data:`WINDOW_DAYS` local days up to ``at``, and upserts the result:

- a new deadline or finding is inserted; a known one is updated in place
  (status, ``met_at``, the pack version that produced it);
- one the engine no longer produces (the records were corrected or withdrawn)
  is **marked withdrawn with the reason**, never deleted, so a deadline that
  was once missed stays in the history; if a later correction brings it back,
  the mark is cleared;
- rows older than the window are left alone: the engine cannot see them, so
  their absence says nothing.

Only packs that apply where the person was (a prison's
:class:`~fellesskap.alerts.models.PrisonRulePacks`) are kept: a finding counts
under the packs of the prison that held the person that day, a deadline under
those of the prison at its due instant.

Then alerts: a pending deadline whose warning window (``warn_hours`` before
``due``, from the pack) is open at ``at`` raises one alert for its responsible
role in that prison; an alert is resolved when its deadline is met, missed or
withdrawn.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from fellesskap.alerts.models import Alert, Deadline, Finding, PersonRefresh, PrisonRulePacks
from fellesskap.alerts.packs import packs_for
from fellesskap.ledger import build_ledger
from fellesskap.records.bridge import scenario_for
from fellesskap.registry.models import Person, Placement, Prison, Stay
from fellesskap.rules.alerting import warning_opens_at
from fellesskap.rules.pack import find_rule

logger = logging.getLogger(__name__)
OSLO = ZoneInfo("Europe/Oslo")
WINDOW_DAYS = 400

# Why a row was withdrawn (codes; the screens translate them).
NO_LONGER_FOLLOWS = "no_longer_follows"
PERSON_WITHDRAWN = "person_withdrawn"
PACK_NOT_APPLIED = "pack_not_applied"
BEFORE_RECORDING = "before_recording_start"  # the prison's records_from was set after the finding

LEDGER_DAY_FIELDS = ("custody_minutes", "contact_minutes", "association_minutes", "outdoor_minutes",
                     "out_of_cell_minutes", "no_contact_minutes", "isolated", "cause", "isolated_streak")


@dataclass(frozen=True)
class RefreshResult:
    """What one refresh changed, for the worker's log line and the tests."""

    deadlines: int = 0
    findings: int = 0
    inserted: int = 0
    updated: int = 0
    withdrawn: int = 0
    alerts_raised: int = 0
    alerts_resolved: int = 0
    skipped: bool = False


def window(at: datetime) -> tuple[date, date]:
    """The local dates ``[start, end)`` a refresh at ``at`` evaluates: the last
    :data:`WINDOW_DAYS` days, today included."""
    end = at.astimezone(OSLO).date() + timedelta(days=1)
    return end - timedelta(days=WINDOW_DAYS), end


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), OSLO).astimezone(UTC)


class _Where:
    """Which prison (and unit) held the person at an instant, from their stays."""

    def __init__(self, person: Person, stays: list[Stay] | None = None):
        self.stays = (list(Stay.objects.filter(person=person).select_related("prison").order_by("start"))
                      if stays is None else stays)
        self.person = person

    def stay_at(self, instant: datetime) -> Stay | None:
        covering = [s for s in self.stays if s.start <= instant and (s.end is None or instant < s.end)]
        if covering:
            return covering[-1]
        before = [s for s in self.stays if s.start <= instant]
        return before[-1] if before else (self.stays[0] if self.stays else None)

    def prison_at(self, instant: datetime) -> Prison:
        stay = self.stay_at(instant)
        return stay.prison if stay is not None else self.person.registered_in

    def unit_at(self, instant: datetime):
        stay = self.stay_at(instant)
        if stay is None:
            return None
        placement = (Placement.objects.filter(stay=stay, start__lte=instant).order_by("-start")
                     .select_related("unit").first())
        return placement.unit if placement is not None else None


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), OSLO).astimezone(UTC)


def _lock_person(person: Person, skip_locked: bool) -> Person | None:
    qs = Person.all_objects.filter(pk=person.pk)
    if skip_locked and connection.features.has_select_for_update_skip_locked:
        return qs.select_for_update(skip_locked=True, no_key=True).first()
    return qs.select_for_update(no_key=True).first()


def refresh_person(person: Person, *, at: datetime | None = None, skip_locked: bool = False) -> RefreshResult:
    """Recompute and store one person's deadlines, findings and alerts at ``at``.

    Serialised per person (the person row is locked), so two refreshes of the
    same person never interleave; with ``skip_locked`` (the worker) a person
    being refreshed elsewhere is skipped instead of waited for."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock_person(person, skip_locked)
        if locked is None:
            return RefreshResult(skipped=True)
        return _refresh(locked, at)


def _packs_by_prison(wheres: list[_Where], day: date) -> dict[int, set[str]]:
    prisons = {s.prison_id: s.prison for w in wheres for s in w.stays}
    settings = {r.prison_id: r.packs for r in PrisonRulePacks.objects.filter(prison_id__in=list(prisons))}
    return {pk: set(packs_for(prison, day, settings)) for pk, prison in prisons.items()}


def _kept(where: _Where, packs_by_prison: dict[int, set[str]], findings, deadlines, days: dict):
    """Only what counts under the packs of the prison that held the person then,
    and no finding of a day before that prison registered time (``records_from``)."""
    kept_findings = []
    for f in findings:
        prison = where.prison_at(noon(f.date))
        if f.pack in packs_by_prison.get(prison.pk, ()) and prison.judges(f.date):
            kept_findings.append((f, prison, days.get((f.person, f.date))))
    kept_deadlines = []
    for d in deadlines:
        prison = where.prison_at(d.due)
        if d.pack in packs_by_prison.get(prison.pk, ()):
            kept_deadlines.append((d, prison))
    return kept_findings, kept_deadlines


def _evaluate(person: Person, where: _Where, at: datetime):
    start_day, end_day = window(at)
    packs_by_prison = _packs_by_prison([where], at.astimezone(OSLO).date())
    all_packs = sorted(set().union(*packs_by_prison.values())) if packs_by_prison else []
    from fellesskap.rules.engine import evaluate_packs

    scenario = scenario_for([person], start_day, end_day, at)
    ledger = build_ledger(scenario)
    findings, deadlines = evaluate_packs(scenario, ledger, all_packs) if all_packs else ([], [])
    days = {(d.person, d.date): d for d in ledger.days}
    return _kept(where, packs_by_prison, findings, deadlines, days)


def _evaluate_many(persons: list[Person], wheres: dict[int, _Where], at: datetime) -> dict[int, tuple]:
    """:func:`_evaluate` for many persons at once: their records in a dozen
    queries (sessions straight into the ledger's columns, not as model
    instances), one ledger and one run of the rule engine over all of them,
    evaluated with the union of their packs and then filtered per person as
    :func:`_evaluate` does (a pack's findings never depend on another pack)."""
    from fellesskap.ledgerstore import load
    from fellesskap.records import bridge
    from fellesskap.rules.engine import evaluate_packs
    from fellesskap.scenario import model as m

    if not persons:
        return {}
    start_day, end_day = window(at)
    packs_by_prison = _packs_by_prison(list(wheres.values()), at.astimezone(OSLO).date())
    all_packs = sorted(set().union(*packs_by_prison.values())) if packs_by_prison else []
    pks = [p.pk for p in persons]
    # Every record but the sessions (only those still open at ``at`` come along; the frame replaces them).
    loaded = bridge._Loaded(pks, None, sessions_from=at)
    records = [loaded.person(p) for p in persons]
    frame = load.session_frame(pks, at)
    codes = sorted({s.prison for r in records for s in r.stays})
    prisons = tuple(m.Prison(code=p.code, region=p.region.code, security_level=p.security_level)
                    for p in Prison.objects.filter(code__in=codes).select_related("region").order_by("code"))
    scenario = m.Scenario(timezone=bridge.TIMEZONE, census_time=bridge.CENSUS_TIME, period_start=start_day,
                          period_end=end_day, evaluated_at=at.astimezone(UTC), prisons=prisons,
                          persons=tuple(records))
    ledger = build_ledger(scenario, sessions=frame)
    findings, deadlines = evaluate_packs(scenario, ledger, all_packs) if all_packs else ([], [])
    days = {(d.person, d.date): d for d in ledger.days}
    by_id: dict[str, tuple[list, list]] = {r.id: ([], []) for r in records}
    for f in findings:
        by_id[f.person][0].append(f)
    for d in deadlines:
        by_id[d.person][1].append(d)
    return {p.pk: _kept(wheres[p.pk], packs_by_prison, *by_id[str(p.public_id)], days) for p in persons}


def refresh_many(persons: list[Person], *, at: datetime | None = None, skip_locked: bool = False
                 ) -> dict[int, RefreshResult | None]:
    """:func:`refresh_person` for a batch of persons, evaluated together
    (the worker's sweep). Persons locked by another refresh are skipped (with
    ``skip_locked``); a person whose rows fail to store gets ``None`` and the
    others are kept (each is stored in its own savepoint)."""
    at = at or timezone.now()
    results: dict[int, RefreshResult | None] = {}
    with transaction.atomic():
        qs = Person.all_objects.filter(pk__in=[p.pk for p in persons]).order_by("pk")
        if skip_locked and connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True, no_key=True)
        else:
            qs = qs.select_for_update(no_key=True)
        locked = list(qs)
        got = {p.pk for p in locked}
        results.update({p.pk: RefreshResult(skipped=True) for p in persons if p.pk not in got})
        stays: dict[int, list[Stay]] = {p.pk: [] for p in locked}
        for stay in Stay.objects.filter(person_id__in=list(got)).select_related("prison").order_by("start"):
            stays[stay.person_id].append(stay)
        wheres = {p.pk: _Where(p, stays[p.pk]) for p in locked}
        live = [p for p in locked if p.withdrawn_at is None and wheres[p.pk].stays]
        evaluated = _evaluate_many(live, wheres, at)
        for person in locked:
            try:
                with transaction.atomic():
                    results[person.pk] = _refresh(person, at, where=wheres[person.pk],
                                                  evaluated=evaluated.get(person.pk))
            except Exception:  # one person's bad data must not stop the others
                results[person.pk] = None
                logger.exception("refresh of one person failed")
    return results


def _json(value) -> dict:
    """The value as the JSON field gives it back (tuples as lists, dates as
    text), so that comparing with a stored row finds no change where there is none."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _refresh(person: Person, at: datetime, where: _Where | None = None, evaluated: tuple | None = None
             ) -> RefreshResult:
    where = where or _Where(person)
    if person.withdrawn_at is None and where.stays:
        findings, deadlines = evaluated if evaluated is not None else _evaluate(person, where, at)
        reason = NO_LONGER_FOLLOWS
    else:
        findings, deadlines, reason = [], [], PERSON_WITHDRAWN
    start_day, _end = window(at)
    inserted = withdrawn = 0

    # --- deadlines
    existing = {(r.rule, r.subject, r.due): r for r in Deadline.objects.filter(person=person)}
    seen = set()
    new_rows, changed = [], []
    for d, prison in deadlines:
        key = (d.rule, d.subject, d.due)
        seen.add(key)
        rule = find_rule(d.rule)
        values = {"prison_id": prison.pk, "pack": d.pack, "pack_version": d.pack_version, "status": d.status,
                  "met_at": d.met_at, "responsible_role": rule.role or "", "warn_from": warning_opens_at(d),
                  "withdrawn_at": None, "withdrawn_reason": ""}
        row = existing.get(key)
        if row is None:
            new_rows.append(Deadline(person=person, rule=d.rule, subject=d.subject, due=d.due, first_seen_at=at,
                                     refreshed_at=at, **values))
            continue
        if any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.refreshed_at = at
            changed.append(row)
    window_start = _local_midnight(start_day)
    for key, row in existing.items():
        if key not in seen and row.withdrawn_at is None and (row.due >= window_start or reason == PERSON_WITHDRAWN):
            row.withdrawn_at, row.withdrawn_reason, row.refreshed_at = at, reason, at
            changed.append(row)
            withdrawn += 1
    Deadline.objects.bulk_create(new_rows)
    inserted += len(new_rows)
    Deadline.objects.bulk_update(changed, ["prison", "pack", "pack_version", "status", "met_at", "responsible_role",
                                           "warn_from", "withdrawn_at", "withdrawn_reason", "refreshed_at"])

    # --- findings
    existing_f = {(r.rule, r.date, r.pack_version): r
                  for r in Finding.objects.filter(person=person).select_related("prison")}
    seen_f = set()
    new_f, changed_f = [], []
    for f, prison, day in findings:
        key = (f.rule, f.date, f.pack_version)
        seen_f.add(key)
        ledger_day = {k: getattr(day, k) for k in LEDGER_DAY_FIELDS} if day is not None else {}
        values = {"prison_id": prison.pk, "pack": f.pack, "evidence": _json(f.evidence), "ledger_day": ledger_day,
                  "severity": find_rule(f.rule).severity, "withdrawn_at": None, "withdrawn_reason": ""}
        row = existing_f.get(key)
        if row is None:
            new_f.append(Finding(person=person, rule=f.rule, date=f.date, pack_version=f.pack_version,
                                 first_seen_at=at, refreshed_at=at, **values))
            continue
        if any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.refreshed_at = at
            changed_f.append(row)
    for key, row in existing_f.items():
        if key not in seen_f and row.withdrawn_at is None and (row.date >= start_day or reason == PERSON_WITHDRAWN):
            why = BEFORE_RECORDING if reason == NO_LONGER_FOLLOWS and not row.prison.judges(row.date) else reason
            row.withdrawn_at, row.withdrawn_reason, row.refreshed_at = at, why, at
            changed_f.append(row)
            withdrawn += 1
    Finding.objects.bulk_create(new_f)
    inserted += len(new_f)
    Finding.objects.bulk_update(changed_f, ["prison", "pack", "evidence", "ledger_day", "severity", "withdrawn_at",
                                            "withdrawn_reason", "refreshed_at"])

    raised, resolved = sync_alerts(person, at)
    PersonRefresh.objects.update_or_create(person=person, defaults={"refreshed_at": at})
    updated = len(changed) + len(changed_f) - withdrawn
    return RefreshResult(deadlines=len(deadlines), findings=len(findings), inserted=inserted, updated=updated,
                         withdrawn=withdrawn,
                         alerts_raised=raised, alerts_resolved=resolved)


def sync_alerts(person: Person, at: datetime) -> tuple[int, int]:
    """Raise the alerts whose warning window is open and resolve those whose
    deadline is no longer pending; returns (raised, resolved)."""
    coming = Deadline.objects.filter(person=person, status=Deadline.Status.PENDING, withdrawn_at__isnull=True,
                                     warn_from__lte=at, due__gt=at, alert__isnull=True)
    new = [Alert(deadline=d, prison_id=d.prison_id, role=d.responsible_role, raised_at=at) for d in coming]
    Alert.objects.bulk_create(new)
    resolved = 0
    for alert in Alert.objects.filter(deadline__person=person, resolved_at__isnull=True).select_related("deadline"):
        d = alert.deadline
        if d.withdrawn_at is not None:
            resolution = Alert.Resolution.WITHDRAWN
        elif d.status != Deadline.Status.PENDING:
            resolution = d.status
        else:
            continue
        alert.resolved_at, alert.resolution = at, resolution
        alert.save(update_fields=["resolved_at", "resolution"])
        resolved += 1
    return len(new), resolved
