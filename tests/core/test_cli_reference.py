from pathlib import Path

from casereview.core.management.commands.cli_reference import render_reference

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_the_cli_reference_in_the_docs_matches_the_commands_help():
    assert DOCS.read_text(encoding="utf-8") == render_reference(), (
        "docs/cli.md is stale: run `.venv/bin/casereview cli_reference --output docs/cli.md`"
    )


def test_the_cli_reference_documents_the_design_contract_commands():
    text = render_reference()
    assert "## `casereview deadlines`" in text and "--aware" in text
