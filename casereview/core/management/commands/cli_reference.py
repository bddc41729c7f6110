"""`casereview cli_reference`: the CLI reference in docs/cli.md, generated from --help.

The docs are written from the commands' own argparse help, so they cannot drift
from what the commands accept (`--check` fails when docs/cli.md is stale).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.apps import apps
from django.core.management import get_commands, load_command_class
from django.core.management.base import BaseCommand, CommandError

HEADER = """# Command-line reference

`casereview` runs every Django management command (`casereview migrate`,
`casereview check --deploy`, `casereview createsuperuser`, ...) and the project's own,
listed here. Exit codes: 0 success, 2 bad input (every problem listed on stderr).

This page is generated from each command's `--help` by `casereview cli_reference --output docs/cli.md`;
a test fails when it is out of date.
"""


def render_reference() -> str:
    project_apps = {c.name for c in apps.get_app_configs() if c.name.startswith("casereview.")}
    commands = sorted((name, app) for name, app in get_commands().items() if app in project_apps)
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"  # argparse wraps to the terminal; fix the width for stable output
    try:
        parts = [HEADER]
        for name, app in commands:
            command = load_command_class(app, name)
            help_text = command.create_parser("casereview", name).format_help().rstrip()
            parts.append(f"\n## `casereview {name}`\n\n_{app}_\n\n```\n{help_text}\n```\n")
    finally:
        if previous is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = previous
    return "".join(parts)


class Command(BaseCommand):
    help = "Print the CLI reference (Markdown) generated from every project command's --help."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="write to this file instead of standard output")
        parser.add_argument("--check", metavar="FILE", help="exit 1 if FILE differs from the generated reference")

    def handle(self, *args, **opts):
        text = render_reference()
        if opts["check"]:
            current = Path(opts["check"]).read_text(encoding="utf-8") if Path(opts["check"]).exists() else ""
            if current != text:
                raise CommandError(f"{opts['check']} is out of date: run `casereview cli_reference --output {opts['check']}`", returncode=1)
            return
        if opts["output"]:
            Path(opts["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
