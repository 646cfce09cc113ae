"""What a decision letter says: built from an exclusion or coercive-means
record into a plain :class:`Letter`, which the template only lays out.

Keeping the wording decisions here (not in the template) lets a test check
each element the law requires in both languages, and keeps the template dumb.
Nothing here writes; nothing here checks access (the view does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from fellesskap import vocabulary as voc
from fellesskap.letters import deadlines
from fellesskap.letters.texts import LANGUAGES, MONTHS, text
from fellesskap.records.models import CoerciveMeans, Exclusion
from fellesskap.records.states import ExclusionState
from fellesskap.registry.access import active_roles

# The rule pack whose review deadlines the letter states (the law in force).
REVIEW_PACK = "no-current"


@dataclass(frozen=True)
class Section:
    """One headed part of the letter; ``missing`` marks a required part left empty."""

    key: str
    heading: str
    body: str
    missing: bool = False


@dataclass(frozen=True)
class Fact:
    """One line of the decision table (label: value)."""

    key: str
    label: str
    value: str


@dataclass(frozen=True)
class Letter:
    """A decision letter (vedtaksbrev) ready to lay out, in one language."""

    language: str
    kind: str  # "exclusion" or "coercive_means"
    title: str
    service: str
    prison: str
    region: str
    addressee: str
    date: date
    date_text: str
    archive_reference: str
    case_id: str
    watermark: str
    summary: list[str]
    decision: list[Fact]
    review: list[str]
    renews: str
    sections: list[Section]
    appeal: list[str]
    documents: str
    decided_by: str
    decided_level: str
    decided_at: str
    appeal_deadline: date
    appeal_weeks: int
    labels: dict[str, str] = field(default_factory=dict)


def format_date(day: date, language: str) -> str:
    """``14. desember 2026`` / ``14 December 2026``."""
    month = MONTHS[language][day.month - 1]
    # A no-break space keeps the day with its month at a line end.
    return f"{day.day}.\u00a0{month} {day.year}" if language == "nb" else f"{day.day}\u00a0{month} {day.year}"


def format_instant(instant: datetime, language: str) -> str:
    local = timezone.localtime(instant)
    return f"{format_date(local.date(), language)} {text(language, 'time_sep')} {local:%H:%M}"


def _label(terms: tuple[voc.Term, ...], code: str, language: str) -> str:
    term = next((t for t in terms if t.code == code), None)
    if term is None:
        return code
    return term.nb if language == "nb" else term.en


def _source(terms: tuple[voc.Term, ...], code: str) -> str:
    return next((t.source for t in terms if t.code == code), "")


def _episode_start(record) -> datetime:
    """The start of the first decision of a renewal chain: review deadlines
    count from the episode's start, not from the renewal's (rules.md)."""
    first = record
    seen = {first.pk}
    while first.renews_id is not None and first.renews_id not in seen:
        first = type(record).all_objects.get(pk=first.renews_id)
        seen.add(first.pk)
    return first.start


def _episode_kind(record) -> str:
    if isinstance(record, Exclusion):
        return f"{record.scope}_exclusion"
    return record.kind


def review_lines(record, language: str) -> list[str]:
    """The review deadlines of the rule pack in force for this kind of
    decision, with the first due date, for an adult (the stricter rules for
    minors are stated by the rule pack and the alerts, not here). A decision
    with a fixed end leaves out the deadlines it ends before."""
    from fellesskap.rules.pack import load_pack

    episode = _episode_kind(record)
    start = _episode_start(record)
    lines = [text(language, "review_always")]
    for rule in load_pack(REVIEW_PACK).rules:
        p = rule.parameters
        if (rule.kind != "deadline" or p.get("record") != "review" or episode not in p.get("episodes", ())
                or p.get("minor") or p.get("anchor") == "end"):
            continue
        due = start + timedelta(days=p.get("after_days", 0), hours=p.get("after_hours", 0))
        if record.end is not None and record.end <= due:
            continue  # a deadline exists only while the decision is still in force (rules.md)
        line = f"{rule.text(language)} ({rule.source})"
        if not (p.get("repeat_days") or p.get("repeat_hours")):
            line += " " + ("Frist: " if language == "nb" else "Due: ") + format_instant(due, language) + "."
        lines.append(line)
    return lines


def _decider(record, language: str) -> str:
    user = record.decided_by
    if user is None:
        return text(language, "not_decided")
    name = user.get_full_name() or user.get_username()
    # The role the person held when deciding, not today's.
    roles = [r for r in active_roles(user, _decided_instant(record)) if f"role_{r}" in _ROLE_KEYS]
    role = text(language, f"role_{roles[0]}") if roles else text(language, "role_other")
    return text(language, "decided_by_line", name=name, role=role)


_ROLE_KEYS = frozenset({"role_unit_leader", "role_prison_leader", "role_region_advisor", "role_officer"})


def _decided_instant(record) -> datetime | None:
    """When the decision was made: an exclusion when it was put in force; a
    coercive means is decided on the spot, when it starts."""
    if isinstance(record, Exclusion):
        return record.decided_at
    return record.start


def _letter_date(record) -> date:
    """The decision's date; a draft is dated today (it is a preview)."""
    decided = _decided_instant(record)
    return timezone.localdate(decided) if decided else timezone.localdate()


def _watermark(record, language: str) -> str:
    state = getattr(record, "state", "")
    if state == ExclusionState.DRAFT:
        return text(language, "draft")
    if state == ExclusionState.REVOKED:
        return text(language, "revoked")
    return ""


def build_letter(record: Exclusion | CoerciveMeans, language: str = "nb",
                 appeal_weeks: int = deadlines.APPEAL_WEEKS) -> Letter:
    """The letter for an exclusion or coercive-means decision in ``language``."""
    if language not in LANGUAGES:
        raise ValueError(f"language: choose one of {', '.join(LANGUAGES)}")
    t = lambda key, **v: text(language, key, **v)  # noqa: E731 — short local alias for the phrasebook
    is_exclusion = isinstance(record, Exclusion)
    person = record.person
    prison = record.prison
    day = _letter_date(record)
    computed = deadlines.appeal_deadline(day, appeal_weeks)
    deadline = record.appeal_deadline or computed
    start = format_instant(record.start, language)
    end = format_instant(record.end, language) if record.end else t("until_further_notice")

    if is_exclusion:
        scope = _label(voc.SCOPES, record.scope, language)
        ground = _label(voc.GROUNDS, record.ground, language)
        legal_ref = _source(voc.GROUNDS, record.ground) or record.legal_basis
        title = t("title_exclusion", scope=scope)
        decision = [Fact("scope", t("scope"), scope)]
        if record.scope == "partial":
            decision.append(Fact("partial_from", t("partial_from"), record.partial_from))
        summary = [t("sum_decided_exclusion", scope=scope)]
        if record.scope == "partial":
            summary.append(t("sum_decided_partial", partial_from=record.partial_from))
    else:
        kind = _label(voc.COERCIVE_KINDS, record.kind, language)
        ground = _label(voc.COERCIVE_REASONS, record.reason, language)
        legal_ref = _source(voc.COERCIVE_KINDS, record.kind) or record.legal_basis
        title = t("title_coercive", kind=kind)
        decision = [Fact("kind", t("kind"), kind)]
        summary = [t("sum_decided_coercive", kind=kind)]
    decision += [
        Fact("ground", t("ground") if is_exclusion else t("coercive_reason"), ground),
        Fact("legal_reference", t("legal_reference"), legal_ref),
        Fact("start", t("start"), start),
        Fact("end", t("end"), end),
    ]
    if not is_exclusion:
        if record.health_notified_at:
            decision.append(Fact("health_notified", t("health_notified"),
                                 format_instant(record.health_notified_at, language)))
        if record.escalated_level:
            decision.append(Fact("escalated", t("escalated", level=t(f"level_name_{record.escalated_level}")),
                                 format_instant(record.escalated_at, language) if record.escalated_at else ""))

    summary.append(t("sum_why", ground=ground))
    summary.append(t("sum_from_to", start=start, end=end) if record.end else t("sum_from_open", start=start))
    summary.append(t("sum_review"))
    summary.append(t("sum_appeal", weeks=appeal_weeks, deadline=format_date(deadline, language),
                     date=format_date(day, language)))
    summary.append(t("sum_help"))

    renews = ""
    if record.renews_id:
        earlier = type(record).all_objects.get(pk=record.renews_id)
        earlier_day = timezone.localdate(getattr(earlier, "decided_at", None) or earlier.start)
        renews = t("renews", date=format_date(earlier_day, language),
                   ref=earlier.archive_reference or str(earlier.public_id))

    statement = ("statement", t("statement"), record.own_statement) if record.own_statement.strip() else (
        "statement_not_obtained", t("statement_not_obtained"), record.statement_not_obtained_reason)
    reasons = record.reasons if is_exclusion else "\n\n".join(x for x in (record.reasons, record.reason_text) if x)
    sections = [
        Section(key, heading, body.strip() or t("not_given"), missing=not body.strip())
        for key, heading, body in (
            ("facts", t("facts"), record.facts),
            ("legal_basis", t("legal_basis"), record.legal_basis or legal_ref),
            ("reasons", t("reasons"), reasons),
            ("less_intrusive", t("less_intrusive"), record.less_intrusive_measures),
            statement,
        )
    ]

    authority = t(f"authority_{record.decided_level or 'prison'}")
    appeal = [
        t("appeal_text", weeks=appeal_weeks, date=format_date(day, language),
          deadline=format_date(deadline, language)),
        t("appeal_how", prison=prison.name, authority=authority),
        t("appeal_no_suspend"),
    ]
    if record.appeal_information.strip():
        appeal.append(record.appeal_information.strip())

    region = prison.region.name_nb if language == "nb" else prison.region.name_en
    decided = _decided_instant(record)
    return Letter(
        language=language, kind="exclusion" if is_exclusion else "coercive_means", title=title,
        service=t("service"), prison=prison.name, region=region,
        addressee=f"{person.given_name} {person.family_name}".strip() or person.alias or t("no_name"),
        date=day, date_text=format_date(day, language),
        archive_reference=record.archive_reference or t("no_ref"), case_id=str(record.public_id),
        watermark=_watermark(record, language), summary=summary, decision=decision,
        review=review_lines(record, language), renews=renews, sections=sections, appeal=appeal,
        documents=t("documents_text"), decided_by=_decider(record, language),
        decided_level=t(f"level_{record.decided_level or 'prison'}"),
        decided_at=format_instant(decided, language) if decided else t("not_decided"),
        appeal_deadline=deadline, appeal_weeks=appeal_weeks,
        labels={k: t(k) for k in ("to", "date", "our_ref", "case_id", "summary_heading", "decision_heading",
                                  "review_rule", "appeal_heading", "documents_heading", "decided_by_heading",
                                  "level", "decided_at", "page")},
    )
