"""Learning-library benchmark (not a test): ingest rate and search latency.

    .venv/bin/python bench/bench_library.py                 # 10,000 briefings, 100,000 items
    .venv/bin/python bench/bench_library.py --briefings 500 # a quick run
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_library.py   # on PostgreSQL

Builds a library of generated practitioner briefings (text, HTML and a share as
PDF made with reportlab), each with 6 learning points and 4 recommendations put
together from varied phrases, so search behaves as on real text. Reports, on one
process (so "per core"): briefings ingested per second for each format through
`ingest_file` (extraction, dedupe, storage, index, audit), and search latency
p50/p95 over the whole library for a mix of queries, with and without filters,
with facet counts as the library page asks for them.

SQLite runs use a throwaway data folder (CASEREVIEW_DATA_DIR in a temp dir);
PostgreSQL runs need an empty database named by DATABASE_URL.
Targets: >= 50 text/HTML briefings per second per core; search p95 with facets < 20 ms on SQLite, < 50 ms on
PostgreSQL. `--check N` first compares N searches with the plain path (facet counts from the models).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAMES = ["Oliver", "Amelia", "Noah", "Isla", "Leo", "Ava", "Arlo", "Mia", "Theo", "Ivy", "Oscar", "Freya", "Jack",
         "Lily", "Harry", "Grace", "Finley", "Rosie", "Alfie", "Evie", "Max", "Poppy", "Jude", "Ella", "Rory",
         "Daisy", "Ezra", "Willow", "Louis", "Sienna", "Reggie", "Ruby", "Ronnie", "Phoebe", "Hugo", "Maya",
         "Albie", "Zara", "Kai", "Nova", "Sonny", "Elsie", "Tommy", "Hallie", "Otis", "Aria", "Jesse", "Iris",
         "Ellis", "Lola", "Milo", "Bella", "Caleb", "Esme", "Toby", "Mabel", "Ralph", "Nell", "Ezekiel", "Thea"]
PLACES = ["Northshire", "Westmere", "Eastbrook", "Harbourside", "Southvale", "Kingsford", "Ashdale", "Brackley",
          "Castleton", "Denholm", "Elmswood", "Fairhaven", "Glenridge", "Hollins", "Ironbridge", "Juniper",
          "Kestrel", "Larchmont", "Marshfield", "Newbury Vale", "Oakhurst", "Penrith Moor", "Queensbay",
          "Redcliffe", "Stonebridge", "Thornbury", "Upperton", "Valleyfield", "Whitmore", "Yarrow"]
TYPES = [("Local Child Safeguarding Practice Review", "Local Child Safeguarding Practice Review"),
         ("Serious Case Review", "Serious Case Review"), ("Rapid Review", "rapid review")]
WHO = ["Practitioners", "Health visitors", "Social workers", "Police officers", "GPs", "Midwives", "Teachers",
       "Housing officers", "Managers", "School nurses", "Early years staff", "Paediatricians"]
SHOULD = ["should", "must", "need to", "are expected to"]
DO = ["explore the risk posed by", "ask about", "share information about", "record and review", "challenge",
      "escalate concerns about", "consider the history of", "seek supervision on", "assess", "follow up"]
WHAT = ["domestic abuse in the household", "coercive control by a partner", "parental alcohol misuse",
        "parental drug use", "a parent's mental health", "postnatal depression", "neglect and home conditions",
        "missed health appointments", "bruising in a non-mobile baby", "unsafe sleeping and co-sleeping",
        "dogs in the household", "the role of fathers and male partners", "criminal exploitation and county lines",
        "repeated missing episodes", "exclusion from school", "self-harm and suicidal thoughts",
        "the needs of disabled children", "overcrowded and temporary housing", "the child's lived experience",
        "disguised compliance", "drift in the child's plan", "a pre-birth assessment", "hospital discharge plans",
        "the child's culture, faith and identity", "the use of an interpreter", "previous care proceedings"]
WHY = ["so that risk is understood before decisions are made", "because the baby was very vulnerable",
       "as agreed actions were not followed through", "when circumstances change", "at every contact",
       "before a case is closed", "and make sure the voice of the child is heard", "across all agencies",
       "using the partnership's escalation policy", "with the support of their manager"]
RECS = ["The partnership should seek assurance that", "The board should audit whether", "Agencies should ensure that",
        "Children's social care should review how", "Health services should check that",
        "The partnership should deliver training so that"]
RECS_WHAT = ["practitioners understand {what}", "guidance on {what} is followed",
             "information about {what} is shared promptly", "managers oversee work involving {what}",
             "assessments take account of {what}", "the procedure for {what} is updated"]


def briefing_text(i: int, rng: random.Random) -> tuple[str, dict]:
    name, place = NAMES[i % len(NAMES)], PLACES[(i // len(NAMES)) % len(PLACES)]
    # Name x place x age makes every briefing a different review (a distinct identity key).
    age = f"{1 + i // (len(NAMES) * len(PLACES))} years"
    kind, label = TYPES[i % len(TYPES)]
    year = 2015 + i % 11
    learning = [f"{rng.choice(WHO)} {rng.choice(SHOULD)} {rng.choice(DO)} {rng.choice(WHAT)} {rng.choice(WHY)}."
                for _ in range(6)]
    recs = [f"{rng.choice(RECS)} {rng.choice(RECS_WHAT).format(what=rng.choice(WHAT))}." for _ in range(4)]
    lines = [f"{place} Safeguarding Children Partnership", "",
             f"Practitioner briefing: {kind} - {name}", "", f"Published {year}.", "",
             f"This {label} concerns a child who we shall call {name}, aged {age}, who was seriously harmed.", "",
             "Background", "",
             "Several agencies knew the family. " + " ".join(f"{rng.choice(WHO)} had contact with the family about "
                                                            f"{rng.choice(WHAT)}." for _ in range(4)), "",
             "Learning points", "", *[f"{n}. {t}" for n, t in enumerate(learning, 1)], "",
             "Recommendations", "", *[f"{n}. {t}" for n, t in enumerate(recs, 1)], ""]
    return "\n".join(lines), {"name": name, "place": place}


def as_html(text: str) -> bytes:
    from html import escape

    body = []
    for block in text.split("\n\n"):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if all(ln[:2].rstrip(".").isdigit() for ln in lines):
            body.append("<ol>" + "".join(f"<li>{escape(ln.split('. ', 1)[1])}</li>" for ln in lines) + "</ol>")
        elif lines[0] in ("Background", "Learning points", "Recommendations"):
            body.append(f"<h2>{escape(lines[0])}</h2>")
        elif lines[0].startswith("Practitioner briefing"):
            body.append(f"<h1>{escape(lines[0])}</h1>")
        else:
            body.append("<p>" + escape(" ".join(lines)) + "</p>")
    return ("<!DOCTYPE html><html><head><title>Briefing</title></head><body><nav><a href='/'>Home</a></nav>"
            "<main>" + "".join(body) + "</main><footer>Back To Top</footer></body></html>").encode()


def as_pdf(text: str) -> bytes:
    import textwrap

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    y = A4[1] - 60
    pdf.setFont("Helvetica", 10)
    for paragraph in text.split("\n"):
        for line in textwrap.wrap(paragraph, 60) or [""]:
            if y < 60:
                pdf.showPage()
                pdf.setFont("Helvetica", 10)
                y = A4[1] - 60
            pdf.drawString(50, y, line)
            y -= 14 if line else 10
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def setup_django(tmp: str) -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["CASEREVIEW_DATA_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.settings")
    os.environ.setdefault("CASEREVIEW_ENV", "test")  # a throwaway database; unset would mean production
    os.environ["CASEREVIEW_LOG_LEVEL"] = "ERROR"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ingest_batch(docs: list[tuple[bytes, str]]) -> tuple[float, float, dict[str, int]]:
    """Wall-clock and this process's CPU seconds to ingest `docs`, and the results by kind.

    CPU time is the one-core figure on a shared machine (the wall clock includes waiting for a core).
    """
    from django.utils import timezone

    from casereview.library.services import ingest_file

    results: dict[str, int] = {}
    start, start_cpu = time.perf_counter(), time.process_time()
    for data, name in docs:
        result = ingest_file(data=data, filename=name, by=None, now=timezone.now())
        results[result.result] = results.get(result.result, 0) + 1
        if result.failed:
            print(f"  {name}: {result.error}", file=sys.stderr)
    return time.perf_counter() - start, time.process_time() - start_cpu, results


def search_cases(rng: random.Random) -> dict:
    """The benchmark's query kinds: each a function giving a random (query, filters) of that kind."""
    from casereview.library.search import SearchFilters
    from casereview.text.themes import theme_ids as all_theme_ids

    words = ["dogs", "neglect", "alcohol", "exploitation", "safer sleep", "fathers", "bruising", "escalate",
             "interpreter", "supervision", "discharge", "coercive control", "housing", "self-harm", "drift"]
    theme_ids = all_theme_ids()
    return {
        "one word": lambda: (rng.choice(words).split()[0], SearchFilters()),
        "phrase": lambda: (f'"{rng.choice(WHAT)}"', SearchFilters()),
        "two words + theme": lambda: (f"{rng.choice(words)} {rng.choice(WHO).split()[0].lower()}",
                                      SearchFilters(theme=rng.choice(theme_ids))),
        "word + year + type": lambda: (rng.choice(words), SearchFilters(year=rng.randint(2015, 2025),
                                                                        review_type="serious-case-review")),
        "browse by theme": lambda: ("", SearchFilters(theme=rng.choice(theme_ids))),
    }


def check_identical(searches: int, rng: random.Random) -> None:
    """Compare each search (pages 1 and 3) with the plain path: facet counts from the models and pages ranked
    by the database, as when the in-memory copy of facet data cannot be used. Exits 1 on any difference."""
    from casereview.library import facets
    from casereview.library.search import run_search

    def shown(page) -> tuple:
        return (page.total, [(h.item.pk, h.score, str(h.snippet), h.themes) for h in page.hits],
                {name: [(f.value, f.count, f.selected) for f in values] for name, values in page.facets.items()})

    cases = list(search_cases(rng).values())
    version = facets.version
    differ = compared = 0
    for n in range(searches):
        query, filters = cases[n % len(cases)]()
        for page in (1, 3):
            fast = shown(run_search(query, filters, page=page))
            facets.version = lambda using="default": None
            try:
                plain = shown(run_search(query, filters, page=page))
            finally:
                facets.version = version
            compared += 1
            if fast != plain:
                differ += 1
                print(f"  differs: {query!r} {filters} page {page}")
    print(f"{compared} searches compared with the plain path: {differ} differ")
    if differ:
        sys.exit(1)


def _server_cpu_reader():
    """A function giving the CPU nanoseconds used so far by this connection's PostgreSQL server process, or
    None when that cannot be read (SQLite, or a server on another machine or user)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        path = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")
    try:
        path.read_text()
    except OSError:
        return None
    return lambda: int(path.read_text().split()[0])


def search_latency(queries: int, rng: random.Random) -> dict[str, tuple]:
    """Per query mode: wall-clock p50, p95, this process's CPU time p50, p95, on PostgreSQL the server
    process's CPU time p50, p95 and the two added per query p95 (ms), the count and the 1-minute load
    average when the mode finished.

    CPU time is reported because the benchmark machines are shared: under load the wall clock includes
    waiting for a core. On SQLite (in-process) the process's CPU time is the query's own cost; on
    PostgreSQL the server's part is read from /proc/<backend pid>/schedstat when it runs on this machine.
    """
    from casereview.library.search import run_search

    cases = search_cases(rng)
    server_cpu = _server_cpu_reader()
    out = {}
    for label, make in cases.items():
        for facets in (False, True):
            times, cpu, server, both = [], [], [], []
            for _ in range(max(1, queries // len(cases))):
                query, filters = make()
                start_server = server_cpu() if server_cpu else 0
                start, start_cpu = time.perf_counter(), time.process_time()
                run_search(query, filters, with_facets=facets)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                server.append((server_cpu() - start_server) / 1e6 if server_cpu else 0.0)
                both.append(cpu[-1] + server[-1])
            for values in (times, cpu, server, both):
                values.sort()
            p95 = min(len(times) - 1, int(len(times) * 0.95))
            out[f"{label}{' + facets' if facets else ''}"] = (
                statistics.median(times), times[p95], statistics.median(cpu), cpu[p95],
                statistics.median(server), server[p95], both[p95], len(times), os.getloadavg()[0])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--briefings", type=int, default=10_000, help="library size (10 items each)")
    parser.add_argument("--pdf", type=int, default=300, help="how many of them as PDF")
    parser.add_argument("--html-share", type=float, default=0.5, help="share of the rest as HTML")
    parser.add_argument("--queries", type=int, default=500, help="search queries per mode (with/without facets)")
    parser.add_argument("--data-dir", help="keep the SQLite library here (default: a temp dir, removed after)")
    parser.add_argument("--search-only", action="store_true", help="only time searches of the library in --data-dir")
    parser.add_argument("--check", type=int, default=0, metavar="N",
                        help="first compare N searches with the plain path (facets from the models); exit 1 if any differ")
    args = parser.parse_args()
    rng = random.Random(20261122)
    with tempfile.TemporaryDirectory(prefix="casereview-bench-") as tmp:
        setup_django(args.data_dir or tmp)
        from django.db import connection

        if args.search_only:
            if args.check:
                check_identical(args.check, random.Random(args.check))
            report_search(args.queries, rng)
            return

        texts = [briefing_text(i, rng)[0] for i in range(args.briefings)]
        n_pdf = min(args.pdf, args.briefings)
        n_html = int((args.briefings - n_pdf) * args.html_share)
        t0 = time.perf_counter()
        pdfs = [(as_pdf(t), f"b{i}.pdf") for i, t in enumerate(texts[:n_pdf])]
        make_pdf = time.perf_counter() - t0
        htmls = [(as_html(t), f"b{i}.html") for i, t in enumerate(texts[n_pdf:n_pdf + n_html], n_pdf)]
        plain = [(t.encode(), f"b{i}.txt") for i, t in enumerate(texts[n_pdf + n_html:], n_pdf + n_html)]
        print(f"CaseReview library benchmark: {platform.node()}, {platform.processor() or platform.machine()}, "
              f"{os.cpu_count()} cores, Python {platform.python_version()}, database {connection.vendor}")
        print(f"Generated {len(plain)} text, {len(htmls)} HTML, {len(pdfs)} PDF briefings "
              f"(PDFs made in {make_pdf:.1f} s)")
        for label, docs in (("text", plain), ("HTML", htmls), ("PDF", pdfs)):
            if not docs:
                continue
            seconds, cpu, results = ingest_batch(docs)
            print(f"ingest {label:<5} {len(docs):>6} files in {seconds:7.1f} s = {len(docs) / seconds:6.1f} "
                  f"briefings/s wall, {len(docs) / cpu:6.1f} per CPU second (one core), "
                  f"load average {os.getloadavg()[0]:.1f}   {results}")
        if args.check:
            check_identical(args.check, random.Random(args.check))
        report_search(args.queries, rng)


def report_search(queries: int, rng: random.Random) -> None:
    from django.db import connection

    from casereview.library.models import LibraryEntry, LibraryItem

    print(f"library: {LibraryEntry.objects.count()} entries, {LibraryItem.objects.count()} items")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO library_item_fts(library_item_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from casereview.library import facets

    facets.forget()
    start, start_cpu = time.perf_counter(), time.process_time()
    facets.snapshot()
    print(f"facet copy loaded in {(time.perf_counter() - start) * 1000:.0f} ms wall, "
          f"{(time.process_time() - start_cpu) * 1000:.0f} ms CPU (once per process after each library write)")
    print(f"search latency over {LibraryItem.objects.count()} items (ms), load average {os.getloadavg()[0]:.1f}:")
    server = connection.vendor == "postgresql"
    print(f"  {'':<32} {'wall p50':>9} {'wall p95':>9} {'cpu p50':>9} {'cpu p95':>9}"
          + (f" {'srv p50':>9} {'srv p95':>9} {'cpu+srv95':>9}" if server else ""))
    for label, (p50, p95, c50, c95, s50, s95, b95, n, load) in search_latency(queries, rng).items():
        print(f"  {label:<32} {p50:9.2f} {p95:9.2f} {c50:9.2f} {c95:9.2f}"
              + (f" {s50:9.2f} {s95:9.2f} {b95:9.2f}" if server else "") + f"  ({n} queries, load {load:.1f})")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
