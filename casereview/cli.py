"""The `casereview` console script: every Django management command plus the project's own.

`casereview migrate`, `casereview check --deploy`, `casereview deadlines ...`,
`casereview extract ...` all run through Django's management utility with the
project's settings. Hyphenated names from DESIGN.md (`redact-check`) map to
their module names (`redact_check`).
"""

from __future__ import annotations

import os
import sys

ALIASES = {"redact-check": "redact_check"}

#: Commands that use only the text engine: they run without django.setup(), which imports
#: every app's models and ready() hooks (about 0.3 s of CPU) that they never use. Settings
#: are still loaded first, so a bad configuration is refused exactly as for any command.
ENGINE_COMMANDS = {"extract": "casereview.library.management.commands.extract"}
#: DESIGN.md's stand-alone commands: they read files and print results, never touch the database
#: and serve nothing, so a plain shell may run them without a deployment's secrets. With no
#: CASEREVIEW_ENV they run as development (which only relaxes the secret-key and host checks;
#: the service itself still defaults to production). An explicit CASEREVIEW_ENV is respected.
STANDALONE_COMMANDS = frozenset({"extract", "redact_check", "chronology", "deadlines"})


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "casereview"
    if len(args) > 1 and args[1] in ALIASES:
        args[1] = ALIASES[args[1]]
    if len(args) > 1 and args[1] in STANDALONE_COMMANDS:
        os.environ.setdefault("CASEREVIEW_ENV", "development")
    from casereview.env import ConfigError

    try:
        if len(args) > 1 and args[1] in ENGINE_COMMANDS:
            _run_engine_command(args)
            return
        from django.core.management import execute_from_command_line

        execute_from_command_line(args)
    except ConfigError as exc:
        sys.stderr.write(f"casereview: configuration error: {exc}\n")
        raise SystemExit(2) from None


def _run_engine_command(args: list[str]) -> None:
    """Run a text-engine command as Django would, minus the app registry it does not need."""
    from importlib import import_module

    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018 - loads the settings module: ConfigError surfaces before any work
    import_module(ENGINE_COMMANDS[args[1]]).Command().run_from_argv(args)


if __name__ == "__main__":
    main()
