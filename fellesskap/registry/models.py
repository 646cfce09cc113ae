"""Registry models: where people are held, who they are, and who may see them.

Time-ranged facts are half-open ``[start, end)``: a stay that ends at 12:00 and
the next that starts at 12:00 do not overlap, and ``end = NULL`` means ongoing.

Records are never overwritten. Each correctable record (person, stay,
placement, status period) carries a ``version`` counter and every version is
kept as a snapshot in :class:`RecordVersion` (who, when, why). Deletion is a
soft *withdrawal* with a reason; withdrawn rows stay in the table and are left
out by ``objects`` (use ``all_objects`` to see them).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from fellesskap import vocabulary as voc
from fellesskap.registry.roles import ROLE_CHOICES


class User(AbstractUser):
    """A person who uses fellesskap (staff, leader, supervisor, analyst).

    Roles and the prisons or region a user may see are separate, time-limited
    grants, so that an inspector's access can expire without editing the user.
    """

    class Meta:
        db_table = "registry_user"


# --- reference data ------------------------------------------------------------------------------


class Region(models.Model):
    """Region — regional office of the Correctional Service (five since 2019)."""

    code = models.CharField(max_length=20, unique=True, choices=voc.choices(voc.REGIONS))
    name_nb = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_nb


class Prison(models.Model):
    """Fengsel / enhet — a prison unit with one security level.

    ``records_from`` (registrert fra) is the first local day the prison
    registers time — unlock, outdoor, contact — in fellesskap: the day it went
    live. Before it the system has no record of anyone's day, so no day before
    it is judged (no findings, no deviation for unregistered isolation): a
    prison that starts using fellesskap is not charged with a year of isolation
    it never had the means to register. Empty: every day is judged.
    """

    class Holds(models.TextChoices):
        MEN = "men", _("men")
        WOMEN = "women", _("women")
        BOTH = "both", _("men and women")

    name = models.CharField(max_length=200)
    code = models.CharField(max_length=20, unique=True, help_text="Short code, e.g. OSL.")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="prisons")
    security_level = models.CharField(max_length=20, choices=voc.choices(voc.SECURITY_LEVELS))
    capacity = models.PositiveIntegerField(default=0)
    holds = models.CharField(max_length=10, choices=Holds.choices, default=Holds.MEN)
    active = models.BooleanField(default=True)
    board_email = models.EmailField(
        _("supervisory board's e-mail"), blank=True,
        help_text=_("Where fellesskap tells the supervisory board (tilsynsrådet) that a new notice awaits it. "
                    "The e-mail holds no personal data: it only asks the board to log in."))
    records_from = models.DateField(
        _("registers time from"), null=True, blank=True,
        help_text=_("The first day this prison registers unlock and contact time in fellesskap. "
                    "Days before it are not judged (no findings or deviations)."))

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def judges(self, day) -> bool:
        """Whether ``day`` (a local date) is judged: on or after the recording start."""
        return self.records_from is None or day >= self.records_from


class Unit(models.Model):
    """Avdeling — a ward inside a prison."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary unit")
        RECEPTION = "reception", _("reception unit")
        SECURITY = "security", _("security unit")
        REINFORCED = "reinforced", _("reinforced unit")
        HEALTH = "health", _("health or psychiatric unit")
        WOMEN = "women", _("unit for women")
        HIGH_SECURITY = "special_high_security", _("unit with a particularly high security level")
        OTHER = "other", _("other unit")

    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.ORDINARY)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["prison__code", "name"]
        constraints = [models.UniqueConstraint(fields=["prison", "name"], name="unit_name_unique_in_prison")]

    def __str__(self) -> str:
        return f"{self.prison.code}/{self.name}"


class Cell(models.Model):
    """Celle — a cell in a unit."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary cell")
        SECURITY_CELL = "security_cell", _("security cell")
        OBSERVATION = "observation", _("observation cell")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cells")
    number = models.CharField(max_length=20)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["unit", "number"]
        constraints = [models.UniqueConstraint(fields=["unit", "number"], name="cell_number_unique_in_unit")]

    def __str__(self) -> str:
        return f"{self.unit}/{self.number}"


# --- versioned records ---------------------------------------------------------------------------


class CurrentManager(models.Manager):
    """Leaves withdrawn rows out, so that a withdrawn record disappears from
    every screen and computation unless a caller asks for it."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class VersionedRecord(models.Model):
    """Base of every record that is corrected by a new version, never edited.

    The row holds the current version; :class:`RecordVersion` holds every
    version (including the current one) with who, when and why. The records app
    reuses this base and :mod:`fellesskap.registry.versioning`.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        editable=False,
    )
    withdrawn_reason = models.TextField(blank=True, editable=False)

    objects = CurrentManager()
    all_objects = models.Manager()  # noqa: DJ012 - ruff takes a second manager for a field

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class RecordVersion(models.Model):
    """One version of a versioned record: a snapshot with who, when and why.

    Generic (``record_type`` + ``record_id``) so that every app's records share
    one history table and one way of reading it.
    """

    class Change(models.TextChoices):
        CREATE = "create", _("created")
        CORRECT = "correct", _("corrected")
        WITHDRAW = "withdraw", _("withdrawn")

    record_type = models.CharField(max_length=60)
    record_id = models.UUIDField()
    version = models.PositiveIntegerField()
    change = models.CharField(max_length=10, choices=Change.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["record_type", "record_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["record_type", "record_id", "version"], name="record_version_unique"),
        ]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id} v{self.version}"


class Person(VersionedRecord):
    """Innsatt — a person held, identified by fødselsnummer, D-number, or an
    alias when the identity is unknown.

    The numeric ``pk`` and the ``public_id`` are the only identifiers used in
    URLs and logs; the national id and the name never leave the detail screens.
    """

    class IdentityKind(models.TextChoices):
        FNR = "fnr", _("national identity number (fødselsnummer)")
        DNR = "dnr", _("D-number")
        UNKNOWN = "unknown", _("unknown identity")

    identity_kind = models.CharField(max_length=10, choices=IdentityKind.choices)
    national_id = models.CharField(max_length=11, null=True, blank=True, unique=True)
    alias = models.CharField(max_length=200, blank=True, help_text="Used when the identity is unknown.")
    given_name = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=voc.choices(voc.SEXES))
    # Sensitive flags (Mandela rule 45, Bangkok rule 22): shown only to roles
    # that need them, see access.can_see_sensitive_flags.
    pregnant = models.BooleanField(default=False)
    infant = models.BooleanField(default=False)
    mental_illness = models.BooleanField(default=False)
    disability = models.BooleanField(default=False)
    # Which prison registered the person; decides visibility until the first stay.
    registered_in = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+")
    # Set when retention replaced the identity by a pseudonym (fellesskap retention apply).
    pseudonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    SENSITIVE_FLAGS = ("pregnant", "infant", "mental_illness", "disability")

    class Meta:
        ordering = ["family_name", "given_name", "alias", "pk"]

    def __str__(self) -> str:
        # Deliberately no name: __str__ ends up in logs and admin history.
        return f"Person {self.public_id}"

    @property
    def display_name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return name or self.alias or str(_("(no name)"))


class Stay(VersionedRecord):
    """Opphold — one continuous period of one person in one prison."""

    class Arrival(models.TextChoices):
        ARREST = "arrest", _("arrest or remand order")
        SENTENCE = "sentence", _("start of sentence")
        TRANSFER = "transfer", _("transfer from another prison")
        RETURN = "return", _("return after escape or leave")
        OTHER = "other", _("other")

    class Release(models.TextChoices):
        RELEASED = "released", _("released")
        TRANSFER = "transfer", _("transferred to another prison")
        HOSPITAL = "hospital", _("moved to hospital")
        ESCAPE = "escape", _("escape or failure to return")
        DEATH = "death", _("death")
        OTHER = "other", _("other")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="stays")
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="stays")
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    arrival_reason = models.CharField(max_length=20, choices=Arrival.choices)
    release_reason = models.CharField(max_length=20, choices=Release.choices, blank=True)
    transferred_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="transferred_to"
    )

    class Meta:
        ordering = ["person", "start"]
        indexes = [models.Index(fields=["prison", "start", "end"])]

    def __str__(self) -> str:
        return f"Stay {self.public_id}"

    @property
    def ongoing(self) -> bool:
        return self.end is None


class Placement(VersionedRecord):
    """Plassering — where in the prison (unit, and cell if known) during a stay."""

    stay = models.ForeignKey(Stay, on_delete=models.PROTECT, related_name="placements")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="placements")
    cell = models.ForeignKey(Cell, on_delete=models.PROTECT, null=True, blank=True, related_name="placements")
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["stay", "start"]

    def __str__(self) -> str:
        return f"Placement {self.public_id}"


class StatusPeriod(VersionedRecord):
    """Status — remand, sentenced or preventive detention, which can change
    during a stay (a remanded person is sentenced without moving)."""

    stay = models.ForeignKey(Stay, on_delete=models.PROTECT, related_name="status_periods")
    status = models.CharField(max_length=30, choices=voc.choices(voc.STATUSES))
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["stay", "start"]

    def __str__(self) -> str:
        return f"Status {self.public_id}"


# --- access --------------------------------------------------------------------------------------


class RoleGrant(models.Model):
    """A role held by a user over a scope (some prisons, a region or the whole
    country) for a period. The rules of what each role may do live in
    :mod:`fellesskap.registry.access`; validation in ``access.validate_grant``."""

    class Scope(models.TextChoices):
        PRISONS = "prisons", _("prisons")
        REGION = "region", _("region")
        NATIONAL = "national", _("national")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(max_length=40, choices=ROLE_CHOICES)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.PRISONS)
    prisons = models.ManyToManyField(Prison, blank=True, related_name="grants")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="grants")
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField(null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["user", "role", "valid_from"]

    def __str__(self) -> str:
        return f"{self.role} ({self.scope})"
