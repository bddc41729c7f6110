"""`casereview ingest --manifest`: a national collection loads with the manifest's metadata, once."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from casereview.audit.models import AuditEvent
from casereview.library.manifest import ManifestError, read_manifest
from casereview.library.models import LibraryEntry, Source
from casereview.library.services import ingest_file
from tests.library.conftest import SEED_PDF_TEXT, briefing

HEADER = "file,source_url,partnership,publication_date,review_type\n"


def _collection(tmp_path, rows: str, header: str = HEADER):
    folder = tmp_path / "collection"
    (folder / "2019").mkdir(parents=True)
    (folder / "2019" / "oliver.txt").write_bytes(SEED_PDF_TEXT.read_bytes())
    (folder / "mia.md").write_bytes(briefing(
        "Mia", learning=["Practitioners should assess the risk from dogs in the household."],
        recommendations=["Publish guidance on dogs and babies."]))
    manifest = folder / "manifest.csv"
    manifest.write_text(header + rows, encoding="utf-8")
    return manifest


GOOD_ROWS = (
    "2019/oliver.txt,https://example.org/oliver.pdf,Cambridgeshire and Peterborough Safeguarding Partnership,"
    "14/03/2019,serious-case-review\n"
    "mia.md,https://example.org/mia,Eastshire Safeguarding Children Partnership,2024-02-01,"
    "child-practice-review\n"
)


@pytest.fixture
def cli(run_cli, tmp_path):
    """The real command on a fresh SQLite database of its own (even under script/with-postgres)."""
    (tmp_path / "data").mkdir()

    def run(*args: str):
        return run_cli(*args, env={"DATABASE_URL": ""})

    assert run("migrate", "-v", "0").returncode == 0
    return run


def test_a_manifest_loads_its_files_with_the_manifests_metadata_and_a_second_run_changes_nothing(cli, tmp_path):
    manifest = _collection(tmp_path, GOOD_ROWS)
    first = cli("ingest", "--manifest", str(manifest), "--no-progress")
    assert first.returncode == 0, first.stderr
    assert "2 files: 2 created" in first.stdout
    # Mia's briefing says Local Child Safeguarding Practice Review, Westshire and 2023; the manifest wins.
    found = json.loads(cli("search", "dogs", "--type", "child-practice-review", "--year", "2024",
                           "--partnership", "Eastshire Safeguarding Children Partnership", "--json").stdout)
    assert len({hit["entry"] for hit in found}) == 1 and "Mia" in found[0]["entry"]
    oliver = json.loads(cli("search", "", "--year", "2019", "--limit", "50", "--json",
                            "--partnership", "Cambridgeshire and Peterborough Safeguarding Partnership").stdout)
    assert len(oliver) == 17
    again = cli("ingest", "--manifest", str(manifest), "--no-progress")
    assert again.returncode == 0 and "2 files: 2 unchanged" in again.stdout


def test_every_problem_in_a_manifest_is_listed_by_row_and_column_and_nothing_is_stored(cli, tmp_path):
    manifest = _collection(tmp_path, GOOD_ROWS + (
        "missing.pdf,javascript:alert(1),,31/02/2021,serious case review\n"
        "../outside.txt,,,,\n"
        "mia.md,ftp://example.org/mia,,next week,\n"
    ))
    result = cli("ingest", "--manifest", str(manifest), "--no-progress")
    assert result.returncode == 2
    problems = result.stderr.strip().splitlines()
    assert problems == [
        "manifest.csv, row 4, column file: 'missing.pdf' does not exist next to the manifest",
        "manifest.csv, row 4, column source_url: 'javascript:alert(1)' is not a web address; "
        "give the full http:// or https:// address",
        "manifest.csv, row 4, column publication_date: 31 February 2021 is not a real date (February 2021 has 28 "
        "days); write it as 14/03/2019 or 2019-03-14",
        "manifest.csv, row 4, column review_type: 'serious case review' is not a review type; use one of "
        "serious-case-review, local-child-safeguarding-practice-review, rapid-review, child-practice-review, "
        "learning-review, national-review, other",
        "manifest.csv, row 5, column file: '../outside.txt' is outside the manifest's folder; keep the files in "
        "that folder or below it",
        "manifest.csv, row 6, column file: the same file is listed in row 3; list each file once",
        "manifest.csv, row 6, column source_url: 'ftp://example.org/mia' is not a web address; give the full "
        "http:// or https:// address",
        "manifest.csv, row 6, column publication_date: not a date in a form we read (day first, e.g. 03/04/2019, "
        "3 April 2019, April 2019, 2019); write it as 14/03/2019 or 2019-03-14",
    ]
    assert json.loads(cli("search", "", "--json").stdout) == []


def test_a_manifest_without_a_file_column_or_with_an_unknown_column_is_refused(tmp_path):
    manifest = _collection(tmp_path, "2019/oliver.txt,2019\n", header="path,year\n")
    with pytest.raises(ManifestError) as refused:
        read_manifest(manifest)
    assert refused.value.problems == [
        "manifest.csv, row 1, column 'path': unknown column; use file, source_url, partnership, publication_date, "
        "review_type",
        "manifest.csv, row 1, column 'year': unknown column; use file, source_url, partnership, publication_date, "
        "review_type",
        "manifest.csv, row 1: no 'file' column; the first row names the columns (file, source_url, partnership, "
        "publication_date, review_type)",
    ]


def test_manifest_headers_may_be_written_as_words_and_blank_cells_keep_what_was_extracted(tmp_path):
    manifest = _collection(tmp_path, "2019/oliver.txt,,,March 2019,\n",
                           header="File,Source URL,Partnership,Publication date,Review type\n")
    [row] = read_manifest(manifest)
    assert row.path.name == "oliver.txt" and row.source_url is None
    assert row.metadata() == {"year": 2019}


@pytest.mark.django_db
def test_a_manifest_correcting_a_known_file_sets_the_metadata_once_with_one_audit_event(now):
    data = SEED_PDF_TEXT.read_bytes()
    created = ingest_file(data=data, filename="oliver.txt", by=None, now=now)
    assert created.entry.partnership == "Cambridgeshire and Peterborough Safeguarding Partnership Board"
    corrected = {"partnership": "Peterborough Safeguarding Partnership", "year": 2019,
                 "review_type": "serious-case-review"}
    later = now + dt.timedelta(days=1)
    result = ingest_file(data=data, filename="oliver.txt", by=None, now=later, metadata=corrected,
                         source_url="https://example.org/oliver.pdf")
    assert result.result == "metadata-set"
    entry = LibraryEntry.objects.get()
    assert entry.partnership == "Peterborough Safeguarding Partnership" and entry.year == 2019
    assert "https://example.org/oliver.pdf" in entry.links
    event = AuditEvent.objects.get(action="library.metadata_set")
    assert event.changes["partnership"] == ["Cambridgeshire and Peterborough Safeguarding Partnership Board",
                                            "Peterborough Safeguarding Partnership"]
    events = AuditEvent.objects.count()
    again = ingest_file(data=data, filename="oliver.txt", by=None, now=later, metadata=corrected,
                        source_url="https://example.org/oliver.pdf")
    assert again.result == "unchanged"
    assert AuditEvent.objects.count() == events and Source.objects.count() == 1


@pytest.mark.django_db
def test_a_manifest_source_url_that_is_not_a_web_address_never_becomes_a_link(now):
    result = ingest_file(data=SEED_PDF_TEXT.read_bytes(), filename="oliver.txt", by=None, now=now,
                         metadata={}, source_url="javascript:alert(1)")
    assert result.result == "created"
    assert not any(link.startswith("javascript") for link in result.entry.links)


def test_an_xlsx_manifest_with_date_cells_is_read_too(tmp_path):
    from openpyxl import Workbook

    _collection(tmp_path, "")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["file", "publication_date", "review_type"])
    sheet.append(["mia.md", dt.datetime(2024, 2, 1), "child-practice-review"])
    path = tmp_path / "collection" / "manifest.xlsx"
    workbook.save(path)
    [row] = read_manifest(path)
    assert row.published == dt.date(2024, 2, 1)
    assert row.metadata() == {"review_type": "child-practice-review", "year": 2024}
