"""`casereview ingest` and `casereview search` as scripts use them: exit codes, table, JSON."""

from __future__ import annotations

import json

import pytest

from tests.library.conftest import SEED_PDF_TEXT, SEED_WEB_TEXT, briefing


def _folder(tmp_path):
    folder = tmp_path / "briefings"
    (folder / "2023").mkdir(parents=True)
    (folder / "oliver-ocr.txt").write_bytes(SEED_PDF_TEXT.read_bytes())
    (folder / "2023" / "oliver-web.txt").write_bytes(SEED_WEB_TEXT.read_bytes())
    (folder / "2023" / "mia.md").write_bytes(briefing(
        "Mia", learning=["Practitioners should assess the risk from dogs in the household."],
        recommendations=["Publish guidance on dogs and babies."]))
    return folder


@pytest.fixture
def cli(run_cli, tmp_path):
    """The real command on a fresh SQLite database of its own (even under script/with-postgres)."""
    (tmp_path / "data").mkdir()

    def run(*args: str):
        return run_cli(*args, env={"DATABASE_URL": ""})

    assert run("migrate", "-v", "0").returncode == 0
    return run


def test_ingest_takes_a_folder_recursively_and_prints_a_summary_table(cli, tmp_path):
    result = cli("ingest", str(_folder(tmp_path)))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["file", "result", "entry", "items", "error"]
    assert "3 files: 1 added-source, 2 created" in result.stdout
    assert result.stderr.strip() == ""


def test_ingest_reports_each_bad_file_on_stderr_carries_on_and_exits_2(cli, tmp_path):
    folder = _folder(tmp_path)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 broken")
    (folder / "empty.html").write_bytes(b"<html><body></body></html>")
    result = cli("ingest", str(folder), str(tmp_path / "missing.pdf"))
    assert result.returncode == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3
    assert any(line.startswith(str(folder / "scan.pdf") + ": corrupt PDF") for line in errors)
    assert any("missing.pdf: no such file or folder" in line for line in errors)
    assert "created" in result.stdout and "failed" in result.stdout


def test_ingesting_the_same_folder_twice_changes_nothing(cli, tmp_path):
    folder = _folder(tmp_path)
    cli("ingest", str(folder))
    again = cli("ingest", str(folder))
    assert again.returncode == 0 and "3 files: 3 unchanged" in again.stdout


def test_search_prints_json_hits_with_snippet_themes_and_score(cli, tmp_path):
    cli("ingest", str(_folder(tmp_path)))
    result = cli("search", "dogs household", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert len(hits) == 1
    hit = hits[0]
    assert hit["kind"] == "learning_point" and "Mia" in hit["entry"]
    assert "[dogs]" in hit["snippet"] and "[household]" in hit["snippet"]
    assert isinstance(hit["themes"], list) and hit["score"] > 0
    typed = json.loads(cli("search", "", "--type", "serious-case-review", "--limit", "50", "--json").stdout)
    assert len(typed) == 17


def test_search_refuses_an_unknown_theme_with_exit_2(cli):
    result = cli("search", "dogs", "--theme", "not-a-theme")
    assert result.returncode == 2 and "not a theme id" in result.stderr
