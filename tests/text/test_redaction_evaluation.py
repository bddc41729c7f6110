"""The identifier matcher meets its targets on the redaction evaluation set (eval/redaction), both splits.

Runs the scoring of bench/eval_redaction.py (no database), so every CI pass (SQLite and
PostgreSQL) checks it: restricted identifiers recall 100%, generic personal data recall
at least 95%, precision at least 90%.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "eval_redaction.py"


def _evaluation():
    spec = importlib.util.spec_from_file_location("eval_redaction", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_the_matcher_meets_the_redaction_targets(split):
    evaluation = _evaluation()
    counts = evaluation.evaluate(split)
    assert set(counts) == set(evaluation.TARGETS) == {"restricted_recall", "generic_recall", "precision"}
    for target, minimum in evaluation.TARGETS.items():
        part, whole = counts[target]
        assert whole > 0, f"{split}: nothing to score for {target}"
        assert part / whole >= minimum, f"{split} {target}: {part}/{whole} is below the target {minimum:.0%}"
