"""The day measurement as a workflow: announce, check and confirm per prison, conclude nationally.

1. The directorate (a directorate analyst with a national grant) announces a
   date (:func:`announce`).
2. Each prison's leader sees, through the records bridge, the persons in
   custody at the census instant of that date who have no time registered
   that day (:func:`completeness`), registers what is missing in the records
   app, and confirms (:func:`confirm`), which stores the counts seen then.
3. The directorate sees the national result (:func:`national_result`, live
   while prisons are still confirming) and concludes the measurement
   (:func:`conclude`), which freezes the aggregated result for comparison
   with later measurements.

Every step is written to the audit trail in the same transaction, with no
personal data (dates, prison codes and counts only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from fellesskap.audit.trail import record
from fellesskap.registry.models import Person, Prison
from fellesskap.stats import daymeasure
from fellesskap.stats.access import confirming_prisons, is_directorate
from fellesskap.stats.actions import NotAllowed
from fellesskap.stats.models import DayMeasurement, DayMeasurementConfirmation
from fellesskap.stats.placement import local_midnight

TZ = "Europe/Oslo"


class DayMeasurementError(ValueError):
    """A step that may not be taken now; the message starts with the field it is about."""


def census_at(on: date) -> datetime:
    """The census instant of a date (12:00 local, as the records bridge and the tables use)."""
    from fellesskap.records.bridge import CENSUS_TIME
    return datetime.combine(on, CENSUS_TIME, tzinfo=ZoneInfo(TZ))


def measure_from_database(on: date, *, prisons: list[str] | None = None,
                          evaluated_at: datetime | None = None) -> list[daymeasure.MeasuredPerson]:
    """Every person in custody at the census instant of ``on`` (in ``prisons`` if given), measured.

    The scenario comes from the records bridge: the persons held that day with
    their whole history, so an exclusion begun earlier keeps its ground.
    """
    from fellesskap.records.bridge import persons_held, scenario_for
    from fellesskap.stats.compute import census_days

    evaluated_at = evaluated_at or timezone.now()
    lo, hi = local_midnight(on, TZ), local_midnight(on + timedelta(days=1), TZ)
    if prisons is not None and len(prisons) == 1:
        persons = persons_held(lo, hi, prisons[0])
    else:
        persons = persons_held(lo, hi)
    scenario = scenario_for(persons, on, on + timedelta(days=1), evaluated_at)
    people = daymeasure.measure(scenario, census_days(scenario, on), on)
    if prisons is not None:
        wanted = set(prisons)
        people = [m for m in people if m.prison in wanted]
    return people


@transaction.atomic
def announce(on: date, *, actor, note: str = "") -> DayMeasurement:
    """Announce a day measurement for ``on`` (directorate only; one per date)."""
    if not is_directorate(actor):
        raise NotAllowed("only a directorate analyst with a national grant announces a day measurement")
    if not isinstance(on, date):
        raise DayMeasurementError("date: give the date to measure (YYYY-MM-DD)")
    if DayMeasurement.objects.filter(date=on).exists():
        raise DayMeasurementError(f"date: a day measurement for {on.isoformat()} is already announced")
    try:
        with transaction.atomic():
            dm = DayMeasurement.objects.create(date=on, note=note.strip()[:300], announced_by=actor,
                                               announced_at=timezone.now())
    except IntegrityError:
        raise DayMeasurementError(f"date: a day measurement for {on.isoformat()} is already announced") from None
    record(actor=actor, action="announce_day_measurement", obj=("DayMeasurement", str(dm.pk)),
           data={"date": on.isoformat()})
    return dm


def _census_passed(dm: DayMeasurement, now: datetime) -> bool:
    return census_at(dm.date) <= now


@dataclass(frozen=True)
class Completeness:
    """A prison's registrations for the measured date: who was held, and who has no time registered."""

    prison: Prison
    persons: int
    unregistered: list[Person]
    confirmation: DayMeasurementConfirmation | None
    census_passed: bool


def completeness(dm: DayMeasurement, prison: Prison, *, actor, request=None) -> Completeness:
    """The persons without time registered, for a leader of ``prison`` (audited as a list of persons)."""
    if prison not in confirming_prisons(actor):
        raise NotAllowed("only a leader of this prison sees its registrations for the day measurement")
    now = timezone.now()
    passed = _census_passed(dm, now)
    people = measure_from_database(dm.date, prisons=[prison.code], evaluated_at=now) if passed else []
    missing_ids = [m.person for m in people if not m.registered]
    missing = list(Person.objects.filter(public_id__in=missing_ids).order_by("family_name", "given_name", "alias"))
    record(actor=actor, action="list", obj=("DayMeasurement", str(dm.pk)), prison=prison.code, request=request,
           data={"purpose": "day_measurement_completeness", "date": dm.date.isoformat(),
                 "persons": len(people), "unregistered": len(missing)})
    return Completeness(prison=prison, persons=len(people), unregistered=missing,
                        confirmation=dm.confirmations.filter(prison=prison).first(), census_passed=passed)


@transaction.atomic
def confirm(dm: DayMeasurement, prison: Prison, *, actor, comment: str = "") -> DayMeasurementConfirmation:
    """A prison leader confirms the prison's registrations for the date (once; after the census instant)."""
    if prison not in confirming_prisons(actor):
        raise NotAllowed("only a leader of this prison confirms its registrations")
    # Locked and re-read, so a confirmation cannot slip in while the directorate concludes.
    dm = DayMeasurement.objects.select_for_update().get(pk=dm.pk)
    now = timezone.now()
    if not _census_passed(dm, now):
        raise DayMeasurementError("date: the census instant of the measured date has not passed yet")
    if dm.concluded_at is not None:
        raise DayMeasurementError("measurement: the directorate has already concluded this measurement")
    if dm.confirmations.filter(prison=prison).exists():
        raise DayMeasurementError(f"prison: {prison.code} has already confirmed this measurement")
    people = measure_from_database(dm.date, prisons=[prison.code], evaluated_at=now)
    unregistered = sum(1 for m in people if not m.registered)
    try:
        with transaction.atomic():
            c = DayMeasurementConfirmation.objects.create(
                measurement=dm, prison=prison, confirmed_by=actor, confirmed_at=now, persons=len(people),
                unregistered=unregistered, comment=comment.strip()[:300])
    except IntegrityError:
        raise DayMeasurementError(f"prison: {prison.code} has already confirmed this measurement") from None
    record(actor=actor, action="confirm_day_measurement", obj=("DayMeasurement", str(dm.pk)), prison=prison.code,
           data={"date": dm.date.isoformat(), "persons": len(people), "unregistered": unregistered})
    return c


def national_result(dm: DayMeasurement, *, actor, evaluated_at: datetime | None = None) -> dict:
    """The national result (nation, security levels, prisons): stored if concluded, else computed now."""
    if not is_directorate(actor):
        raise NotAllowed("only the directorate sees the national result of a day measurement")
    if dm.result is not None:
        return dm.result
    return daymeasure.result(measure_from_database(dm.date, evaluated_at=evaluated_at or timezone.now()))


@transaction.atomic
def conclude(dm: DayMeasurement, *, actor) -> DayMeasurement:
    """Freeze the national result (directorate only; once; after the census instant)."""
    if not is_directorate(actor):
        raise NotAllowed("only a directorate analyst with a national grant concludes a day measurement")
    dm = DayMeasurement.objects.select_for_update().get(pk=dm.pk)
    now = timezone.now()
    if dm.concluded_at is not None:
        raise DayMeasurementError("measurement: already concluded")
    if not _census_passed(dm, now):
        raise DayMeasurementError("date: the census instant of the measured date has not passed yet")
    dm.result = daymeasure.result(measure_from_database(dm.date, evaluated_at=now))
    dm.concluded_at, dm.concluded_by, dm.data_instant = now, actor, now
    dm.save(update_fields=["result", "concluded_at", "concluded_by", "data_instant"])
    nation = dm.result["nation"]
    record(actor=actor, action="conclude_day_measurement", obj=("DayMeasurement", str(dm.pk)),
           data={"date": dm.date.isoformat(), "persons": nation["persons"],
                 "confirmed_prisons": dm.confirmations.count()})
    return dm


def earlier(dm: DayMeasurement, limit: int = 6) -> list[DayMeasurement]:
    """Concluded measurements before ``dm``, newest first, for comparison."""
    return list(DayMeasurement.objects.filter(date__lt=dm.date, concluded_at__isnull=False).order_by("-date")[:limit])


def prisons_status(dm: DayMeasurement) -> list[tuple[Prison, DayMeasurementConfirmation | None]]:
    """Every active prison with its confirmation (or None), for the directorate's overview."""
    confirmed = {c.prison_id: c for c in dm.confirmations.select_related("confirmed_by")}
    return [(p, confirmed.get(p.pk)) for p in Prison.objects.filter(active=True).order_by("code")]
