"""schedules.clocks: a schedule stepped once per epoch, and the resume bug."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from lrdecay_lessons.schedules import cosine_annealing, epoch_stepped, restarted_clock


def test_epoch_stepped_is_a_staircase():
    cosine = partial(cosine_annealing, lr0=0.1, total_steps=10)
    stepped = epoch_stepped(cosine, 100)
    t = np.arange(1000)
    values = stepped(t)
    assert np.array_equal(values, cosine(t // 100))
    assert len(np.unique(values)) == 10
    assert stepped(250) == cosine(2) and isinstance(stepped(250), float)
    with pytest.raises(ValueError, match="steps_per_epoch must be a whole number >= 1"):
        epoch_stepped(cosine, 0)
    with pytest.raises(ValueError, match="schedule must be a callable schedule of the step; got schedule=0.1"):
        epoch_stepped(0.1, 10)
    with pytest.raises(ValueError, match="t must be a finite number >= 0"):
        stepped(-1)


def test_restarted_clock():
    cosine = partial(cosine_annealing, lr0=0.1, total_steps=1000)
    buggy = restarted_clock(cosine, 600)
    t = np.arange(1000)
    assert np.array_equal(buggy(t)[:600], cosine(t[:600]))
    assert np.array_equal(buggy(t)[600:], cosine(t[:400]))
    assert buggy(600) == 0.1 and buggy(999) == cosine(399)
    with pytest.raises(ValueError, match="resume_at must be a whole number >= 1"):
        restarted_clock(cosine, 0)
    with pytest.raises(ValueError, match="schedule must be a callable schedule of the step; got schedule=None"):
        restarted_clock(None, 10)
