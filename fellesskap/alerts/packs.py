"""Which rule packs apply in a prison (regelpakker per fengsel).

Norwegian prisons are held to the law in force (``no-current``) and the UN
minimum rules (``mandela``); the coming regulation (``no-2026``) joins by
itself from the day its ``valid_from`` is set and reached. The CPT standards
and the Swedish, Danish and Finnish packs are for comparison: an administrator
adds them to a prison's :class:`~fellesskap.alerts.models.PrisonRulePacks`.
"""

from __future__ import annotations

from datetime import date

from fellesskap.rules.pack import available_packs, load_pack

BASE_PACKS = ("no-current", "mandela")
FOLLOWS_THE_LAW = ("no-2026",)  # added once in force, without anyone editing the setting
COMPARISON_PACKS = ("cpt", "se", "dk", "fi")


def default_packs(day: date) -> list[str]:
    """The packs of a prison without its own setting, on ``day``."""
    packs = list(BASE_PACKS)
    packs += [p for p in FOLLOWS_THE_LAW if load_pack(p).in_force_on(day)]
    return packs


def packs_for(prison, day: date, settings_by_prison: dict[int, list[str]] | None = None) -> list[str]:
    """The packs that apply in ``prison`` on ``day``: its own setting, else the default.

    ``settings_by_prison`` (prison pk -> packs) saves a query per prison in loops."""
    if settings_by_prison is None:
        from fellesskap.alerts.models import PrisonRulePacks

        row = PrisonRulePacks.objects.filter(prison=prison).first()
        chosen = row.packs if row is not None else None
    else:
        chosen = settings_by_prison.get(prison.pk)
    if not chosen:
        return default_packs(day)
    packs = [p for p in chosen if p in available_packs()]
    # The law in force follows the prison whatever else it compares with.
    return list(dict.fromkeys([*default_packs(day), *packs]))
