"""Chapter 13's views: the recipes table and figure, the decision table, the checklist and the preview."""

from __future__ import annotations

from functools import partial

import pytest

from lrdecay_lessons.chapters.ch13_applications import (
    RECIPE_COLOURS,
    checklist_table,
    preview_figure,
    recipes_figure,
    recipes_table,
)
from lrdecay_lessons.frameworks import recorded_case
from lrdecay_lessons.schedules import cosine_annealing, inspect_schedule, inverse_sqrt_peak, step_decay, with_warmup
from lrdecay_lessons.schedules.recipes import RECIPES


def test_table_and_figure():
    table = recipes_table()
    assert len(table.rows) == len(RECIPES)
    assert table.column("peak rate")[2] == pytest.approx(inverse_sqrt_peak())
    figure = recipes_figure()
    titles = [ax.get_title() for ax in figure.axes if ax.get_visible()]
    assert titles == [f"{r.name}\n{r.citation.split(',')[0]}" for r in RECIPES]
    assert set(RECIPE_COLOURS) == {r.key for r in RECIPES}


def test_the_checklist_table_shows_the_check_and_highlights_what_deserves_a_look():
    ours = checklist_table(inspect_schedule(partial(cosine_annealing, lr0=0.1, total_steps=10), 10, past_end=1.0))
    assert "goes to 0 at step 10 and holds it" in repr(ours)
    assert not ours.highlight[-1]
    case = recorded_case("pytorch", "cosine_annealing", total_steps=10, lr_min=0.0)
    torch = checklist_table(inspect_schedule(lambda t: case.values[t], 10, past_end=1.0, label="torch"))
    assert "RISES again" in repr(torch) and torch.highlight[-1]
    warm = checklist_table(inspect_schedule(with_warmup(partial(step_decay, lr0=0.1, gamma=0.5, step_size=300), 100),
                                            1000))
    assert "the first update does nothing" in repr(warm)
    assert "step 400: 0.1 → 0.05 (down 50.0% of the peak)" in repr(warm)
    flat = checklist_table(inspect_schedule(lambda t: 0.01, 50))
    assert "constant" in repr(flat) and flat.highlight == (False, False, True, False, True, False)
    with pytest.raises(TypeError, match="check must be a ScheduleCheck"):
        checklist_table(0.1)


def test_figure_has_title_labels_and_legend():
    check = inspect_schedule(partial(cosine_annealing, lr0=0.1, total_steps=100), 100)
    ax = preview_figure(check).axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert ax.get_legend() is not None
