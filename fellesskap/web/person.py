"""The person page (personside): a person's isolation at a glance — contact per
day for the last 90 days as a calendar, one day's timeline, the episodes, the
decisions and reviews, the findings and deadlines of the rules in force, and
the week plan against what happened.

Every figure comes from the ledger over the bridge's typed person (the same
computation as the statistics and ``fellesskap evaluate``). The read is
audited through :func:`fellesskap.registry.reading.read_person`, which also
answers 404 for a person outside the user's prisons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fellesskap.ledger import compute_days, compute_episodes
from fellesskap.records import bridge
from fellesskap.records.models import CoerciveMeans, Exclusion, Review, WeekPlan
from fellesskap.registry import reading
from fellesskap.scenario.model import Scenario
from fellesskap.web.deadlines import evaluate_person
from fellesskap.web.figures.heatmap import calendar, summarise
from fellesskap.web.figures.timeline import day_timeline
from fellesskap.web.figures.weekplan import PlannedBlock, plan_against_actual

CALENDAR_DAYS = 90

LANE_LABELS = {
    "custody": _("In custody"), "full_exclusion": _("Full exclusion"), "partial_exclusion": _("Partial exclusion"),
    "security_cell": _("Security cell"), "security_bed": _("Security bed"), "association": _("Association"),
    "contact": _("Meaningful contact"), "outdoor": _("Outdoor time"), "unlock": _("Unlocked"),
    "locked_in": _("Locked in"),
}
EPISODE_LABELS = {
    "full_exclusion": _("Full exclusion"), "partial_exclusion": _("Partial exclusion"),
    "security_cell": _("Security cell"), "security_bed": _("Security bed"),
}


def _day(text: str | None, today: date, first: date) -> date:
    """The day asked for (``?day=YYYY-MM-DD``), today when missing, malformed or in the future."""
    try:
        day = date.fromisoformat(text) if text else today
    except ValueError:
        return today
    return min(day, today) if day >= date(2000, 1, 1) else today


def _days(typed, first: date, end: date, now):
    scenario = Scenario(timezone=bridge.TIMEZONE, census_time=time(12), period_start=first, period_end=end,
                        evaluated_at=now, persons=(typed,))
    return compute_days(typed, scenario)


def _week_plan(person, day: date):
    """The plan for the week of ``day``, else the latest one made before the end of that week."""
    monday = day - timedelta(days=day.weekday())
    plans = WeekPlan.objects.filter(person=person).prefetch_related("items").select_related("exclusion")
    return (plans.filter(week_start=monday).order_by("-made_at").first()
            or plans.filter(week_start__lt=monday + timedelta(days=7)).order_by("-week_start", "-made_at").first())


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one rule: one line per rule, not per day."""

    rule: str
    days: int
    first: date
    last: date


def group_findings(findings) -> list[FindingGroup]:
    by_rule: dict[str, list[date]] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f.date)
    groups = [FindingGroup(rule, len(set(ds)), min(ds), max(ds)) for rule, ds in by_rule.items()]
    return sorted(groups, key=lambda g: (g.last, g.days), reverse=True)


@login_required
def person_page(request, person_id):
    person = reading.read_person(request.user, person_id, request=request, purpose="person_page")
    now = timezone.now()
    today = timezone.localdate(now)
    first = today - timedelta(days=CALENDAR_DAYS - 1)
    typed = bridge.scenario_person(person, until=now + timedelta(seconds=1))
    days = _days(typed, first, today + timedelta(days=1), now)
    day = _day(request.GET.get("day"), today, first)
    day_row = next((d for d in days if d.date == day), None)
    if day_row is None and day < first:
        rows = _days(typed, day, day + timedelta(days=1), now)
        day_row = rows[0] if rows else None
    rules = evaluate_person(typed, first, today + timedelta(days=1), now)
    plan = _week_plan(person, day)
    plan_rows = []
    if plan is not None:
        blocks = [PlannedBlock(i.weekday, i.kind, i.start_time, i.end_time) for i in plan.items.all()]
        week_days = _days(typed, plan.week_start, plan.week_start + timedelta(days=7), now)
        plan_rows = plan_against_actual(plan.week_start, blocks, week_days, today)
    timeline = day_timeline(typed, day, now, bridge.TIMEZONE)
    return render(request, "web/person/page.html", {
        "person": person, "today": today, "first": first, "day": day, "day_row": day_row,
        "prev_day": day - timedelta(days=1), "next_day": day + timedelta(days=1) if day < today else None,
        "weeks": calendar(days, first, today), "summary": summarise(days),
        "timeline": timeline, "lanes": [(lane, LANE_LABELS[lane.key]) for lane in timeline.lanes],
        "episodes": [(e, EPISODE_LABELS[e.kind]) for e in reversed(compute_episodes(typed, now))],
        "exclusions": Exclusion.objects.filter(person=person).select_related("renews").order_by("-start"),
        "means": CoerciveMeans.objects.filter(person=person).order_by("-start"),
        "reviews": Review.objects.filter(person=person).select_related("exclusion", "coercive_means").order_by("-at"),
        "findings": group_findings(rules.findings), "deadlines": rules.pending, "missed": rules.missed,
        "plan": plan, "plan_rows": plan_rows,
    })
