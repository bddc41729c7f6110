"""Hypothesis profiles for the property-based tests of the engines.

`ci` (the default): 150 examples a property, no deadline (a shared CI machine is
slow in bursts), derandomized so a run is reproducible and never flaky, and no
example database (nothing written into the checkout). `explore`: 2,000 random
examples a property, for hunting locally:
    HYPOTHESIS_PROFILE=explore .venv/bin/pytest tests/properties
A failure prints the smallest example found; add it to the engine's in/out table.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", max_examples=2000, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
