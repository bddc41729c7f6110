"""`casereview extract FILE... --json`: the DESIGN.md contract, run through Django's call_command."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from .conftest import OCR_SEED, WEB_SEED

# The engine-only run (`-p no:django`) has no settings; these tests need Django's command machinery.
pytestmark = pytest.mark.skipif(
    not os.environ.get("DJANGO_SETTINGS_MODULE"), reason="needs pytest-django (run without -p no:django)"
)

# Exactly DESIGN.md's keys: scripts and external checkers rely on the contract.
KEYS = {"source", "title", "review_type", "partnership", "child", "learning_points", "recommendations"}


def run(*args: str) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("extract", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code)
    return out.getvalue(), err.getvalue(), code


def test_extract_json_prints_one_object_per_file_in_an_array():
    out, err, code = run(str(OCR_SEED), str(WEB_SEED), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert [obj["source"] for obj in data] == [OCR_SEED.name, WEB_SEED.name]
    for obj in data:
        assert set(obj) == KEYS
        assert obj["child"] == {"pseudonym": "Oliver", "age": "15 days", "outcome": "died"}
        assert obj["review_type"] == "serious-case-review"
        assert len(obj["learning_points"]) == 10 and len(obj["recommendations"]) == 7
        assert all(set(item) == {"text", "themes"} for item in obj["learning_points"] + obj["recommendations"])
    assert data[0]["learning_points"] == data[1]["learning_points"]
    assert data[0]["recommendations"] == data[1]["recommendations"]


def test_extract_with_a_bad_file_prints_nothing_and_lists_each_bad_file_with_exit_2(tmp_path):
    bad_pdf = tmp_path / "scan.pdf"
    bad_pdf.write_bytes(b"not a pdf at all")
    unknown = tmp_path / "notes.xyz"
    unknown.write_text("text")
    out, err, code = run(str(OCR_SEED), str(bad_pdf), str(unknown), "--json")
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{bad_pdf}: corrupt PDF")
    assert lines[1].startswith(f"{unknown}: unsupported file type .xyz")


def test_extract_without_json_prints_a_readable_summary():
    out, _, code = run(str(WEB_SEED))
    assert code == 0
    assert "child: Oliver, 15 days, died" in out
    assert "recommendation 7 [" in out


@pytest.mark.parametrize("flag", ["--help"])
def test_extract_has_help(flag, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("extract", flag)
    assert exc.value.code == 0
    assert "without touching the database" in capsys.readouterr().out


def _console(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`casereview ...` as a script calls it: a fresh process through the console entry point."""
    code = "import sys; from casereview.cli import main; main(['casereview', *sys.argv[1:]])"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CASEREVIEW_ENV": "development", **(env or {})}, check=False)


def test_the_console_command_gives_the_same_json_as_the_django_command():
    done = _console("extract", "--json", str(OCR_SEED), str(WEB_SEED))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(run(str(OCR_SEED), str(WEB_SEED), "--json")[0])


def test_the_console_command_starts_without_loading_any_app_so_a_batch_starts_fast():
    # The app registry (every app's models and ready() hooks) is most of Django's start-up time.
    probe = ("import sys; from casereview.cli import main; main(['casereview', 'extract', '--json', sys.argv[1]]); "
             "from django.apps import apps; sys.stderr.write(f'ready={apps.ready} '"
             "f'models={[m for m in sys.modules if m.endswith(\".models\") and m.startswith(\"casereview\")]}')")
    done = subprocess.run([sys.executable, "-c", probe, str(OCR_SEED)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CASEREVIEW_ENV": "development"}, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["child"]["pseudonym"] == "Oliver"
    assert done.stderr == "ready=False models=[]"


def test_the_console_command_still_refuses_a_production_configuration_without_a_secret_key():
    done = _console("extract", "--json", str(OCR_SEED),
                    env={"CASEREVIEW_ENV": "production", "CASEREVIEW_SECRET_KEY": "", "CASEREVIEW_ALLOWED_HOSTS": "x"})
    assert done.returncode == 2
    assert done.stdout == ""
    assert "CASEREVIEW_SECRET_KEY must be set" in done.stderr


def test_the_console_command_lists_bad_files_and_exits_2(tmp_path):
    bad = tmp_path / "notes.xyz"
    bad.write_text("text")
    done = _console("extract", "--json", str(OCR_SEED), str(bad))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"{bad}: unsupported file type .xyz")


def test_the_stand_alone_commands_run_from_a_plain_shell_without_deployment_settings(tmp_path):
    """DESIGN.md's file-in, JSON-out commands need no secret key: a script runs them as they are."""
    exe = Path(sys.executable).with_name("casereview")
    bare = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}  # no CASEREVIEW_ENV, no secrets
    seed = Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / "000_ca781f7ca3f0872d.txt"
    for args in (["extract", str(seed), "--json"], ["deadlines", "--aware", "2026-12-21", "--json"]):
        result = subprocess.run([str(exe), *args], capture_output=True, text=True, env=bare, cwd=tmp_path, timeout=120)
        assert result.returncode == 0, (args, result.stderr)
        assert json.loads(result.stdout)
