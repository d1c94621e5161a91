"""Names every doctest may use without importing them: ``np`` and the closed-form schedules."""

import numpy as np
import pytest

from lrdecay_lessons import schedules


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    doctest_namespace["np"] = np
    doctest_namespace["schedules"] = schedules
    for name in schedules.CLOSED_FORM:
        doctest_namespace[name] = getattr(schedules, name)
