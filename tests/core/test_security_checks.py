"""CI's security checks: pip-audit's report is read strictly, and every bandit exception says why."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REPORT = REPO / "script" / "pip_audit_report.py"


def _judge(tmp_path, dependencies, rc=0, env=None):
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
    err = tmp_path / "err.txt"
    err.write_text("")
    return subprocess.run([sys.executable, str(REPORT), str(report), str(rc), "pypi", str(err)],
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", **(env or {})}, timeout=60)


def test_a_known_vulnerability_in_a_pinned_package_fails_the_run(tmp_path):
    result = _judge(tmp_path, [
        {"name": "django", "version": "5.2.0", "vulns": [
            {"id": "PYSEC-2099-1", "fix_versions": ["5.2.1"], "aliases": [], "description": ""}]},
        {"name": "lxml", "version": "6.1.3", "vulns": []},
    ], rc=1)
    assert result.returncode == 1
    assert "VULNERABLE django 5.2.0: PYSEC-2099-1 (fixed in 5.2.1)" in result.stderr


def test_a_clean_report_passes_and_says_how_many_were_audited(tmp_path):
    result = _judge(tmp_path, [{"name": "django", "version": "5.2.19", "vulns": []}])
    assert result.returncode == 0 and "1 pinned packages audited" in result.stdout


def test_an_unreachable_service_fails_loudly_instead_of_passing_silently(tmp_path):
    deps = [{"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited: django (5.2.19)"}]
    result = _judge(tmp_path, deps)
    assert result.returncode == 1 and "NOT AUDITED" in result.stderr
    warned = _judge(tmp_path, deps, env={"CASEREVIEW_PIP_AUDIT_UNREACHABLE": "warn"})
    assert warned.returncode == 0 and "WARNING" in warned.stdout and "NOT AUDITED" in warned.stdout


def test_every_nosec_in_the_code_names_its_check_and_gives_a_reason():
    unexplained = []
    for path in (REPO / "casereview").rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if "# nosec" not in line:
                continue
            match = re.search(r"# nosec ((?:B\d{3}[ ,]*)+)\s*#\s*(?:noqa: \S+ - )?(.{10,})$", line)
            if not match:
                unexplained.append(f"{path.relative_to(REPO)}:{number}")
    assert unexplained == []


def test_script_test_runs_the_security_checks_before_the_suite():
    script = (REPO / "script" / "test").read_text()
    assert script.index("script/security-checks") < script.index('say "Tests on SQLite"')
    checks = (REPO / "script" / "security-checks").read_text()
    assert ".venv/bin/bandit -c pyproject.toml -r casereview" in checks and ".venv/bin/pip-audit -r constraints.txt" in checks
