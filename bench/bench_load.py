"""Load benchmark (issue 13 item 6): 50 demo users for 60 seconds against the server script/server runs.

Needs the `bench` extra: .venv/bin/pip install -c constraints.txt -e '.[bench]'

  .venv/bin/python bench/bench_load.py                              # SQLite, in a fresh data folder
  script/with-postgres .venv/bin/python bench/bench_load.py         # PostgreSQL (DATABASE_URL)

Steps: a fresh data folder (and, with DATABASE_URL, the database it names) is migrated and
loaded with the demo, then `grow_demo(scale=...)` adds more of everything (reviews, actions
with progress and evidence, chronology entries, library documents) so the pages are
realistic; gunicorn is started exactly as script/server starts it (gunicorn.conf.py,
CASEREVIEW_ENV=development) on 127.0.0.1; locust runs bench/locustfile.py headless; its CSV
statistics are kept in --out. Printed: p50/p95 per page, requests and failures, the load
average during the run, the CPU share of locust itself and of the server (CPU seconds over
wall seconds, out of the machine's cores), a speed probe of the machine before and after (the
CPU time of a fixed loop: this virtual machine's speed varies), and any "database is locked"
in the server's log.
The measured window of --seconds starts once every user has signed in (the locustfile resets
locust's statistics then); sign-in times and failures are counted over the whole run. Exit status 1 when a request failed or a page other than sign-in had p95 over --p95-limit.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SIGN_IN = {"sign-in", "sign-in form"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _casereview(env: dict, *args: str) -> str:
    done = subprocess.run([str(BIN / "casereview"), *args], env=env, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"casereview {' '.join(args[:2])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


PICK = """
import json
from casereview.actions.models import Action
from casereview.reviews.models import Review
review = Review.objects.get(reference="SCR-2019-001")
actions = Action.objects.filter(review=review, owner_agency__short_name="Health visiting",
                                status__in=["not_started", "in_progress"]).values_list("pk", flat=True)
print(json.dumps({"review": review.pk, "actions": list(actions)}))
"""


def prepare(env: dict, scale: int) -> dict:
    t0 = time.monotonic()
    _casereview(env, "migrate", "--noinput", "-v0")
    _casereview(env, "collectstatic", "--noinput", "-v0")
    _casereview(env, "demo")
    grown = _casereview(env, "shell", "-c",
                        f"from casereview.dashboard.growth import grow_demo; print(grow_demo(scale={scale}))")
    picked = json.loads(_casereview(env, "shell", "-c", PICK).strip().splitlines()[-1])
    print(f"data: demo + grow_demo(scale={scale}) {grown.strip().splitlines()[-1]} in {time.monotonic() - t0:.0f} s")
    return picked


def start_server(env: dict, port: int, log: Path) -> subprocess.Popen:
    # The same command as script/server (which reads gunicorn.conf.py for workers and threads).
    server = subprocess.Popen([str(BIN / "gunicorn"), "casereview.wsgi:application", "--bind", f"127.0.0.1:{port}"],
                              env=env, cwd=REPO, stdout=log.open("w"), stderr=subprocess.STDOUT,
                              start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # nosec B310  # our own server
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"the server stopped: see {log}")
            time.sleep(0.5)
    sys.exit(f"the server did not answer within 60 s: see {log}")


def _cpu_seconds(process: psutil.Process) -> float:
    total = 0.0
    for p in [process, *process.children(recursive=True)]:
        try:
            times = p.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def run_locust(args, env: dict, port: int, picked: dict, prefix: Path, gunicorn: psutil.Process) -> dict:
    whole_run = prefix.parent / f"{prefix.name}_whole_run.json"
    locust_env = {**env, "BENCH_REVIEW": str(picked["review"]), "BENCH_ACTIONS": ",".join(map(str, picked["actions"])),
                  "BENCH_WHOLE_RUN": str(whole_run), "BENCH_USERS": str(args.users), "BENCH_SECONDS": str(args.seconds)}
    # Users are started and sign in first; the locustfile then resets the statistics and stops the run
    # --seconds later (-t is only a safety net).
    command = [str(BIN / "locust"), "-f", str(REPO / "bench" / "locustfile.py"), "--headless", "--host",
               f"http://127.0.0.1:{port}", "-u", str(args.users), "-r", str(args.spawn_rate),
               "-t", f"{args.seconds + 300}s", "--csv", str(prefix), "--only-summary",
               "--loglevel", "WARNING", "--stop-timeout", "10"]
    samples: list[tuple[float, float, float]] = []  # (seconds since the start, 1-minute load average, server CPU s)
    stop = threading.Event()

    def sample():
        while True:
            samples.append((time.monotonic() - wall0, os.getloadavg()[0], _cpu_seconds(gunicorn)))
            if stop.wait(2):
                return

    sampler = threading.Thread(target=sample, daemon=True)
    wall0 = time.monotonic()
    locust = subprocess.Popen(command, env=locust_env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    sampler.start()
    output, _ = locust.communicate()
    wall = time.monotonic() - wall0
    stop.set()
    whole = json.loads(whole_run.read_text()) if whole_run.exists() else {}
    return {"output": output, "wall": wall, "samples": samples, "returncode": locust.returncode, "whole": whole}


def report(prefix: Path, limit: float) -> tuple[list[dict], bool]:
    rows = list(csv.DictReader((prefix.parent / f"{prefix.name}_stats.csv").open()))
    ok = True
    print(f"\n{'page':34} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for row in rows:
        name = row["Name"]
        p95 = float(row["95%"]) if row["95%"] not in ("", "N/A") else 0.0
        flag = ""
        if name != "Aggregated" and name not in SIGN_IN and p95 > limit:
            ok, flag = False, f"  over {limit:.0f} ms"
        if int(row["Failure Count"]):
            ok = False
        print(f"{name:34} {row['Request Count']:>8} {row['Failure Count']:>8} {row['50%']:>7} {row['95%']:>7} "
              f"{float(row['Max Response Time']):>7.0f}{flag}")
    failures = prefix.parent / f"{prefix.name}_failures.csv"
    if failures.exists():
        for row in csv.DictReader(failures.open()):
            print(f"  failure: {row['Name']}: {row['Error']} ({row['Occurrences']}x)")
    return rows, ok


def speed_probe() -> float:
    """CPU milliseconds of a fixed pure-Python loop, best of three: this virtual machine's speed moves by
    half or more from one hour to the next, so each run says how fast the machine was (lower = faster)."""
    best = float("inf")
    for _ in range(3):
        started, total = time.process_time(), 0
        for i in range(1_000_000):
            total += i
        best = min(best, time.process_time() - started)
    return 1000 * best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=2, help="users started per second (default 2)")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--scale", type=int, default=20, help="grow_demo scale: batches of extra rows (default 20)")
    parser.add_argument("--p95-limit", type=float, default=300, help="milliseconds (default 300)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results",
                        help="folder for locust's CSV files and the server log (default bench/results)")
    parser.add_argument("--keep-data", action="store_true", help="keep the temporary data folder")
    args = parser.parse_args(argv)

    database = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    data = Path(tempfile.mkdtemp(prefix="casereview-load."))
    env = {**os.environ, "CASEREVIEW_ENV": "development", "CASEREVIEW_DATA_DIR": str(data),
           "CASEREVIEW_STATIC_ROOT": str(data / "static")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    prefix, log = args.out / f"load-{database}-{stamp}", args.out / f"load-{database}-{stamp}-server.log"
    print(f"database: {database}; data folder {data}; {os.cpu_count()} cores; load average before "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    picked = prepare(env, args.scale)
    probe_before = speed_probe()
    port = _free_port()
    server = start_server(env, port, log)
    try:
        gunicorn = psutil.Process(server.pid)
        server_cpu0 = _cpu_seconds(gunicorn)
        # locust's CPU: the rusage of reaped children grows only by locust's while it runs (the server,
        # also a child, is reaped after the second reading).
        children0 = os.times()
        run = run_locust(args, env, port, picked, prefix, gunicorn)
        children1 = os.times()
        server_cpu = _cpu_seconds(gunicorn) - server_cpu0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    probe_after = speed_probe()
    if run["returncode"] not in (0, 1):  # 1: locust saw failures (reported below)
        print(run["output"][-3000:])
    rows, ok = report(prefix, args.p95_limit)
    whole = run["whole"]
    signins = sorted(whole.get("sign_in_ms", []))
    if signins:
        print(f"\nmeasured window from second {whole.get('window_started')} of the run, once all users signed in")
        print(f"sign-in (before the window, {len(signins)} users): p50 {signins[len(signins) // 2]:.0f} ms, "
              f"p95 {signins[min(len(signins) - 1, int(len(signins) * 0.95))]:.0f} ms, max {signins[-1]:.0f} ms")
    failed = whole.get("failures", {})
    print(f"requests over the whole run, ramp-up included: {sum(whole.get('requests', {}).values())}; "
          f"failures: {sum(failed.values())}")
    for what, n in failed.items():
        print(f"  {n}x {what}")
    if failed:
        print(f"  at seconds {whole.get('failure_times')} of the run ({run['wall']:.0f} s)")
    if failed or not whole:
        ok = False
    locust_cpu = (children1.children_user - children0.children_user) + (children1.children_system - children0.children_system)
    cores = os.cpu_count() or 1
    wall = run["wall"]
    window_start = float(whole.get("window_started") or 0)
    # Sample times count from just before locust started, the window's from its start (about a second later).
    window = [x for x in run["samples"] if window_start <= x[0] <= window_start + args.seconds + 1] or run["samples"]
    loads = [x[1] for x in window]
    window_cpu = window[-1][2] - window[0][2]
    window_wall = max(window[-1][0] - window[0][0], 0.001)
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    requests_window = int(total["Request Count"]) if total else 0
    if total:
        print(f"\nrequests/s in the window {float(total['Requests/s']):.1f}")
    print(f"load average in the window (1-minute, sampled every 2 s): min {min(loads):.2f}, "
          f"mean {sum(loads) / len(loads):.2f}, max {max(loads):.2f}")
    print(f"locust CPU (whole run) {locust_cpu:.1f} s over {wall:.1f} s wall = {100 * locust_cpu / wall:.0f}% of one core, "
          f"{100 * locust_cpu / wall / cores:.0f}% of the machine's {cores} cores")
    print(f"server CPU (whole run, sign-ins included) {server_cpu:.1f} s = {100 * server_cpu / wall:.0f}% of one core, "
          f"{100 * server_cpu / wall / cores:.0f}% of {cores} cores")
    print(f"server CPU in the window {window_cpu:.1f} s over {window_wall:.0f} s = {100 * window_cpu / window_wall / cores:.0f}% "
          f"of {cores} cores; {1000 * window_cpu / max(requests_window, 1):.1f} ms of CPU a request")
    print(f"machine speed probe (a fixed loop, CPU ms, lower is faster): {probe_before:.0f} before the run, "
          f"{probe_after:.0f} after")
    locked = [line for line in log.read_text(errors="replace").splitlines() if "database is locked" in line]
    print(f'"database is locked" in the server log: {len(locked)}')
    print(f"CSV statistics: {prefix}_stats.csv; server log: {log}")
    if locked:
        ok = False
    if not args.keep_data:
        shutil.rmtree(data, ignore_errors=True)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
