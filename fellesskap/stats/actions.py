"""Publishing editions (utgaver): the only way an edition is written, audited in the same transaction.

Publishing freezes a month's tables as they are computed now. A correction
(the data were corrected, or a rule pack changed) publishes the period again:
a new edition numbered one up, holding the row differences from the previous
one, its reason and a link to it. The old edition is never touched, so a
figure quoted from it can always be found as it was.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fellesskap.audit.trail import record
from fellesskap.registry import roles
from fellesskap.stats.models import Edition
from fellesskap.stats.publication import Publication, diff_tables


class PublishError(ValueError):
    """A publication that may not be made; the message says why (and names the field)."""


class NotAllowed(PermissionError):
    """The actor may not publish statistics."""


def may_publish(user) -> bool:
    """Directorate analysts with a national grant publish the statistics (KDI publishes them today)."""
    from fellesskap.registry.access import held_grants

    if not getattr(user, "is_authenticated", False):
        return False
    return any(g.role == roles.DIRECTORATE_ANALYST and g.scope == "national" for g in held_grants(user))


@transaction.atomic
def publish_edition(publication: Publication, *, actor, reason: str = "") -> Edition:
    """Freeze ``publication`` as the next edition of its period and area.

    The first edition needs no reason; a correction must give one and must
    change at least one row (an identical republication would be noise in the
    record). Raises NotAllowed or PublishError; writes nothing then.
    """
    if not may_publish(actor):
        raise NotAllowed("only a directorate analyst with a national grant may publish statistics")
    if not publication.tables:
        raise PublishError("tables: a publication needs at least one table")
    # Lock the period's editions so two analysts publishing at once get numbers 1 and 2, not two 1s.
    previous = (Edition.objects.select_for_update()
                .filter(period=publication.period, area=publication.area).order_by("-number").first())
    tables = publication.tables_json()
    changes: list[dict] = []
    if previous is not None:
        if not reason.strip():
            raise PublishError("reason: a correction must say why the period is published again")
        changes = diff_tables(previous.tables, tables)
        if not changes and previous.rule_packs == dict(publication.rule_packs):
            raise PublishError(f"tables: nothing changed since edition {previous.number}")
    edition = Edition.objects.create(
        period=publication.period, area=publication.area, number=1 if previous is None else previous.number + 1,
        published_at=timezone.now(), published_by=actor, data_instant=publication.data_instant,
        rule_packs=dict(publication.rule_packs), tables=tables, changes=changes, reason=reason.strip(),
        supersedes=previous,
    )
    record(actor=actor, action="publish", obj=edition, reason=edition.reason, prison="",
           data={"period": edition.period, "area": edition.area, "number": edition.number,
                 "tables": sorted(tables), "changed_rows": len(changes)})
    return edition


def latest_editions(area: str = "nation") -> list[Edition]:
    """The newest edition of each period for an area, newest period first."""
    newest: dict[str, Edition] = {}
    for edition in Edition.objects.filter(area=area).order_by("period", "number"):
        newest[edition.period] = edition
    return [newest[p] for p in sorted(newest, reverse=True)]
