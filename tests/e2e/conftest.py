"""Real-browser fixtures: Debian's chromium driven by Playwright (no browser download).

Every test here is marked `e2e`. They are skipped, with the reason, when
/usr/bin/chromium is missing (script/test installs it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading

import pytest

CHROMIUM = os.environ.get("CASEREVIEW_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed: run script/test (it installs Debian's chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM in the
    # test thread (fixtures) is still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="casereview-chromium-")
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def sign_in(page):
    from tests.conftest import PASSWORD

    def do(username: str, password: str = PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/dashboard/")
        return page

    return do


def fill_date(page, legend: str, day) -> None:
    """Type a date into a GOV.UK date input (day, month and year boxes in the fieldset named `legend`)."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


class WorkerThread(threading.Thread):
    """`casereview worker`'s own loop (django-tasks-db's Worker) in a thread of the test process: it opens its
    own connection to the live server's test database (SQLite's shared in-memory database, or PostgreSQL)."""

    def __init__(self):
        super().__init__(daemon=True)
        from django_tasks_db.management.commands.db_worker import Worker

        self.worker = Worker(queue_names=["*"], interval=0.1, batch=False, backend_name="default",
                             startup_delay=False, max_tasks=None, worker_id="browser-test", excluded_queue_names=[])

    def run(self):
        from django.db import connections

        try:
            self.worker.run()
        finally:
            connections.close_all()

    def stop(self):
        self.worker.running = False
        self.join(timeout=60)


@pytest.fixture
def job_worker(live_server):
    """`with job_worker():` runs background jobs (library uploads, PDFs, e-mails) while the block runs."""

    @contextlib.contextmanager
    def running():
        thread = WorkerThread()
        thread.start()
        try:
            yield thread
        finally:
            thread.stop()

    return running
