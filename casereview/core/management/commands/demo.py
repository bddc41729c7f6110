"""`casereview demo`: load demo data once (idempotent; running it again changes nothing)."""

from __future__ import annotations

import importlib

from django.core.management.base import BaseCommand

from casereview.accounts.demo import DEMO_PASSWORD, USERS

# Order matters: later apps build on earlier apps' demo data.
DEMO_MODULES = [
    "casereview.accounts.demo",
    "casereview.reviews.demo",
    "casereview.chronology.demo",
    "casereview.actions.demo",
    "casereview.publishing.demo",
    "casereview.library.demo",
]


class Command(BaseCommand):
    help = "Load the demo partnership, its agencies, one user per role and demo reviews. Safe to run repeatedly."

    def handle(self, *args, **opts):
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name == name:
                    continue
                raise
            module.load_demo(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for username, first, last, role, agency, _title in USERS:
            where = f", {agency}" if agency else ""
            self.stdout.write(f"  {username:<10} {first} {last}: {role.label}{where}")
