"""The reference data the migrations load, loadable again.

Migrations fill a few tables with reference data: the five regions, the
audit chain's tip row, the published reference figures. A test that needs
real transactions (``transactional_db``, the live server of the browser tests)
ends by emptying every table, so a later test on the same database — in any
order under pytest-xdist — would find no regions. The project's conftest calls
:func:`ensure` before every database test, which puts back what is missing by
running the migrations' own loaders again (so there is one source of the data).
"""

from __future__ import annotations

import importlib

# (migration module, its loader function): each loader is idempotent where it
# can be (update_or_create / get_or_create); the others run only on an empty table.
_LOADERS = (
    ("fellesskap.registry.migrations.0003_regions", "load"),
    ("fellesskap.audit.migrations.0002_chain_tip", "create_tip"),
)
_ONLY_WHEN_EMPTY = (
    ("stats", "ReferenceFigure", "fellesskap.stats.migrations.0002_reference_figures", "load"),
)


def ensure() -> None:
    """Loads the migrations' reference data again where it is missing."""
    from django.apps import apps

    from fellesskap.registry.models import Region

    for module, function in _LOADERS:
        if module.endswith("0003_regions") and Region.objects.count() >= 5:
            continue
        getattr(importlib.import_module(module), function)(apps, None)
    for app, model, module, function in _ONLY_WHEN_EMPTY:
        if not apps.get_model(app, model).objects.exists():
            getattr(importlib.import_module(module), function)(apps, None)
