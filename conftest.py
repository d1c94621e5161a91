"""Names every doctest may use without importing them: ``np``, the schedule formulas and the builders."""

import numpy as np
import pytest

from lrdecay_lessons import schedules


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    doctest_namespace["np"] = np
    doctest_namespace["schedules"] = schedules
    for entry in schedules.REGISTRY.values():
        doctest_namespace[entry.function.__name__] = entry.function
    for name in ("schedule", "constant", "Schedule"):
        doctest_namespace[name] = getattr(schedules, name)
