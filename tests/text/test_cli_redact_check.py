"""`casereview redact-check FILE --identifiers FILE --json`, run through Django's call_command."""

from __future__ import annotations

import io
import json
import os

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.skipif(
    not os.environ.get("DJANGO_SETTINGS_MODULE"), reason="needs pytest-django (run without -p no:django)"
)


def run(*args: str) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("redact_check", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code)
    return out.getvalue(), err.getvalue(), code


def test_redact_check_lists_identifier_and_pattern_hits_as_json(tmp_path):
    document = tmp_path / "briefing.txt"
    document.write_text("Jayden's school, Oakfield Primary, is near CB2 1TN.\n", encoding="utf-8")
    identifiers = tmp_path / "ids.txt"
    identifiers.write_text("# restricted\nJayden\noakfield primary\n", encoding="utf-8")
    out, err, code = run(str(document), "--identifiers", str(identifiers), "--json")
    assert code == 1 and err == ""
    hits = json.loads(out)
    assert [(h["kind"], h["text"], h["matched"]) for h in hits] == [
        ("name", "Jayden's", "Jayden"),
        ("school", "Oakfield Primary", "oakfield primary"),
        ("postcode", "CB2 1TN", "postcode"),
    ]
    assert all(set(h) == {"start", "end", "text", "kind", "matched"} for h in hits)


def test_redact_check_exits_0_when_the_document_has_no_hit(tmp_path):
    document = tmp_path / "briefing.md"
    document.write_text("# Oliver\n\nWe hope practitioners ask about dogs in the home.\n", encoding="utf-8")
    identifiers = tmp_path / "ids.txt"
    identifiers.write_text("Hope Trelawney-Budd\npseudonym: Oliver\n", encoding="utf-8")
    out, err, code = run(str(document), "--identifiers", str(identifiers), "--json")
    assert (code, json.loads(out), err) == (0, [], "")


def test_redact_check_offsets_index_the_file_as_read_with_kinds_given_or_inferred(tmp_path):
    text = "# Briefing\n\nThe Trelaw\u00adney\u2013Budds lived at 14 Fenwick Row; born 30.12.18.\n"
    document = tmp_path / "briefing.txt"
    document.write_text(text, encoding="utf-8")
    identifiers = tmp_path / "ids.txt"
    identifiers.write_text("name: Jaxon Trelawney-Budd\n30 December 2018\n14 Fenwick Row, Wisbech PE13 9QX\n", encoding="utf-8")
    out, _, code = run(str(document), "--identifiers", str(identifiers), "--json")
    hits = json.loads(out)
    assert code == 1
    assert [(h["kind"], h["text"]) for h in hits] == [
        ("name", "Trelaw\u00adney\u2013Budds"), ("address", "14 Fenwick Row"), ("date_of_birth", "30.12.18"),
    ]
    assert all(text[h["start"] : h["end"]] == h["text"] for h in hits)


def test_redact_check_with_bad_files_prints_nothing_and_exits_2(tmp_path):
    identifiers = tmp_path / "missing-ids.txt"
    out, err, code = run(str(tmp_path / "notes.xyz"), "--identifiers", str(identifiers), "--json")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert "unsupported file type .xyz" in lines[0]
    assert lines[1].startswith(f"{identifiers}: cannot read identifiers file")
