"""Theme ids for findings, from the text engine's taxonomy when it is available.

The ids are a contract (shared taxonomy.md); the text engine owns the labelled,
machine-readable copy. While its data file is empty or the engine is missing,
the contract ids below keep the findings forms usable.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

CONTRACT_THEMES: tuple[tuple[str, str], ...] = (
    ("domestic-abuse", "Domestic abuse"), ("coercive-control", "Coercive and controlling behaviour"),
    ("parental-mental-health", "Parental mental health"), ("parental-substance-misuse", "Parental alcohol or drug use"),
    ("neglect", "Neglect"), ("physical-abuse", "Physical abuse and non-accidental injury"),
    ("sexual-abuse", "Child sexual abuse"), ("exploitation", "Exploitation and risk outside the home"),
    ("dogs", "Dogs and animals"), ("safer-sleep", "Safer sleep"), ("infant-vulnerability", "Vulnerability of babies"),
    ("pre-birth", "Pre-birth assessment and planning"), ("fathers-and-men", "Fathers and men in the household"),
    ("family-history", "Use of family history"), ("child-mental-health", "Child mental health, self-harm and suicide"),
    ("education", "Education and children not in school"), ("disability", "Disabled children"),
    ("race-culture-identity", "Race, culture and identity"), ("poverty-housing", "Poverty and housing"),
    ("risk-assessment", "Risk assessment"), ("professional-curiosity", "Professional curiosity"),
    ("disguised-compliance", "Disguised compliance and over-optimism"),
    ("challenge-escalation", "Professional challenge and escalation"), ("information-sharing", "Information sharing"),
    ("multi-agency-working", "Multi-agency working"), ("drift-and-delay", "Drift and follow-through"),
    ("management-oversight", "Management oversight and supervision"), ("hospital-discharge", "Hospital discharge planning"),
    ("voice-of-child", "Voice and daily life of the child"), ("policy-and-procedure", "Policy, procedure and guidance"),
    ("training-and-awareness", "Training and workforce awareness"),
    ("quality-assurance", "Quality assurance and board assurance"),
)


def _engine():
    try:
        return importlib.import_module("casereview.text.themes")
    except ImportError:
        return None


def theme_choices() -> list[tuple[str, str]]:
    """(id, label) of every theme: the text engine's taxonomy, its JSON file, or the contract ids."""
    engine = _engine()
    if engine is not None and hasattr(engine, "load_taxonomy"):
        try:
            themes = engine.load_taxonomy()
        except (OSError, ValueError, KeyError):
            themes = []
        if themes:
            return [(t.id, t.label) for t in themes]
    path = Path(__file__).resolve().parent.parent / "text" / "data" / "taxonomy.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        from_file = [(t["id"], t.get("label", t["id"])) for t in data.get("themes", [])]
    except (OSError, ValueError, KeyError, TypeError):
        from_file = []
    ids = {i for i, _ in from_file}
    # Contract ids are never dropped (taxonomy.md), even if a data file lacks one.
    return from_file + [c for c in CONTRACT_THEMES if c[0] not in ids]


def theme_labels() -> dict[str, str]:
    return dict(theme_choices())


def suggest_themes(text: str) -> list[dict[str, str]]:
    """Themes the text engine would tag `text` with, as {"theme", "evidence"}; empty without the engine."""
    engine = _engine()
    if engine is None or not hasattr(engine, "tag_themes") or not text.strip():
        return []
    try:
        tags = engine.tag_themes(text)
    except (ValueError, KeyError):
        return []
    known = theme_labels()
    return [{"theme": t.theme, "evidence": t.evidence} for t in tags if t.theme in known]


def clean_themes(themes) -> list[dict[str, str]]:
    """Normalise a list of theme ids or {"theme", "evidence"} dicts; refuse unknown ids."""
    from django.core.exceptions import ValidationError

    known = theme_labels()
    out: dict[str, dict[str, str]] = {}
    for entry in themes or []:
        theme, evidence = (entry, "") if isinstance(entry, str) else (entry.get("theme"), entry.get("evidence", ""))
        if theme not in known:
            raise ValidationError({"themes": f"'{theme}' is not a theme of the taxonomy: choose themes from the list."})
        out.setdefault(theme, {"theme": theme, "evidence": str(evidence or "")})
    return list(out.values())
