"""What the demo loader has put in the database, so that a second run can see it."""

from django.db import models


class DemoDataset(models.Model):
    """One loaded synthetic demo (demodata): the seed it was generated from and
    what it holds. A second ``fellesskap demo`` with the same seed, scale and end
    date finds this row and loads nothing twice.

    ``period_start``/``period_end`` are the demo's year (local dates, end
    exclusive; the live demo ends on the day it was loaded). ``sessions_from``
    is the first local date with time registrations (unlock, outdoor and contact
    sessions): decisions, reviews and incidents cover the whole year, but time
    sessions only the last weeks, so a ledger or a screen must say "no time
    registrations before this date" rather than count the days before it as
    time locked in. Null when no sessions were loaded at all.
    """

    seed = models.BigIntegerField()
    year = models.PositiveIntegerField()
    scale = models.FloatField()
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    sessions_from = models.DateField(null=True, blank=True)
    loaded_at = models.DateTimeField()
    counts = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seed", "scale", "period_end"], name="demo_dataset_unique")]

    def __str__(self) -> str:
        if self.period_start and self.period_end:
            return f"demo seed {self.seed}, {self.period_start} to {self.period_end} (scale {self.scale})"
        return f"demo seed {self.seed} ({self.year}, scale {self.scale})"


def loaded_demo() -> "DemoDataset | None":
    """The loaded demo, if any (its ``sessions_from`` is where time registrations begin)."""
    return DemoDataset.objects.order_by("-loaded_at").first()
