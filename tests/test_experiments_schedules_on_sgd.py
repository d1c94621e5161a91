"""The SGD runs behind "what this schedule does to SGD" (chapters 02–06): the path recorder agrees with
chapter 01's runner, the measures are what they say, and bad input is named."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.chapters.sgd_effect import against, outcome_table
from lrdecay_lessons.experiments import schedules_on_sgd as sos
from lrdecay_lessons.experiments.ch01 import sgd_problem
from lrdecay_lessons.schedules import schedule
from lrdecay_lessons.training import sgd_least_squares
from lrdecay_lessons.training.least_squares_paths import sgd_least_squares_paths

SEEDS = (10, 11, 12, 13, 14)


def test_paths_end_where_chapter_01s_runner_ends():
    problem = sgd_problem()
    step = schedule("step_decay", lr0=0.2, gamma=0.5, step_size=200)
    paths = sgd_least_squares_paths(problem, step, SEEDS)
    runs = sgd_least_squares(problem, step, SEEDS, last=0.1)
    assert paths.excess.shape == (len(SEEDS), 2000)
    np.testing.assert_allclose(paths.tail(0.1), runs.tail_excess, rtol=1e-12)
    np.testing.assert_allclose(paths.new_data_excess, runs.new_data_excess, rtol=1e-12)
    np.testing.assert_allclose(paths.window(1800, 2000), paths.tail(0.1))
    assert paths.rates[199] == 0.2 and paths.rates[200] == 0.1


def test_bad_windows_and_names_are_named():
    paths = sgd_least_squares_paths(sgd_problem(), 0.2, SEEDS[:2])
    with pytest.raises(ValueError, match=r"start and stop must satisfy .* got start=10, stop=5"):
        paths.window(10, 5)
    with pytest.raises(ValueError, match=r"last must be a fraction in \(0, 1\]; got last=0"):
        paths.tail(0)
    with pytest.raises(ValueError, match=r"chapter must be one of \['02', '03', '04', '05'\]; got chapter='07'"):
        sos.chapter_schedules("07")
    outcome = sos.run_on_sgd({"a": 0.2, "b": 0.1}, SEEDS[:2])
    with pytest.raises(ValueError, match=r"name must be one of \['a', 'b'\]; got name='c'"):
        outcome.tail("c")
    with pytest.raises(ValueError, match=r"measure must be 'tail' or 'new data'; got measure='loss'"):
        outcome.comparisons("a", "loss")


def test_a_drop_lowers_the_loss_and_decay_beats_the_constant():
    outcome = sos.chapter_outcome("02", SEEDS)
    drop = sos.drop_effect(outcome, "step decay γ = 0.5, s = 200", 200)
    assert drop.verdict == "after lower" and drop.mean < 0
    path = outcome.paths["step decay γ = 0.5, s = 200"]
    np.testing.assert_allclose(drop.differences, path.excess[:, 200:250].mean(1) - path.excess[:, 150:200].mean(1))
    (comparison,) = outcome.comparisons("constant 0.2")
    assert comparison.verdict == "step decay γ = 0.5, s = 200 lower"


def test_the_table_shows_mean_and_sd_with_n_minus_1():
    outcome = sos.run_on_sgd({"constant 0.2": 0.2, "constant 0.1": 0.1}, SEEDS)
    table = outcome_table(outcome, "demo")
    tail = outcome.tail("constant 0.1")
    assert table.column("excess training loss, last 10 % (mean ± sd)")[1] == \
        f"{tail.mean():.2g} ± {tail.std(ddof=1):.2g}"
    assert "5 seeds, sd with n − 1" in table.title
    assert len(against(outcome, "constant 0.2", "t").rows) == 1


def test_the_figure_shows_rates_and_a_log_loss_with_one_legend_that_covers_no_start():
    import matplotlib

    matplotlib.use("Agg")
    from lrdecay_lessons.chapters.sgd_effect import outcome_figure

    outcome = sos.run_on_sgd({"constant 0.2": 0.2, "constant 0.1": 0.1}, SEEDS[:2])
    figure = outcome_figure(outcome, "loss", drops=[500, 1000])
    left, right = figure.axes
    assert right.get_yscale() == "log" and left.get_legend() is None and right.get_legend() is not None
    assert len(right.lines) == 2 + 2  # two loss paths, two drop marks
    np.testing.assert_allclose(right.lines[0].get_ydata(), outcome.mean_path("constant 0.2"))
