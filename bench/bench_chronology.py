"""Chronology benchmark (not a test): times the three figures docs/chronology.md reports.

    .venv/bin/python bench/bench_chronology.py            # engine figures only
    .venv/bin/python bench/bench_chronology.py --view     # also the database view figure

1. import of a 10,000-row XLSX (read, recognise headers, parse every row);
2. merge of 40 agencies x 2,500 rows (order, intervals, gaps, possible duplicates);
3. first page of the integrated view with 100,000 entries in the database
   (needs Django; run with --view; uses a throwaway SQLite database).

Targets on one core: under 5 s, under 2 s, under 300 ms. Data is generated with a
fixed seed so runs are comparable; files go to bench/out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casereview.chronology.engine.imports import Entry, import_file  # noqa: E402
from casereview.chronology.engine.merge import merge  # noqa: E402
from casereview.tabular.dates import parse_date  # noqa: E402

OUT = ROOT / "bench" / "out"
# Event text is put together from parts, as varied as real agency records, so that
# unrelated entries rarely look alike; a share of events is recorded by two agencies
# (joint visits, strategy discussions), which the merge should flag.
WHO = ["Health visitor", "School nurse", "Social worker", "PC 1234", "GP", "Midwife", "Class teacher",
       "Housing officer", "Paediatrician", "Family support worker", "Designated safeguarding lead", "Duty manager"]
DID = ["visited", "telephoned", "emailed", "met with", "saw", "wrote to", "tried to contact", "spoke to"]
WHOM = ["mother", "father", "maternal grandmother", "mother's partner", "the child", "both parents", "aunt"]
WHERE = ["at the family home", "at school", "at the surgery", "by phone", "at the children's centre",
         "at the hospital", "at the police station", "at nursery"]
ABOUT = ["about missed immunisations", "concerning bruising to the left arm", "regarding poor school attendance",
         "about rent arrears and eviction notice", "following a domestic incident overnight", "about weight loss",
         "regarding head lice and hygiene", "about a missed paediatric appointment", "about alcohol use in the home",
         "about the child arriving hungry", "concerning a burn to the hand", "about the new partner moving in",
         "following a referral from the emergency department", "about bedtime routines and sleep",
         "concerning a report from a neighbour", "about speech and language delay"]
OUTCOME = ["Advice given.", "Referral made to MASH.", "No further action.", "Follow-up visit booked.",
           "Letter sent.", "Discussed with manager.", "Case note updated and GP informed.",
           "Strategy discussion requested.", "Early help assessment offered.", "Safety plan reviewed."]


def event_text(rng: random.Random) -> str:
    return " ".join(
        (rng.choice(WHO), rng.choice(DID), rng.choice(WHOM), rng.choice(WHERE), rng.choice(ABOUT), rng.choice(OUTCOME))
    )


def synthetic_rows(n: int, seed: int, shared: list[tuple[dt.datetime, str]] | None = None) -> list[tuple[dt.datetime, str, str, str, str]]:
    """n rows over 16 years; every 50th row is one of the `shared` (multi-agency) events."""
    rng = random.Random(seed)
    start = dt.date(2008, 1, 1).toordinal()
    span = 16 * 365
    rows = []
    for number in range(n):
        if shared and number % 50 == 0:
            when, event = rng.choice(shared)
        else:
            day = dt.date.fromordinal(start + rng.randrange(span))
            when = dt.datetime(day.year, day.month, day.day, rng.randrange(8, 20), rng.choice((0, 15, 30, 45)))
            event = event_text(rng)
        rows.append((when, f"record {rng.randrange(10**6)}", event, rng.choice(OUTCOME), ""))
    return rows


def shared_events(n: int, seed: int) -> list[tuple[dt.datetime, str]]:
    rng = random.Random(seed)
    start = dt.date(2008, 1, 1).toordinal()
    events = []
    for _ in range(n):
        day = dt.date.fromordinal(start + rng.randrange(16 * 365))
        events.append((dt.datetime(day.year, day.month, day.day, 10, 0), "Joint visit with police " + event_text(rng)))
    return events


def write_xlsx(path: Path, rows: list[tuple[dt.datetime, str, str, str, str]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Chronology")
    sheet.append(["Agency chronology: benchmark"])
    sheet.append([])
    sheet.append(["Date/Time", "Source", "What happened", "Action taken", "Significance"])
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)


def bench_import(rows: int = 10_000) -> tuple[float, float]:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "bench-10000.xlsx"
    write_xlsx(path, synthetic_rows(rows, seed=1))
    started, cpu = time.perf_counter(), time.process_time()
    result = import_file(path, agency="Police")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert result.ok and len(result.entries) == rows, result.problems[:3]
    return elapsed, cpu


def bench_merge(agencies: int = 40, rows: int = 2_500) -> tuple[float, float, int, int, int]:
    entries: list[Entry] = []
    shared = shared_events(1_000, seed=7)
    for a in range(agencies):
        agency_rows = synthetic_rows(rows, seed=100 + a, shared=shared)
        for number, (when, source, event, action, significance) in enumerate(agency_rows, start=2):
            entries.append(
                Entry(
                    date=parse_date(when),
                    agency=f"Agency {a + 1}",
                    source=source,
                    event=event,
                    action=action,
                    significance=significance,
                    file=f"agency-{a + 1}.xlsx",
                    row=number,
                )
            )
    started, cpu = time.perf_counter(), time.process_time()
    merged = merge(entries)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return elapsed, cpu, len(merged.entries), len(merged.possible_duplicates), len(merged.gaps)


def bench_view(entries: int = 100_000, agencies: int = 40) -> tuple[float, float]:
    """(first request, best of five) seconds for the first page of the integrated view, as the reviewer gets it."""
    import tempfile

    data_dir = tempfile.mkdtemp(prefix="casereview-bench-")
    os.environ["CASEREVIEW_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.settings")
    os.environ.setdefault("CASEREVIEW_ENV", "test")  # a throwaway database; unset would mean production
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from casereview.accounts.models import Agency, Partnership, User
    from casereview.chronology.models import Entry, Submission
    from casereview.core.roles import Role
    from casereview.reviews.models import ParticipatingAgency, RestrictedIdentifier, Review, ReviewType

    setup_test_environment()
    call_command("migrate", verbosity=0)
    now = timezone.now()
    partnership = Partnership.objects.create(name="Bench partnership", short_name="BP")
    admin = User.objects.create(username="bench", role=Role.PARTNERSHIP_ADMIN, partnership=partnership)
    review = Review.objects.create(
        partnership=partnership, reference="BENCH-1", review_type=ReviewType.objects.get(slug="serious-case-review"),
        title="Benchmark", pseudonym="Bench", outcome="died", incident_date=dt.date(2024, 1, 2),
        aware_date=dt.date(2024, 1, 3), created_at=now, updated_at=now,
    )
    RestrictedIdentifier.objects.create(review=review, kind="date_of_birth", value="01/01/2008", label="Child")
    shared = shared_events(1_000, seed=7)
    per_agency = entries // agencies
    for a in range(agencies):
        agency = Agency.objects.create(partnership=partnership, name=f"Agency {a + 1:02d}", kind="other")
        ParticipatingAgency.objects.create(review=review, agency=agency)
        submission = Submission.objects.create(review=review, agency=agency, version=1, file_name=f"agency-{a}.xlsx",
                                               entry_count=per_agency, uploaded_by=admin, uploaded_at=now)
        batch = []
        for number, (when, source, event, action, significance) in enumerate(
            synthetic_rows(per_agency, seed=100 + a, shared=shared), start=2
        ):
            parsed = parse_date(when)
            batch.append(Entry(
                submission=submission, review=review, agency=agency, date=parsed.earliest, latest=parsed.latest,
                precision=parsed.precision, date_raw=parsed.raw, time=parsed.time or "", sort_key=parsed.sort_key,
                agency_label=agency.name, source=source, event=event, action=action, significance=significance,
                file_name=submission.file_name, row=number,
            ))
        Entry.objects.bulk_create(batch, batch_size=2_000)
    client = Client()
    client.force_login(admin)
    url = reverse("chronology:integrated", args=[review.pk])
    timings = []
    for _ in range(6):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200 and response.content.count(b'id="entry-') == 100
    return timings[0], min(timings[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--view", action="store_true", help="also time the first page of the integrated view")
    args = parser.parse_args()
    # Wall time, and CPU time of this process (the one-core figure, less disturbed by other work on the machine).
    wall, cpu = bench_import()
    print(f"import 10,000-row XLSX: {wall:.2f} s wall, {cpu:.2f} s CPU (target < 5 s)")
    wall, cpu, n, duplicates, gaps = bench_merge()
    print(f"merge 40 agencies x 2,500 rows: {wall:.2f} s wall, {cpu:.2f} s CPU (target < 2 s); "
          f"{n} entries, {duplicates} possible duplicates, {gaps} gaps")
    if args.view:
        first, best = bench_view()
        print(f"first page of integrated view, 100,000 entries: {best * 1000:.0f} ms (first request {first * 1000:.0f} ms; target < 300 ms)")


if __name__ == "__main__":
    main()
