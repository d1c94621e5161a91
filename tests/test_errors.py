"""`lrdecay_lessons.errors`: one error type for a bad parameter, in every layer."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters.catalog import info
from lrdecay_lessons.display import Slider, palette_colour
from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.frameworks import translation
from lrdecay_lessons.schedules.validation import check_callable, check_choice
from lrdecay_lessons.training import MLP, load_dataset, train

PACKAGE = Path(__file__).resolve().parents[1] / "lrdecay_lessons"
#: Raises that are not about a parameter the caller passed (a broken data folder).
NOT_A_PARAMETER = {"chapters/ch12_frameworks.py": 1}


@pytest.mark.parametrize("call, fragment", [
    (lambda: schedules.step_decay(10, lr0="0.1", gamma=0.5, step_size=10), "lr0 must be a real number"),
    (lambda: schedules.schedule("cosine_annealing", lr0=0.1, total_steps=0), "total_steps"),
    (lambda: MLP(hidden=32), "hidden"),
    (lambda: load_dataset("mnist"), "name must be one of"),
    (lambda: train(load_dataset("diabetes"), 0.1, epochs=1, batch_size=32, record="epochs"), "record must be one of"),
    (lambda: Slider("lr0", 2.0, 0.0, 1.0), "lr0"),
    (lambda: palette_colour("red"), "key must be one of"),
    (lambda: info("linear"), "name must be one of"),
    (lambda: translation("cosine_annealing", "jax"), "framework must be one of"),
])
def test_a_bad_parameter_in_any_layer_is_one_error_of_both_kinds(call, fragment):
    with pytest.raises(InvalidParameterError, match=re.escape(fragment)) as caught:
        call()
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, TypeError)


def test_the_shared_checks_name_the_parameter_the_value_and_what_is_allowed():
    with pytest.raises(InvalidParameterError, match=r"^mode must be one of 'min', 'max'; got mode='mean'\.$"):
        check_choice("mode", "mean", ("min", "max"))
    with pytest.raises(InvalidParameterError, match=r"^mode must be one of 'min', 'max'; got mode=array"):
        check_choice("mode", np.array(["min"]), ("min", "max"))
    assert check_choice("mode", "max", ("min", "max")) == "max"
    with pytest.raises(InvalidParameterError, match=r"^fn must be a callable schedule of the step; got fn=0\.1\.$"):
        check_callable("fn", 0.1)
    assert check_callable("fn", abs) is abs


def test_no_module_raises_a_bare_value_or_type_error():
    found = {}
    for path in PACKAGE.rglob("*.py"):
        count = len(re.findall(r"raise (ValueError|TypeError)\(", path.read_text()))
        if count:
            found[str(path.relative_to(PACKAGE))] = count
    assert found == NOT_A_PARAMETER
