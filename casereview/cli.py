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


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "casereview"
    if len(args) > 1 and args[1] in ALIASES:
        args[1] = ALIASES[args[1]]
    from casereview.env import ConfigError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(args)
    except ConfigError as exc:
        sys.stderr.write(f"casereview: configuration error: {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
