"""What the rule engine produces (rules.md): findings and deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule was broken (or, for prompts such as Mandela rule 45, must be checked)."""

    person: str
    pack: str
    rule: str
    date: date
    evidence: dict[str, Any] = field(default_factory=dict)
    pack_version: str = ""


@dataclass(frozen=True, slots=True)
class Deadline:
    """Something must be recorded by ``due``; ``status`` is met, missed or pending."""

    person: str
    pack: str
    rule: str
    subject: str
    due: datetime
    status: str
    met_at: datetime | None = None
    pack_version: str = ""

    @property
    def met(self) -> bool:
        return self.status == "met"
