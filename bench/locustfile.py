"""Load scenario for CaseReview (issue 13 item 6): demo users signing in and using the main pages.

Run by bench/bench_load.py against a server it starts; by hand:
  .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8000 --headless -u 50 -r 5 -t 60s

Four kinds of user, each a demo account (password from `casereview demo`), each step one that
role may do:
  review manager (manager)        dashboard, review list, review page, integrated chronology, action plan, deadlines
  independent reviewer (reviewer) review page, integrated chronology, library search
  agency practitioner (health)    dashboard, an own-agency action: progress update with an evidence file upload
  board member (board)            dashboard, board assurance report, library search

Every request is named after its page, so locust's statistics are per page. Sign-in is a
GET of the form (for the CSRF token) and a POST; a sign-in that does not redirect away from
the form is a failure. The review and the actions used are given by bench_load.py in
BENCH_REVIEW and BENCH_ACTIONS (comma-separated). With BENCH_WHOLE_RUN set, every failure and
every sign-in time of the whole run (ramp-up included) is written there as JSON when it stops.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import time
from collections import Counter

import gevent
from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "demo-casereview-2026")
REVIEW = os.environ.get("BENCH_REVIEW", "1")
ACTIONS = [a for a in os.environ.get("BENCH_ACTIONS", "").split(",") if a]
QUERIES = [("dogs", ""), ("domestic abuse", ""), ("drift", "drift-and-delay"), ("mental health", ""),
           ("fathers", "fathers-and-men"), ("", "dogs")]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# The whole run, ramp-up included, whatever --reset-stats drops from locust's own statistics: every
# failure by page, and every sign-in's time (sign-ins all happen while users are being started).
WHOLE_RUN = {"failures": Counter(), "requests": Counter(), "sign_in_ms": [], "spawned_at": None, "started_at": time.time(),
             "failure_times": []}


@events.request.add_listener
def _on_request(name, response_time, exception, **_kwargs):
    WHOLE_RUN["requests"][name] += 1
    if exception is not None:
        WHOLE_RUN["failures"][f"{name}: {exception}"] += 1
        WHOLE_RUN["failure_times"].append(round(time.time() - WHOLE_RUN["started_at"], 1))
    if name == "sign-in":
        WHOLE_RUN["sign_in_ms"].append(response_time)


@events.spawning_complete.add_listener
def _on_spawned(user_count, **_kwargs):
    WHOLE_RUN["spawned_at"] = time.time()


# The measured window: with BENCH_USERS and BENCH_SECONDS set, locust's statistics are reset once
# that many users have signed in, and the run stops BENCH_SECONDS later, so the window has every
# user signed in and working and no sign-in (slow on purpose: password hashing) queued in it.
ENVIRONMENT = {}


@events.init.add_listener
def _on_init(environment, **_kwargs):
    ENVIRONMENT["env"] = environment


def _signed_in() -> None:
    WHOLE_RUN["signed_in"] = WHOLE_RUN.get("signed_in", 0) + 1
    users, seconds = int(os.environ.get("BENCH_USERS", 0)), float(os.environ.get("BENCH_SECONDS", 0))
    if users and seconds and WHOLE_RUN["signed_in"] == users:
        environment = ENVIRONMENT["env"]
        environment.stats.reset_all()
        WHOLE_RUN["window_started"] = round(time.time() - WHOLE_RUN["started_at"], 1)
        gevent.spawn_later(seconds, environment.runner.quit)


@events.test_stop.add_listener
def _on_stop(**_kwargs):
    out = os.environ.get("BENCH_WHOLE_RUN")
    if out:
        with open(out, "w") as f:
            json.dump(WHOLE_RUN, f)


def _token(response) -> str:
    found = CSRF.search(response.text)
    if not found:
        response.failure("no CSRF token in the page")
        return ""
    return found.group(1)


class DemoUser(HttpUser):
    abstract = True
    username = ""
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        with self.client.get("/accounts/login/", name="sign-in form", catch_response=True) as page:
            token = _token(page)
        with self.client.post("/accounts/login/", name="sign-in", allow_redirects=False, catch_response=True,
                              data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
                              headers={"Referer": f"{self.host}/accounts/login/"}) as response:
            if response.status_code != 302 or "/accounts/login/" in response.headers.get("Location", ""):
                response.failure(f"sign-in as {self.username} answered {response.status_code}")
        _signed_in()

    def page(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{name} answered {response.status_code} {response.error or ''}".strip())
            elif "/accounts/login/" in response.url:
                response.failure(f"{name}: sent back to sign in")

    def library_search(self) -> None:
        query, theme = random.choice(QUERIES)  # nosec B311  # picking a search for a load test, not a secret
        params = "&".join(p for p in (f"q={query.replace(' ', '+')}" if query else "", f"theme={theme}" if theme else "") if p)
        self.page(f"/library/?{params}", "library search")


class ReviewManager(DemoUser):
    username = "manager"
    weight = 2

    @task(3)
    def dashboard(self):
        self.page("/dashboard/", "dashboard")

    @task(2)
    def review_list(self):
        self.page("/reviews/", "review list")

    @task(3)
    def review(self):
        self.page(f"/reviews/{REVIEW}/", "review page")

    @task(2)
    def chronology(self):
        self.page(f"/chronology/{REVIEW}/", "integrated chronology")

    @task(2)
    def action_plan(self):
        self.page(f"/actions/reviews/{REVIEW}/", "action plan")

    @task(1)
    def deadlines(self):
        self.page("/reviews/deadlines/", "deadlines")


class IndependentReviewer(DemoUser):
    username = "reviewer"
    weight = 1

    @task(2)
    def review(self):
        self.page(f"/reviews/{REVIEW}/", "review page")

    @task(3)
    def chronology(self):
        self.page(f"/chronology/{REVIEW}/", "integrated chronology")

    @task(2)
    def library(self):
        self.library_search()


class AgencyPractitioner(DemoUser):
    """Updates one of their agency's actions: the action page, then progress and an evidence file."""

    username = "health"
    weight = 2

    @task(1)
    def dashboard(self):
        self.page("/dashboard/", "dashboard")

    @task(3)
    def update_action(self):
        if not ACTIONS:
            return
        action = random.choice(ACTIONS)  # nosec B311  # not a secret
        url = f"/actions/{action}/"
        with self.client.get(url, name="action page", catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"action page answered {page.status_code}")
                return
            token = _token(page)
        today = dt.date.today()
        self._post(f"{url}progress/", "action update: progress", token, data={
            "progress-on_day": today.day, "progress-on_month": today.month, "progress-on_year": today.year,
            "progress-note": "Team briefed on the learning; attendance recorded."})
        self._post(f"{url}evidence/", "action update: evidence upload", token,
                   data={"evidence-description": "Attendance register for the team briefing"},
                   files={"evidence-file": ("register.csv", b"Name,Team\nA. Practitioner,Health visiting\n", "text/csv")})

    def _post(self, url: str, name: str, token: str, **kwargs) -> None:
        with self.client.post(url, name=name, allow_redirects=False, catch_response=True,
                              headers={"Referer": f"{self.host}{url}", "X-CSRFToken": token},
                              **{**kwargs, "data": {**kwargs["data"], "csrfmiddlewaretoken": token}}) as response:
            # Success redirects back to the action page; a refusal re-renders the form with 400.
            if response.status_code != 302:
                response.failure(f"{name} answered {response.status_code}")


class BoardMember(DemoUser):
    username = "board"
    weight = 1

    @task(2)
    def dashboard(self):
        self.page("/dashboard/", "dashboard")

    @task(2)
    def board_report(self):
        self.page("/actions/report/", "board assurance report")

    @task(2)
    def library(self):
        self.library_search()
