"""The states of an exclusion decision and the allowed transitions, written once.

::

    draft ──► in_force ──► ended
      │          │  ▲
      │          ▼  │ (appeal not upheld)
      │       appealed ──► ended
      │          │
      ▼          ▼
    revoked ◄────┘ (and from in_force)

- ``draft``: being written; not yet a decision, never counted.
- ``in_force``: decided and applying (iverksatt).
- ``appealed``: an appeal is pending (klage); the decision still applies.
- ``ended``: the exclusion is over (its end instant is set); it is history
  and is counted for the time it applied.
- ``revoked``: annulled as if never valid (e.g. decided in error, or quashed
  before it took effect). Not counted; if the person was in fact kept apart,
  end the decision instead so the time is not lost.

Which states the ledger reads is :data:`COUNTED` — the bridge uses it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExclusionState(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_FORCE = "in_force", _("in force")
    APPEALED = "appealed", _("appealed (still in force)")
    ENDED = "ended", _("ended")
    REVOKED = "revoked", _("revoked")


S = ExclusionState

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.IN_FORCE, S.REVOKED}),
    S.IN_FORCE: frozenset({S.APPEALED, S.ENDED, S.REVOKED}),
    S.APPEALED: frozenset({S.IN_FORCE, S.ENDED, S.REVOKED}),
    S.ENDED: frozenset(),
    S.REVOKED: frozenset(),
}

# States whose time counts in the ledger.
COUNTED: frozenset[str] = frozenset({S.IN_FORCE, S.APPEALED, S.ENDED})
# States that block another overlapping decision of the same scope.
ACTIVE: frozenset[str] = frozenset({S.DRAFT, S.IN_FORCE, S.APPEALED})
# States that can be renewed (a renewal follows a decision that applies).
RENEWABLE: frozenset[str] = frozenset({S.IN_FORCE, S.APPEALED, S.ENDED})


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def allowed_next(current: str) -> list[str]:
    """The states a decision in ``current`` may move to, in declaration order."""
    return [s for s in S.values if s in TRANSITIONS.get(current, frozenset())]
