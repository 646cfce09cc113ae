"""What the demo loader has put in the database, so that a second run can see it."""

from django.db import models


class DemoDataset(models.Model):
    """One loaded synthetic demo (demodata): the seed it was generated from and
    what it holds. A second ``fellesskap demo`` with the same seed finds this row
    and loads nothing twice."""

    seed = models.BigIntegerField()
    year = models.PositiveIntegerField()
    scale = models.FloatField()
    loaded_at = models.DateTimeField()
    counts = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seed", "year", "scale"], name="demo_dataset_unique")]

    def __str__(self) -> str:
        return f"demo seed {self.seed} ({self.year}, scale {self.scale})"
