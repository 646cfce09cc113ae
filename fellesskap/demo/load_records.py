"""Loads the demo's isolation records (stage 2) into the records app's tables.

Why bulk, as for the registry (:mod:`fellesskap.demo.load`): the records'
command layer validates, versions and audits one record at a time, which for a
year of decisions and weeks of time sessions would take far too long for
``make demo``. The rows are written with ``bulk_create`` inside the caller's
transaction, each with its version-1 snapshot, and the load is summarised in
one audit event by the caller.

What is loaded: every decision of the year (exclusions with their renewals
linked through ``renews``, in force when still running at the end, else ended,
decided by a demo user with the letter fields — vedtak — filled with synthetic
text), reviews, coercive means with their supervision checks, week plans with
their items, incidents (with the supervisory board's notice where one is due),
and the time sessions (unlock, outdoor, contact) from ``sessions_from`` on only,
with the isolation-reducing measures offered in those weeks. Nothing is loaded
that happens at or after the end of the demo's year, so that no record lies in
the future of the day the demo was made.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import connections, models, router

from fellesskap import vocabulary as voc
from fellesskap.demo.generate import OSLO, Registry, local_instant
from fellesskap.demo.isolation import IsolationRecords
from fellesskap.records import models as rec
from fellesskap.records.actions import short_days
from fellesskap.records.states import ExclusionState
from fellesskap.registry import models as rm
from fellesskap.registry.versioning import record_type

_BATCH = 2000
VERSION_REASON = "synthetic demo data (fellesskap demo)"

# Synthetic, plausible decision text (bokmål) per ground; the demo's letters say they are demo data.
FACTS = {
    "order_and_security": "Innsatte truet en betjent under fellesskapet og nektet å gå inn på cellen.",
    "danger_to_self_or_others": "Innsatte har truet medinnsatte med vold på avdelingen.",
    "negative_influence": "Innsatte har over tid presset medinnsatte til å skaffe kantinevarer.",
    "material_damage": "Innsatte knuste inventar på cellen og i fellesarealet.",
    "criminal_acts": "Det er funnet mobiltelefon på cellen; det er grunn til å tro at innsmugling planlegges.",
    "building_or_staffing": "Avdelingen er låst ned fordi bemanningen er for lav (sykefravær).",
    "own_wish": "Innsatte har selv bedt om å være utelukket fra fellesskapet og sier hen er redd for medinnsatte.",
    "remand_restriction": "Retten har besluttet at innsatte skal holdes helt eller delvis isolert.",
    "quarantine": "Innsatte har symptomer på smittsom sykdom; helsetjenesten anbefaler isolering til prøvesvar.",
    "preliminary": "Utelukkelse i påvente av avgjørelse etter en hendelse på avdelingen.",
    "other": "Særlige forhold på avdelingen gjør utelukkelse nødvendig.",
}
PARTIAL_FROM = ("fellesskap på kveldstid", "arbeid og fellesskap på dagtid", "fellesskap i helgen",
                "felles lufting")
OBSERVATIONS = ("Rolig, ligger på madrassen.", "Sitter på gulvet, svarer på tiltale.", "Sover, puster normalt.",
                "Urolig, slår på døren.", "Går fram og tilbake i cellen.", "Ber om å få snakke med helse.")
OFFERS = ("Samtale med aktivitør", "Sjakk med betjent", "Trening i treningsrom", "Besøk av frivillig",
          "Samtale med prest", "Felles lufting med én medinnsatt")
COUNTERPART = {
    "association": rec.Counterpart.PRISONERS, "staff_conversation": rec.Counterpart.OFFICER,
    "visit": rec.Counterpart.VISITOR, "video_visit": rec.Counterpart.VISITOR, "health": rec.Counterpart.HEALTH,
    "chaplain": rec.Counterpart.CHAPLAIN, "volunteer": rec.Counterpart.VOLUNTEER,
    "education": rec.Counterpart.TEACHER, "work": rec.Counterpart.ACTIVITY_TEAM,
    "programme": rec.Counterpart.ACTIVITY_TEAM, "isolation_reducing": rec.Counterpart.ACTIVITY_TEAM,
    "phone": rec.Counterpart.OTHER,
}
# The week plan of an exclusion: two hours of meaningful contact on weekdays, less at weekends
# (kept as short days, the warning the records app shows), as plans often are.
WEEKDAY_PLAN = (("staff_conversation", time(9), time(9, 45)), ("isolation_reducing", time(13), time(14)),
                ("staff_conversation", time(18), time(18, 15)))
WEEKEND_PLAN = (("staff_conversation", time(10), time(10, 30)), ("volunteer", time(14), time(15)))
DEFAULT_LEGAL_BASIS = "strgjfl. § 37"  # for a ground whose vocabulary entry names no provision
APPEAL_WEEKS = 3  # forvaltningsloven § 29: three weeks to appeal

_META = {"id", "version", "created_at", "created_by", "withdrawn_at", "withdrawn_by", "withdrawn_reason"}
_FIELDS: dict[type, list[models.Field]] = {}


def fast_snapshot(obj: models.Model) -> dict:
    """The same dict as :func:`fellesskap.registry.versioning.snapshot` without the
    JSON round trip per row (which is most of the cost for half a million sessions);
    a test checks that the two agree for every model loaded here."""
    fields = _FIELDS.get(type(obj))
    if fields is None:
        fields = _FIELDS[type(obj)] = [f for f in obj._meta.concrete_fields if f.name not in _META]
    values = {}
    for f in fields:
        value = getattr(obj, f.attname)
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat()
        elif isinstance(value, date | time):
            value = value.isoformat()
        elif isinstance(value, uuid.UUID):
            value = str(value)
        values[f.attname] = value
    return values


@dataclass
class _Context:
    registry: Registry
    persons: list[rm.Person]
    prisons: dict[str, rm.Prison]
    loader: rm.User
    decider: rm.User
    now: datetime
    end: datetime  # the end of the demo's year: nothing at or after it is loaded
    sessions_from: datetime | None
    rng: random.Random

    def prison_at(self, i: int, at: datetime) -> rm.Prison:
        """Where person ``i`` was held at ``at`` (the nearest stay when just outside one)."""
        stays = self.registry.persons[i].stays
        for s in stays:
            if s.start <= at and (s.end is None or at < s.end):
                return self.prisons[s.prison]
        before = [s for s in stays if s.start <= at]
        return self.prisons[(before[-1] if before else stays[0]).prison]

    def stamp(self, obj):
        obj.version, obj.created_at, obj.created_by = 1, self.now, self.loader
        return obj


def load_isolation_records(registry: Registry, records: dict[str, IsolationRecords], persons: list[rm.Person],
                           prisons: dict[str, rm.Prison], *, loader: rm.User, decider: rm.User, now: datetime,
                           sessions_from: date | None) -> dict[str, int]:
    """Writes ``records`` (per demo person id) for the saved ``persons`` (same order as
    ``registry.persons``); returns the row counts. Call inside a transaction."""
    ctx = _Context(registry, persons, prisons, loader, decider, now,
                   end=local_instant(registry.period_end, time(0)),
                   sessions_from=None if sessions_from is None else local_instant(sessions_from, time(0)),
                   rng=random.Random(f"fellesskap-demo-records:{registry.seed}:{registry.key}:{registry.scale}"))
    versioned: list[rec.PersonRecord] = []
    counts: dict[str, int] = {}

    exclusions, means = _decisions(ctx, records, versioned)
    counts["exclusions"] = sum(len(v) for v in exclusions.values())
    counts["coercive_means"] = sum(len(v) for v in means.values())

    reviews, checks, plans, items, incidents = [], [], [], [], []
    for i, p in enumerate(registry.persons):
        r = records.get(p.id)
        if r is None:
            continue
        decisions = {**exclusions.get(i, {}), **means.get(i, {})}
        for x in r.reviews:
            subject = _in_force_at(exclusions.get(i, {}), x.subject, x.at) or decisions.get(x.subject)
            if subject is None or x.at >= ctx.end:
                continue
            ends = subject.end is not None and x.at >= subject.end
            reviews.append(ctx.stamp(rec.Review(
                person=persons[i], prison=ctx.prison_at(i, x.at), at=x.at, level=x.level,
                outcome=rec.Review.Outcome.END if ends else rec.Review.Outcome.CONTINUE,
                reasons="Vilkårene er fortsatt til stede; tiltaket opprettholdes." if not ends
                else "Tiltaket er avsluttet.", **_subject(subject))))
        for x in r.supervisions:
            subject = decisions.get(x.subject)
            if subject is None or x.at >= ctx.end:
                continue
            checks.append(ctx.stamp(rec.Supervision(
                person=persons[i], prison=subject.prison, at=x.at, observation=ctx.rng.choice(OBSERVATIONS),
                condition="stabil", health_called=ctx.rng.random() < 0.02, **_subject(subject))))
        for x in r.week_plans:
            subject = decisions.get(x.subject)
            if not isinstance(subject, rec.Exclusion) or x.at >= ctx.end:
                continue
            plan_items = [{"weekday": d, "kind": k, "start_time": a, "end_time": b}
                          for d in range(7) for k, a, b in (WEEKDAY_PLAN if d < 5 else WEEKEND_PLAN)]
            plan = ctx.stamp(rec.WeekPlan(person=persons[i], prison=subject.prison, exclusion=subject,
                                          made_at=x.at, week_start=x.at.astimezone(OSLO).date(),
                                          short_days=short_days(plan_items)))
            plans.append(plan)
            items.extend(rec.WeekPlanItem(plan=plan, **item) for item in plan_items)
        for x in r.incidents:
            if x.at >= ctx.end:
                continue
            incidents.append(ctx.stamp(rec.Incident(
                person=persons[i], prison=ctx.prison_at(i, x.at), kind=x.kind, at=x.at, serious=x.serious,
                health_told_at=x.at + timedelta(minutes=ctx.rng.randint(5, 90)),
                description="Syntetisk hendelse (demodata).")))
    for model, rows in ((rec.Review, reviews), (rec.Supervision, checks), (rec.WeekPlan, plans),
                        (rec.Incident, incidents)):
        model.objects.bulk_create(rows, batch_size=_BATCH)
        versioned.extend(rows)
    rec.WeekPlanItem.objects.bulk_create(items, batch_size=_BATCH)
    counts.update(reviews=len(reviews), supervisions=len(checks), week_plans=len(plans), incidents=len(incidents))
    counts["board_notifications"] = _board_notifications(incidents, now)

    sessions, measures = _sessions(ctx, records, exclusions)
    versions = _save_sessions(ctx, sessions, measures)
    counts.update(time_sessions=len(sessions), isolation_reducing_measures=len(measures))
    versions.extend((record_type(obj), obj.public_id, fast_snapshot(obj)) for obj in versioned)
    insert_rows(rm.RecordVersion, (
        {"record_type": kind, "record_id": public_id, "version": 1, "change": rm.RecordVersion.Change.CREATE,
         "at": now, "actor_id": loader.pk, "reason": VERSION_REASON, "snapshot": values}
        for kind, public_id, values in versions))
    return counts


def _in_force_at(exclusions: dict[str, rec.Exclusion], decision_id: str, at: datetime) -> rec.Exclusion | None:
    """The decision of ``decision_id``'s chain (E12-1, E12-2, …) that applied at ``at``.

    The generator files a renewed exclusion's later reviews under the chain's last
    decision; in the database a review belongs to the decision it reassessed, which
    is the one in force when it was made (the first one if it was made before any)."""
    chain = decision_id.split("-", 1)[0]
    pieces = sorted((row for key, row in exclusions.items() if key.split("-", 1)[0] == chain),
                    key=lambda row: row.start)
    if not pieces:
        return None
    started = [row for row in pieces if row.start <= at]
    return started[-1] if started else pieces[0]


def _subject(subject) -> dict:
    return {"exclusion": subject} if isinstance(subject, rec.Exclusion) else {"coercive_means": subject}


def _letter(ctx: _Context, ground_or_kind: str, legal_basis: str, at: datetime, number: int, renewal: bool,
            facts: str) -> dict:
    statement = ctx.rng.random() < 0.8
    return {
        "facts": ("Fornyet vedtak. " if renewal else "") + facts + " (Syntetiske demodata.)",
        "legal_basis": legal_basis,
        "reasons": ("Vilkårene er fortsatt til stede etter fortløpende vurdering." if renewal else
                    "Tiltaket anses strengt nødvendig og forholdsmessig ut fra situasjonen."),
        "less_intrusive_measures": "Samtale og advarsel er forsøkt; mindre inngripende tiltak anses ikke "
                                   "tilstrekkelig.",
        "own_statement": "Innsatte er uenig i vedtaket." if statement else "",
        "statement_not_obtained_reason": "" if statement else "Innsatte ønsket ikke å uttale seg.",
        "appeal_information": "Vedtaket kan påklages innen tre uker etter at det er gjort kjent "
                              "(forvaltningsloven § 29). Klagen sendes fengselet.",
        "appeal_deadline": at.astimezone(OSLO).date() + timedelta(weeks=APPEAL_WEEKS),
        "archive_reference": f"DEMO-{at.astimezone(OSLO).year}/{number:06d}",
    }


def _decisions(ctx: _Context, records: dict[str, IsolationRecords], versioned: list
               ) -> tuple[dict[int, dict[str, rec.Exclusion]], dict[int, dict[str, rec.CoerciveMeans]]]:
    """Exclusions (renewals saved in waves so that ``renews`` points at a saved row)
    and coercive means, per person index and generator id."""
    sources = {t.code: t.source for t in voc.GROUNDS}
    exclusions: dict[int, dict[str, rec.Exclusion]] = {}
    means: dict[int, dict[str, rec.CoerciveMeans]] = {}
    waves: list[list[rec.Exclusion]] = []
    number = 0
    for i, p in enumerate(ctx.registry.persons):
        r = records.get(p.id)
        if r is None:
            continue
        previous: dict[str, rec.Exclusion] = {}
        for x in sorted(r.exclusions, key=lambda e: e.start):
            if x.start >= ctx.end:
                continue
            number += 1
            chain, _, piece = x.id.partition("-")
            k = int(piece) - 1 if piece else 0
            row = ctx.stamp(rec.Exclusion(
                person=ctx.persons[i], prison=ctx.prison_at(i, x.start), scope=x.scope,
                partial_from=ctx.rng.choice(PARTIAL_FROM) if x.scope == "partial" else "",
                ground=x.ground, start=x.start, end=x.end,
                state=ExclusionState.ENDED if x.end is not None else ExclusionState.IN_FORCE,
                decided_by=ctx.decider, decided_level=rec.DecisionLevel.PRISON, decided_at=x.start,
                renews=previous.get(chain),
                **_letter(ctx, x.ground, sources.get(x.ground) or DEFAULT_LEGAL_BASIS, x.start, number, k > 0,
                          FACTS.get(x.ground, FACTS["other"]))))
            previous[chain] = row
            exclusions.setdefault(i, {})[x.id] = row
            while len(waves) <= k:
                waves.append([])
            waves[k].append(row)
        for x in r.coercive_means:
            if x.start >= ctx.end:
                continue
            number += 1
            supervised = x.kind in rec.CoerciveMeans.SUPERVISED_KINDS
            means.setdefault(i, {})[x.id] = ctx.stamp(rec.CoerciveMeans(
                person=ctx.persons[i], prison=ctx.prison_at(i, x.start), kind=x.kind, reason=x.reason or "other",
                reason_text="Akutt situasjon på avdelingen. (Syntetiske demodata.)", start=x.start, end=x.end,
                decided_by=ctx.decider,
                health_notified_at=x.start + timedelta(minutes=ctx.rng.randint(5, 45)) if supervised else None,
                **_letter(ctx, x.kind, "strgjfl. § 38", x.start, number, False,
                          "Innsatte måtte plasseres under tvang for å avverge fare.")))
    for wave in waves:  # wave k holds the k-th decisions of each chain; k - 1 is saved already
        for row in wave:
            if row.renews is not None:
                row.renews_id = row.renews.pk
        rec.Exclusion.objects.bulk_create(wave, batch_size=_BATCH)
        versioned.extend(wave)
    saved_means = [m for per in means.values() for m in per.values()]
    rec.CoerciveMeans.objects.bulk_create(saved_means, batch_size=_BATCH)
    versioned.extend(saved_means)
    return exclusions, means


def _board_notifications(incidents: list[rec.Incident], now: datetime) -> int:
    """The supervisory board's notice for each suicide and suicide attempt (the
    repeated-self-harm notice needs the command layer's look-back and is left out)."""
    reasons = {"suicide": rec.SupervisoryBoardNotification.Reason.SUICIDE,
               "suicide_attempt": rec.SupervisoryBoardNotification.Reason.SUICIDE_ATTEMPT}
    rows = [rec.SupervisoryBoardNotification(
        incident=x, prison=x.prison, reason=reasons[x.kind], created_at=x.at,
        contents={"incident": str(x.public_id), "person": str(x.person.public_id), "kind": x.kind,
                  "at": x.at.astimezone(UTC).isoformat(), "prison": x.prison.code},
        sent_at=x.at + timedelta(days=1))
        for x in incidents if x.kind in reasons]
    rec.SupervisoryBoardNotification.objects.bulk_create(rows, batch_size=_BATCH)
    return len(rows)


def _sessions(ctx: _Context, records: dict[str, IsolationRecords],
              exclusions: dict[int, dict[str, rec.Exclusion]]
              ) -> tuple[list[dict], list[tuple[rec.IsolationReducingMeasure, uuid.UUID | None]]]:
    """Time sessions from ``sessions_from`` on (as column values: there are hundreds of
    thousands), and the isolation-reducing offers of those weeks: each isolation-reducing
    session is an accepted offer (paired with its session's ``public_id``), and an excluded
    person's day without one has a declined offer now and then."""
    sessions: list[dict] = []
    measures: list[tuple[rec.IsolationReducingMeasure, uuid.UUID | None]] = []
    if ctx.sessions_from is None:
        return sessions, measures
    lo, hi = ctx.sessions_from, ctx.end
    for i, p in enumerate(ctx.registry.persons):
        r = records.get(p.id)
        if r is None:
            continue
        person = ctx.persons[i]
        seen: set[tuple[str, str, datetime]] = set()
        offered_days: set[date] = set()

        def add(category: str, kind: str, start: datetime, end: datetime | None, counterpart: str = "",
                i=i, person=person, seen=seen) -> dict | None:
            if not lo <= start < hi or (category, kind, start) in seen:
                return None
            seen.add((category, kind, start))
            row = {"public_id": uuid.uuid4(), "person_id": person.pk, "prison_id": ctx.prison_at(i, start).pk,
                   "category": category, "kind": kind, "counterpart": counterpart, "start": start,
                   "end": None if end is not None and end > hi else end}
            sessions.append(row)
            return row

        for x in r.unlock:
            add(rec.Category.UNLOCK, "", x.start, x.end)
        for x in r.outdoor:
            add(rec.Category.OUTDOOR, "", x.start, x.end)
        for x in r.contacts:
            row = add(rec.Category.CONTACT, x.kind, x.start, x.end, COUNTERPART.get(x.kind, ""))
            if row is not None and x.kind == "isolation_reducing":
                offered_days.add(x.start.astimezone(OSLO).date())
                measures.append((ctx.stamp(rec.IsolationReducingMeasure(
                    person=person, prison_id=row["prison_id"], at=row["start"] - timedelta(hours=2),
                    description=ctx.rng.choice(OFFERS), offered_by=rec.Counterpart.ACTIVITY_TEAM,
                    response=rec.IsolationReducingMeasure.Response.ACCEPTED)), row["public_id"]))
        for x in exclusions.get(i, {}).values():
            if x.scope != "full":
                continue
            for day in _days(max(x.start, lo), min(x.end or hi, hi)):
                at = local_instant(day, time(13, ctx.rng.randrange(0, 60)))
                if day in offered_days or not x.start <= at < (x.end or hi) or at >= hi:
                    continue
                if ctx.rng.random() < 0.4:
                    offered_days.add(day)
                    measures.append((ctx.stamp(rec.IsolationReducingMeasure(
                        person=person, prison=x.prison, at=at, description=ctx.rng.choice(OFFERS),
                        offered_by=rec.Counterpart.ACTIVITY_TEAM,
                        response=rec.IsolationReducingMeasure.Response.DECLINED)), None))
    return sessions, measures


def _save_sessions(ctx: _Context, sessions: list[dict],
                   measures: list[tuple[rec.IsolationReducingMeasure, uuid.UUID | None]]) -> list[tuple]:
    """Inserts the sessions and the measures (linked to their sessions); returns the versions to write."""
    stamp = {"version": 1, "created_at": ctx.now, "created_by_id": ctx.loader.pk}
    insert_rows(rec.TimeSession, ({**row, **stamp} for row in sessions))
    wanted = [pid for _, pid in measures if pid is not None]
    pks = {}
    for k in range(0, len(wanted), 500):
        pks.update(rec.TimeSession.objects.filter(public_id__in=wanted[k:k + 500]).values_list("public_id", "pk"))
    for measure, pid in measures:
        if pid is not None:
            measure.session_id = pks[pid]
    rows = [m for m, _ in measures]
    rec.IsolationReducingMeasure.objects.bulk_create(rows, batch_size=_BATCH)
    label = rec.TimeSession._meta.label_lower
    versions = [(label, row["public_id"], values_snapshot(rec.TimeSession, row)) for row in sessions]
    versions.extend((record_type(m), m.public_id, fast_snapshot(m)) for m in rows)
    return versions


def _days(a: datetime, b: datetime) -> Iterable[date]:
    day, last = a.astimezone(OSLO).date(), b.astimezone(OSLO).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def values_snapshot(model: type[models.Model], values: dict) -> dict:
    """:func:`fast_snapshot` of a row given as column values (``attname`` → value)."""
    fields = _FIELDS.get(model)
    if fields is None:
        fields = _FIELDS[model] = [f for f in model._meta.concrete_fields if f.name not in _META]
    out = {}
    for f in fields:
        value = values[f.attname] if f.attname in values else f.get_default()
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat()
        elif isinstance(value, uuid.UUID):
            value = str(value)
        out[f.attname] = value
    return out


def insert_rows(model: type[models.Model], rows: Iterable[dict], batch: int = 5000) -> int:
    """Inserts rows given as column values with one prepared INSERT per batch.

    Why not ``bulk_create``: for half a million sessions and their versions, making
    a model instance and compiling every value through the ORM is most of the
    demo's load time. The values are still converted by the model's own fields for
    the database in use (UUID, instants, JSON), and every field the row leaves out
    takes the field's default, so the rows are what ``bulk_create`` would write.
    """
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    plain = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey,
             models.FloatField)
    convert = [None if isinstance(f, plain) else f for f in fields]
    missing = object()
    defaults = [missing if f.has_default() and callable(f.default) else f.get_default() for f in fields]
    names = [f.attname for f in fields]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    count = 0
    with connection.cursor() as cursor:
        chunk: list[tuple] = []
        for row in rows:
            values = []
            for name, field, default, model_field in zip(names, convert, defaults, fields, strict=True):
                value = row.get(name, default)
                if value is missing:
                    value = model_field.get_default()  # a callable default (uuid4), made per row
                if field is not None and value is not None:
                    value = field.get_db_prep_save(value, connection)
                values.append(value)
            chunk.append(tuple(values))
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def remove_isolation_records(loader: rm.User) -> None:
    """Deletes every isolation record about the demo's persons (``--replace``), children
    before parents, so that the persons can be removed after. Records made by hand on a
    demo person during a demo go too: they are about a synthetic person."""
    mine = {"person__created_by": loader}
    rec.SupervisoryBoardNotification.objects.filter(incident__person__created_by=loader).delete()
    rec.Appeal.all_objects.filter(exclusion__person__created_by=loader).delete()
    for model in (rec.IsolationReducingMeasure, rec.TimeSession, rec.Review, rec.Supervision, rec.WeekPlan,
                  rec.Incident):
        model.all_objects.filter(**mine).delete()
    for model in (rec.Exclusion, rec.CoerciveMeans):
        model.all_objects.filter(**mine).update(renews=None)
        model.all_objects.filter(**mine).delete()
