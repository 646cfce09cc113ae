"""Stored statistics: reference figures from the seeds and frozen editions (utgaver).

An :class:`Edition` is what was published: the tables' values as JSON, the
instant of the data, the rule-pack versions and who published it. It is never
changed after it is written; a correction is a new edition of the same period
and area that lists what changed (``changes``) and points at the one it
supersedes, so that a figure once quoted can always be found again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FrozenError(Exception):
    """Raised on any attempt to change or delete a published edition through the ORM."""


class FrozenQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FrozenError("published editions cannot be changed; publish a correction instead")

    def delete(self):
        raise FrozenError("published editions cannot be deleted; publish a correction instead")

    def bulk_update(self, *args, **kwargs):
        raise FrozenError("published editions cannot be changed; publish a correction instead")


class ReferenceFigure(models.Model):
    """A published yearly figure (referansetall) with its source, loaded from ``data/reference.csv``."""

    source = models.CharField(max_length=40)
    measure = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    value = models.IntegerField()
    document = models.CharField(max_length=200)
    table = models.CharField(max_length=300)
    location = models.CharField(max_length=300, blank=True)
    published = models.PositiveSmallIntegerField(help_text="year the source was published; the newer wins")

    class Meta:
        ordering = ["measure", "year", "published"]
        constraints = [models.UniqueConstraint(fields=["source", "measure", "year"], name="stats_reference_unique")]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}: {self.value} ({self.source})"


class Edition(models.Model):
    """One published edition (utgave) of a period's statistics for an area. Frozen once written."""

    period = models.CharField(max_length=7, help_text="YYYY-MM")
    area = models.CharField(max_length=60, help_text="nation, region:CODE or prison:CODE")
    number = models.PositiveIntegerField(help_text="1 for the first edition, then one up per correction")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                     related_name="+")
    data_instant = models.DateTimeField(help_text="the instant the data were evaluated at")
    rule_packs = models.JSONField(default=dict, help_text="rule pack id → version")
    tables = models.JSONField(help_text="table name → titles, note, level and rows (real counts)")
    changes = models.JSONField(default=list, blank=True, help_text="row differences from the superseded edition")
    reason = models.TextField(blank=True)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by")

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["period", "area", "number"]
        constraints = [models.UniqueConstraint(fields=["period", "area", "number"], name="stats_edition_unique")]

    def __str__(self) -> str:
        return f"{self.period} {self.area} #{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenError("published editions cannot be changed; publish a correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("published editions cannot be deleted; publish a correction instead")


class DayMeasurement(models.Model):
    """A day measurement (dagsmåling) announced by the directorate for one date.

    Announcing tells the prisons which date to check; each prison then
    confirms its registrations (:class:`DayMeasurementConfirmation`).
    Concluding stores the national result (``result``, aggregated, no person)
    so that later measurements are compared with what was concluded then,
    not with figures recomputed after later corrections.
    """

    date = models.DateField(unique=True)
    note = models.CharField(max_length=300, blank=True)
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    announced_at = models.DateTimeField()
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    concluded_at = models.DateTimeField(null=True, blank=True)
    data_instant = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"dagsmåling {self.date.isoformat()}"


class DayMeasurementConfirmation(models.Model):
    """A prison's confirmation that its registrations for the measured date are complete.

    ``persons`` and ``unregistered`` are the counts the leader saw when
    confirming (persons in custody at the census instant, and those of them
    with no time registered that day), kept as a record of what was confirmed.
    """

    measurement = models.ForeignKey(DayMeasurement, on_delete=models.PROTECT, related_name="confirmations")
    prison = models.ForeignKey("registry.Prison", on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField()
    persons = models.PositiveIntegerField()
    unregistered = models.PositiveIntegerField()
    comment = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["measurement", "prison"], name="one_confirmation_per_prison")]
        ordering = ["prison__code"]

    def __str__(self) -> str:
        return f"{self.measurement} {self.prison_id}"


class EditionPdf(models.Model):
    """The rendered PDF of an edition (utgave-PDF) in one language, kept after the first download.

    An edition never changes, and its PDF is built only from what was published
    by the edition's own instant (``pdf.edition_pdf``), so the bytes can be
    stored once and served again. ``layout`` is the version of the PDF's
    template and charts (``cache.LAYOUT``): a new layout renders afresh rather
    than serve a PDF that looks unlike the rest.
    """

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="pdfs")
    language = models.CharField(max_length=2)
    layout = models.PositiveSmallIntegerField()
    data = models.BinaryField()
    rendered_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "language", "layout"],
                                               name="stats_edition_pdf_unique")]

    def __str__(self) -> str:
        return f"{self.edition} PDF {self.language} (layout {self.layout})"
