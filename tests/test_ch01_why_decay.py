"""Chapter 01 (``chapters/ch01_why_decay.py``): its tables and figures of the bowl and of SGD's noise floor,
and its exercises' answers."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from lrdecay_lessons.chapters import ch01_why_decay as ls
from lrdecay_lessons.exercises import check
from lrdecay_lessons.experiments import CHAPTER_PLAN
from lrdecay_lessons.experiments.ch01 import comparison_seeds, sgd_runs
from lrdecay_lessons.training import landscapes

START = (-4.0, 1.2)


@pytest.fixture(scope="module")
def problem():
    return landscapes.noisy_least_squares()


def test_the_floor_table_shows_each_measured_floor_against_theory(problem):
    floors = landscapes.measure_noise_floor(problem, [0.2, 0.1], seeds=(0,), burn_in=0.25)
    table = ls.floor_table(floors)
    assert table.columns[-1] == "measured / theory" and len(table.rows) == 2
    np.testing.assert_allclose(table.column("measured / theory"), floors.measured / floors.theory)


def test_sgd_table_rows_are_means_and_sds_with_n_minus_1():
    runs = sgd_runs((3, 4, 5))
    table = ls.sgd_table(runs)
    assert table.column("schedule") == ["constant 0.2", "constant 0.002", "decayed 0.2 → 0.002", "least-squares fit θ̂"]
    assert table.column("final η")[:3] == pytest.approx([0.2, 0.002, 0.2 * 0.01 ** (1999 / 2000)])  # the rate of the last step
    tail = runs.tail_excess["constant 0.2"]
    assert table.rows[0][2] == f"{tail.mean():.3g} ± {tail.std(ddof=1):.2g}"
    assert "sd with n − 1" in table.title and "3 seeds" in table.title


def test_batched_runs_equal_sgd_run_seed_by_seed(problem):
    """The chapter's 20-seed statistics come from the batched runs; each seed is its own sgd_run."""
    batched = sgd_runs((7, 8))
    for k, seed in enumerate((7, 8)):
        run = landscapes.sgd_run(batched.problem, 0.2, seed=seed)
        tail = batched.problem.excess_loss(run.train_loss)[-200:].mean()
        assert batched.tail_excess["constant 0.2"][k] == pytest.approx(tail, rel=1e-9)
        assert batched.new_data_excess["constant 0.2"][k] == pytest.approx(
            batched.problem.expected_excess(run.weights, run.bias), rel=1e-9)


def test_chapter_01_comparisons_are_paired_and_corrected():
    runs = sgd_runs(comparison_seeds(CHAPTER_PLAN))
    comparisons = runs.comparisons()
    assert [c.n for c in comparisons] == [20, 20, 20]
    d = runs.tail_excess["decayed 0.2 → 0.002"] - runs.tail_excess["constant 0.2"]
    np.testing.assert_allclose(comparisons[0].differences, d)
    assert all(c.adjusted_p >= c.p_value for c in comparisons)


def test_figures_have_titles_labels_and_legends(problem):
    bowl = landscapes.quadratic((1.0, 10.0))
    paths = {name: landscapes.gradient_descent_path(START, bowl, lr, 100)
             for name, lr in {"too small": 0.01, "diverges": 0.21}.items()}
    figures = [
        ls.contour_figure(paths),
        ls.path_losses_figure(paths),
        ls.descent_panel_figure(0.19, 0.5),
        ls.descent_panel_figure(0.4, 1.0),  # diverges: still a figure, with a verdict
        ls.sgd_figure(problem, {"c": landscapes.sgd_run(problem, 0.1)}, floors={"c": problem.noise_floor(0.1, 10)}),
    ]
    for figure in figures:
        assert isinstance(figure, Figure)
        shown = [ax for ax in figure.axes if ax.get_visible()]
        assert all(ax.get_title() for ax in shown)
        # Panels that share an axis label it once (left column, bottom row).
        assert any(ax.get_xlabel() for ax in shown) and any(ax.get_ylabel() for ax in shown)
        assert all(ax.get_legend() is not None for ax in shown if ax.get_lines())
    assert "diverged at step" in figures[3].axes[0].get_title()


def test_paths_table_reports_jumps_and_divergence():
    bowl = landscapes.quadratic((1.0, 10.0))
    paths = {"large": landscapes.gradient_descent_path(START, bowl, 0.19, 100),
             "diverges": landscapes.gradient_descent_path(START, bowl, 0.21, 100)}
    table = ls.paths_table(paths)
    assert table.column("jumps over 0 in x2") == [100, 76]
    assert table.column("end")[1] == "diverged at step 76"
    with pytest.raises(ValueError, match="same bowl"):
        ls.paths_table({**paths, "other": landscapes.gradient_descent_path(START, (1.0, 5.0), 0.1, 5)})


def test_chapter_exercises_answers():
    assert check("why-stability-limit", 0.04).correct
    assert not check("why-stability-limit", 0.2).correct
    assert check("why-best-constant-lr", 2 / 52).correct
    assert check("why-floor-halving", 2).correct
    assert not check("why-floor-halving", 4).correct
    assert not check("why-floor-halving", 1.41).correct


def test_descent_panel_shows_descent_panel_figures_path_losses_and_verdict():
    """The browser panel's Python programs give descent_panel_figure's numbers and its title's verdict, for a
    run that converges and one that diverges (its arrays end in NaN after the last step kept)."""
    from lrdecay_lessons.display import Slider

    panel = ls.descent_panel([Slider("lr0", 0.19, 0.005, 0.4, log=True), Slider("gamma", 0.1, 0.01, 1.0, step=0.01)])
    for lr0, gamma in ((0.19, 0.1), (0.4, 0.9)):
        values = {"lr0": lr0, "gamma": gamma}
        reference = ls.descent_panel_figure(lr0, gamma)
        (path,), (run, best, stop) = panel.curves(values)
        kept = reference.axes[0].lines[1]  # after the minimum's star
        n = len(kept.get_xdata())
        np.testing.assert_array_equal(path[1][:n], kept.get_xdata())
        np.testing.assert_array_equal(path[2][:n], kept.get_ydata())
        assert np.all(np.isnan(path[1][n:])) and np.all(np.isnan(run[2][n:]))
        np.testing.assert_array_equal(run[2][:n], reference.axes[1].lines[0].get_ydata())
        constant = next(line for line in reference.axes[1].lines if line.get_label().startswith("best constant"))
        np.testing.assert_array_equal(best[2], constant.get_ydata())
        assert best[0] == constant.get_label()
        figure = panel.figure(values)
        assert figure.axes[0].get_title() == reference.axes[0].get_title()
        assert path[0] == kept.get_label()
        reference_stop = [line for line in reference.axes[1].lines if line.get_marker() == "X"]
        assert np.isfinite(stop[2]).sum() == len(reference_stop)  # a marker only where the run stopped
        if reference_stop:
            assert stop[2][n - 1] == reference_stop[0].get_ydata()[0] and stop[0] == "diverged (step 6)"
    assert "diverged at step 6 (η = 0.397 > 2/λmax = 0.2)" in figure.axes[0].get_title()
