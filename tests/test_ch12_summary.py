"""Chapter 12 (``chapters/ch12_summary.py``), the summary page: formulas that match the code, and chapters
that match CHAPTERS."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters.ch12_summary import (
    CHAPTER_GISTS,
    SCHEDULES,
    chapters_markdown,
    schedules_markdown,
    summary_figure,
)
from lrdecay_lessons.chapters.course import CHAPTERS


@pytest.mark.parametrize("entry", SCHEDULES, ids=lambda e: e.key)
def test_formula_by_hand_matches_the_package(entry):
    t = np.arange(0, 2 * entry.horizon + 1).astype(float)
    ours = np.asarray(entry.function(t, **entry.example), dtype=float)
    by_hand = np.asarray(entry.by_hand(t, **entry.example), dtype=float)
    assert np.allclose(ours, by_hand, rtol=1e-12, atol=1e-15)


def test_every_schedule_of_the_package_is_summarised():
    assert set(schedules.REGISTRY) - {"constant"} <= {e.key for e in SCHEDULES}
    chapters = {c.notebook for c in CHAPTERS}
    assert {e.chapter for e in SCHEDULES} <= chapters


def test_chapters_match_the_course():
    assert set(CHAPTER_GISTS) == {c.notebook for c in CHAPTERS}
    text = chapters_markdown().text
    for c in CHAPTERS:
        assert f"]({c.notebook})" in text and c.chinese in text
    assert len(schedules_markdown().text.splitlines()) == len(SCHEDULES) + 3


def test_figure_has_a_panel_per_schedule():
    titles = [ax.get_title() for ax in summary_figure().axes if ax.get_visible() and ax.get_title()]
    assert titles == [e.english for e in SCHEDULES] + ["Reduce-on-plateau"]
