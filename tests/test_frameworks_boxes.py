"""The framework boxes beside chapters 07-10's experiments: recorded from the text shown, equal to the experiments'
schedules at every update, and shown in their chapters."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lrdecay_lessons.chapters.boxes import box_check, experiment_schedules
from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.frameworks.experiment_boxes import BOXES, HF_SUFFIX, box, recorded_box

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.mark.parametrize("key", BOXES)
def test_each_box_was_recorded_from_the_text_it_shows(key):
    recorded = recorded_box(key)
    assert recorded["code"] == BOXES[key].code and recorded["peak"] == BOXES[key].peak
    assert recorded["versions"]["torch"].startswith("2.13.0") and recorded["versions"]["transformers"]
    assert all(len(rates) == recorded["steps"] == 1000 for rates in recorded["rates"].values())


@pytest.mark.parametrize("key", BOXES)
def test_every_recorded_scheduler_is_the_experiments_schedule_at_every_update(key):
    check = box_check(key)
    assert set(check.worst) == set(recorded_box(key)["rates"])
    assert max(check.worst.values()) < 1e-12, check.worst
    # every schedule the experiment trained with has a box line (PyTorch or Hugging Face)
    shown = {name.removesuffix(HF_SUFFIX) for name in check.worst}
    assert shown == set(experiment_schedules(key))


def test_the_check_notices_a_scheduler_that_is_not_the_experiments(monkeypatch):
    recorded = recorded_box("ch08-race")
    swapped = {**recorded, "rates": {**recorded["rates"], "cosine": recorded["rates"]["linear to 0"]}}
    monkeypatch.setattr("lrdecay_lessons.chapters.boxes.recorded_box", lambda key: swapped)
    check = box_check("ch08-race")
    assert check.worst["cosine"] > 0.1 and "cosine" in repr(check)


@pytest.mark.parametrize("key", BOXES)
def test_each_box_is_shown_in_its_chapter_as_recorded_and_checked_below(key):
    path = next(NOTEBOOKS.glob(f"{BOXES[key].chapter}_*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells]
    shown = [i for i, s in enumerate(sources) if cells[i]["cell_type"] == "markdown"
             and "```python\n" + BOXES[key].code.rstrip("\n") + "\n```" in s]
    assert len(shown) == 1, f"{key}: the box's code must appear once, verbatim, in {path.name}"
    assert sources[shown[0] + 1] == f'boxes.box_check("{key}")'
    outputs = cells[shown[0] + 1]["outputs"]
    text = "".join("".join(o["data"]["text/plain"]) for o in outputs if "data" in o)
    assert "Largest relative difference from the experiment's schedules" in text


def test_an_unknown_box_is_named():
    with pytest.raises(InvalidParameterError, match="key must be one of ch08-race"):
        box("ch12")
    with pytest.raises(InvalidParameterError, match="key must be one of"):
        experiment_schedules("nope")


def test_the_cooldown_box_gives_each_branch_its_own_length():
    rates = recorded_box("ch10-cooldowns")["rates"]
    for share in (10, 20, 40):
        linear = np.array(rates[f"linear, {share} %"])
        start = 1000 - 10 * share
        assert np.all(linear[:start + 1] == linear[0]) and linear[start + 1] < linear[0]
