"""Killed with SIGKILL at any point, an import leaves no partial rows and no stray files, and a rerun completes.

Each job runs in a real child process (killed.py) against a copy of the demo
installation and is killed at several points counted on its own database connection:
part-way through its SQL, just before its commit, just after one of several commits.
Afterwards the database must be in a state a finished run could have left (before the
job, or after whole files of a folder), the stored files as they were, and running
the job again must finish and give the same state as a run never interrupted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.operations.conftest import must

KILLED = Path(__file__).with_name("killed.py")
REVIEW = "SCR-2019-001"


def chronology_csv(folder: Path) -> list[str]:
    """A hospital chronology of 300 rows (every row a separate contact), day-first dates."""
    start = dt.date(2018, 1, 1)
    rows = ["Date,Time,Event,Action"] + [
        f"{start + dt.timedelta(days=n):%d/%m/%Y},{9 + n % 8:02d}:{n % 60:02d},Attendance {n}: seen in clinic,"
        f"Follow-up letter {n}" for n in range(300)]
    path = folder / "hospital-chronology.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return ["chronology", REVIEW, "Hospital", str(path)]


def action_plan_csv(folder: Path) -> list[str]:
    rows = ["Recommendation,Action,Owner agency,Named owner,Due date,Success measure"] + [
        f"1,Audit of strategy meetings part {n},Police,,31/03/2027,Audit shows 90% compliance" for n in range(40)]
    path = folder / "plan.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return ["actions", REVIEW, str(path)]


def briefing(name: str, year: int) -> str:
    learning = [f"Practitioners should share information about {name}'s family with the health visitor at once.",
                f"Supervision should test whether the plan for {name} is making a difference to the child.",
                f"Agencies should hear the voice of the child, {name}, at every visit and record it."]
    recs = [f"The partnership should audit how the learning from {name}'s review has changed practice."]
    return "\n".join([
        "Westshire Safeguarding Children Partnership", "",
        f"Practitioner briefing: Local Child Safeguarding Practice Review - {name}", "", f"Published {year}.", "",
        f"This review concerns a child who we shall call {name}, aged 4 years, who was seriously harmed.", "",
        "Background", "",
        "The family had moved to the area the year before the incident. Several agencies knew the family, including "
        "health visiting, the GP practice, children's social care and the police. This briefing sets out what the "
        "review found and what the partnership will do about it.", "",
        "Learning points", "", *[f"{n}. {t}" for n, t in enumerate(learning, 1)], "",
        "Recommendations", "", *[f"{n}. {t}" for n, t in enumerate(recs, 1)], "",
    ]) + "\n"


def library_folder(folder: Path) -> list[str]:
    briefings = folder / "briefings"
    briefings.mkdir()
    for n, name in enumerate(["Amber", "Bella", "Callum"]):
        (briefings / f"{n}-{name.lower()}.txt").write_text(briefing(name, 2021 + n), encoding="utf-8")
    return ["ingest", str(briefings)]


JOBS = {"chronology import": chronology_csv, "action-plan import": action_plan_csv, "library folder ingest": library_folder}


@dataclass
class Plan:
    """What an uninterrupted run does: its SQL and commits, and every state it passes through."""

    job: list[str]
    queries: int
    commits: int
    states: list[dict]  # before, then after each committed transaction's worth of work (one per file for a folder)


def run(site, tmp, kill_at: str, job: list[str]):
    report = tmp / f"report-{kill_at.replace(':', '-')}.json"
    done = site.python(str(KILLED), kill_at, str(report), *job)
    return done, (json.loads(report.read_text()) if report.exists() else None)


@pytest.fixture(scope="module")
def plan(request, demo_template, tmp_path_factory) -> Plan:
    tmp = tmp_path_factory.mktemp("plan")
    job = JOBS[request.param](tmp)
    site = demo_template.copy(tmp)
    try:
        states = [site.counts()]
        if job[0] == "ingest":  # one file at a time gives the state after each file of the folder
            for path in sorted(Path(job[1]).iterdir()):
                must(site.python(str(KILLED), "none", str(tmp / "r.json"), "ingest", str(path)))
                states.append(site.counts())
            fresh = demo_template.copy(tmp)
            done, seen = run(fresh, tmp, "none", job)
            must(done)
            assert fresh.counts() == states[-1]
            fresh.drop()
        else:
            done, seen = run(site, tmp, "none", job)
            must(done)
            states.append(site.counts())
        assert states[0] != states[-1], "the job changed nothing: the test would prove nothing"
        return Plan(job, seen["queries"], seen["commits"], states)
    finally:
        site.drop()


# Where to kill, as fractions of an uninterrupted run's SQL statements and commits.
POINTS = ["query:1/4", "query:1/2", "query:3/4", "query:last", "commit:last", "committed:1"]
# "committed:1" only where there is more than one commit (a folder: after its first file).
CASES = [(job, point) for job in JOBS for point in POINTS if point != "committed:1" or job == "library folder ingest"]


def resolve(point: str, plan: Plan) -> str:
    kind, _, where = point.partition(":")
    total = plan.queries if kind == "query" else plan.commits
    if where == "last":
        return f"{kind}:{total}"
    if "/" in where:
        top, bottom = where.split("/")
        return f"{kind}:{max(1, total * int(top) // int(bottom))}"
    return point


@pytest.mark.parametrize(("plan", "point"), CASES, indirect=["plan"])
def test_a_job_killed_at_any_point_leaves_a_finished_state_no_stray_files_and_a_rerun_completes(
        plan, point, demo_template, tmp_path):
    kill_at = resolve(point, plan)
    site = demo_template.copy(tmp_path)
    try:
        files_before = site.files()

        killed, _ = run(site, tmp_path, kill_at, plan.job)

        assert killed.returncode == -signal.SIGKILL, f"{kill_at} was never reached: {killed.stderr[-2000:]}"
        after_kill = site.counts()
        assert after_kill in plan.states, f"killed at {kill_at}: the database holds a state no finished run leaves"
        if kill_at.startswith("committed:"):
            assert after_kill == plan.states[1]  # the first file is in, whole
        elif len(plan.states) == 2:
            assert after_kill == plan.states[0]  # one transaction: nothing of it
        assert site.files() == files_before

        rerun, _ = run(site, tmp_path, "none", plan.job)

        assert rerun.returncode == 0, rerun.stderr[-2000:]
        assert site.counts() == plan.states[-1]
        assert site.files() == files_before
    finally:
        site.drop()


def test_a_mapped_upload_killed_after_its_commit_leaves_only_a_file_that_cleanup_removes(demo_template, tmp_path):
    """The one file these jobs touch: a pending upload's, removed only once the import has committed."""
    site = demo_template.copy(tmp_path)
    try:
        upload = tmp_path / "unusual-headers.csv"
        upload.write_text("When,What happened\n03/01/2019,Seen in clinic\n04/01/2019,Letter sent\n", encoding="utf-8")
        token = must(site.python(str(KILLED), "none", str(tmp_path / "r.json"), "stash", REVIEW, "Hospital",
                                 str(upload))).stdout.strip().splitlines()[-1]
        pending_file = site.query("SELECT stored_name FROM chronology_pendingupload WHERE token = %s", (token,))[0][0]
        path = site.private / "pending" / pending_file
        assert path.is_file()

        killed, _ = run(site, tmp_path, "committed:1", ["map", token, "When=date", "What happened=event"])

        assert killed.returncode == -signal.SIGKILL
        assert site.query("SELECT COUNT(*) FROM chronology_pendingupload WHERE token = %s", (token,)) == [(0,)]
        assert site.query("SELECT COUNT(*) FROM chronology_entry WHERE event = 'Letter sent'") == [(1,)]
        assert path.is_file()  # committed, then killed before the file went: an orphan

        os.utime(path, (path.stat().st_atime, path.stat().st_mtime - 2 * 3600))  # past the hour's grace
        cleaned = json.loads(must(site.cli("cleanup_uploads", "--json")).stdout)

        assert cleaned["orphan_files"] == 1 and not path.exists()
    finally:
        site.drop()
