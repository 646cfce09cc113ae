"""The ``fellesskap`` console command.

The pure commands (``evaluate``, ``stats``, ``rules``) run without Django or a
database, so that anyone can check the figures from a scenario file. Every
other sub-command is a Django management command (``migrate``, ``demo``,
``audit``, ``runserver``, ...).
"""

from __future__ import annotations

import os
import sys

PURE_COMMANDS = {
    "evaluate": "fellesskap.scenario.cli:evaluate_main",
    "stats": "fellesskap.stats.cli:stats_main",
    "rules": "fellesskap.rules.cli:rules_main",
}


def _load(target: str):
    module_name, func_name = target.split(":")
    module = __import__(module_name, fromlist=[func_name])
    return getattr(module, func_name)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PURE_COMMANDS:
        return int(_load(PURE_COMMANDS[argv[0]])(argv[1:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fellesskap.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fellesskap", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
