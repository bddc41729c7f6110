"""`casereview demo`: load demo data once (idempotent; running it again changes nothing)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from casereview.accounts import demo as accounts_demo
from casereview.actions import demo as actions_demo
from casereview.chronology import demo as chronology_demo
from casereview.library import demo as library_demo
from casereview.publishing import demo as publishing_demo
from casereview.reviews import demo as reviews_demo

# Order matters: later apps build on earlier apps' demo data.
DEMO_MODULES = [accounts_demo, reviews_demo, chronology_demo, actions_demo, publishing_demo, library_demo]


class Command(BaseCommand):
    help = "Load the demo partnership, its agencies, one user per role and demo reviews. Safe to run repeatedly."

    def handle(self, *args, **opts):
        for module in DEMO_MODULES:
            module.load_demo(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(f"Demo users (password for all: {accounts_demo.DEMO_PASSWORD}):")
        for name, users in ((accounts_demo.DEMO_PARTNERSHIP, accounts_demo.USERS),
                            (accounts_demo.SECOND_PARTNERSHIP, accounts_demo.SECOND_USERS)):
            self.stdout.write(f" {name}:")
            for username, first, last, role, agency, _title in users:
                where = f", {agency}" if agency else ""
                self.stdout.write(f"  {username:<12} {first} {last}: {role.label}{where}")
