"""Layers point down: the tree obeys them, and the checker catches a module that does not."""

from __future__ import annotations

from pathlib import Path

from tests.architecture.layers import check_source, check_tree, modules_without_layer

ROOT = Path(__file__).resolve().parents[2]


def test_no_module_imports_from_a_layer_above_it_or_from_a_peer():
    violations = check_tree(ROOT)
    assert not violations, "\n".join(str(v) for v in violations)


def test_every_module_belongs_to_a_layer():
    assert list(modules_without_layer(ROOT)) == []


def test_a_deliberate_upward_import_is_caught():
    source = "from casereview.reviews.models import Review\n"
    [violation] = check_source(source, module="casereview.accounts.services", file="accounts/services.py")
    assert "upward" in violation.reason and violation.imported == "casereview.reviews.models"


def test_a_lazy_upward_import_inside_a_function_is_caught_too():
    source = "def load():\n    from casereview.publishing.gate import check_publishable\n    return check_publishable\n"
    [violation] = check_source(source, module="casereview.reviews.publishing_hook", file="reviews/publishing_hook.py")
    assert violation.line == 2 and "upward" in violation.reason


def test_peers_of_one_layer_may_not_import_each_other():
    source = "from casereview.library.services import ingest_published_briefing\n"
    [violation] = check_source(source, module="casereview.publishing.services", file="publishing/services.py")
    assert "peer" in violation.reason


def test_a_pure_engine_may_not_import_django():
    source = "from django.conf import settings\n"
    [violation] = check_source(source, module="casereview.text.extract", file="text/extract.py")
    assert "Django" in violation.reason


def test_imports_downward_and_within_one_app_are_allowed():
    source = ("from casereview.core.access import requires\nfrom casereview.reviews.models import Review\n"
              "from casereview.text.themes import tag_themes\nfrom . import forms\n")
    assert check_source(source, module="casereview.actions.views.plans", file="actions/views/plans.py") == []
