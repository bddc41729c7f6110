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
    assert code == 0 and err == ""
    hits = json.loads(out)
    assert [(h["kind"], h["text"], h["matched"]) for h in hits] == [
        ("identifier", "Jayden's", "Jayden"),
        ("identifier", "Oakfield Primary", "oakfield primary"),
        ("postcode", "CB2 1TN", "postcode"),
    ]
    assert all(set(h) == {"start", "end", "text", "kind", "matched"} for h in hits)


def test_redact_check_with_bad_files_prints_nothing_and_exits_2(tmp_path):
    identifiers = tmp_path / "missing-ids.txt"
    out, err, code = run(str(tmp_path / "notes.xyz"), "--identifiers", str(identifiers), "--json")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert "unsupported file type .xyz" in lines[0]
    assert lines[1].startswith(f"{identifiers}: cannot read identifiers file")
