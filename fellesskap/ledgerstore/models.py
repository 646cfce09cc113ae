"""The stored ledger: the rows of :mod:`fellesskap.ledger`, one table each.

These tables are a cache of a pure computation over the records, never a
source: every row can be recomputed from the records (``fellesskap ledger
rebuild``) and must then come out identical. Screens and the rule engine read
them so that no page recomputes a year of sessions.
"""

from __future__ import annotations

from django.db import models

from fellesskap.registry.models import Person


class LedgerDay(models.Model):
    """Persondøgn — one person's one local day in custody (measures.md "Person-days").

    ``isolated_streak`` counts from the person's first day in custody, not
    from a report's period; ``fellesskap ledger show`` recounts it from the
    period's first day, as ``fellesskap evaluate`` does. ``computed_at`` is the
    instant the row was evaluated at (an open record runs up to it).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ledger_days")
    date = models.DateField()
    custody_minutes = models.PositiveIntegerField()
    contact_minutes = models.PositiveIntegerField()
    association_minutes = models.PositiveIntegerField()
    outdoor_minutes = models.PositiveIntegerField()
    out_of_cell_minutes = models.PositiveIntegerField()
    no_contact_minutes = models.PositiveIntegerField()
    isolated = models.BooleanField()
    # "partial_exclusion:danger_to_self_or_others" alone is 42 characters.
    cause = models.CharField(max_length=80, blank=True, help_text="empty when not isolated")
    isolated_streak = models.PositiveIntegerField()
    states = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "date"], name="ledgerday_person_date")]
        indexes = [models.Index(fields=["date"], name="ledgerday_date")]
        ordering = ["person_id", "date"]

    def __str__(self) -> str:
        return f"ledger day {self.date} of person #{self.person_id}"


class LedgerEpisode(models.Model):
    """Episode — an exclusion, security-cell or security-bed episode (measures.md "Episodes").

    ``end`` is null while the episode was ongoing at ``computed_at``; ``hours``
    then runs up to ``computed_at``. ``decisions`` are the decisions' public ids.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ledger_episodes")
    kind = models.CharField(max_length=30)
    decisions = models.JSONField(default=list)
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    hours = models.FloatField()
    long = models.BooleanField()
    over_22h = models.BooleanField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["person", "start"], name="ledgerepisode_person_start")]
        ordering = ["person_id", "start", "kind"]

    def __str__(self) -> str:
        return f"{self.kind} episode from {self.start:%Y-%m-%d} of person #{self.person_id}"
