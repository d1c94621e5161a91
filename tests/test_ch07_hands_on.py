"""Chapter 07 (``chapters/ch07_hands_on.py``): its experiment helpers and figures: schedules by name, reference
numbers, tables, and loss curves that report divergence instead of drawing NaN."""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pytest

from lrdecay_lessons import schedules as S
from lrdecay_lessons.chapters import ch07_hands_on as tp
from lrdecay_lessons.chapters.catalog import schedule_colour
from lrdecay_lessons.display import PALETTE
from lrdecay_lessons.training import (
    compare_schedules,
    compare_with_sklearn,
    curvature,
    learning_rates,
    load_dataset,
    sklearn_invscaling_rates,
    steps_per_epoch,
    top_curvature,
    train,
)

DIABETES = load_dataset("diabetes")


@functools.lru_cache(maxsize=None)
def _small_comparison():
    """Two schedules, two seeds, a few epochs, with a rate that diverges."""
    T = 4 * steps_per_epoch(DIABETES, 32)
    schedules = {**tp.course_schedules(0.1, T, ("constant", "cosine")), "too high": 3.0}
    return schedules, compare_schedules(DIABETES, schedules, seeds=(0, 1), epochs=4, batch_size=32, target_loss=0.3)


# --------------------------------------------------------------------------- schedules by name


@pytest.mark.parametrize("name", list(tp.RUN_SHAPES))
def test_every_schedule_starts_or_peaks_at_lr0_and_is_valid_over_the_run(name):
    T = 400
    rates = learning_rates(tp.make_schedule(name, lr0=0.2, total_steps=T), T)
    assert rates.max() == pytest.approx(0.2, rel=1e-12)
    assert np.all(rates >= 0)


def test_default_shapes_are_the_documented_ones():
    T = 1000
    step = tp.make_schedule("step", lr0=0.1, total_steps=T)
    assert step == S.schedule("step_decay", lr0=0.1, gamma=0.5, step_size=250)
    exponential = learning_rates(tp.make_schedule("exponential", lr0=0.1, total_steps=T), T + 1)
    assert exponential[T] == pytest.approx(0.001)  # 1 % of lr0 at t = T
    inverse = learning_rates(tp.make_schedule("inverse time", lr0=0.1, total_steps=T), T + 1)
    assert inverse[T] == pytest.approx(0.1 / 11)
    warm = tp.make_schedule("warmup cosine", lr0=0.1, total_steps=T)
    assert warm.params["warmup_steps"] == 100


@pytest.mark.parametrize("T", [1660, 1661, 1662, 7])
def test_restarts_end_low_whatever_the_length(T):
    """Three whole cycles must fit in the run, or the last step would restart at lr0."""
    rates = learning_rates(tp.make_schedule("cosine restarts", lr0=0.1, total_steps=T), T)
    assert rates[-1] < 0.1 * 0.05 or T < 10
    assert np.sum(np.diff(rates) > 0) == 2  # two restarts: three cycles


def test_parameters_override_the_defaults_and_bad_ones_fail_at_once():
    schedule = tp.make_schedule("polynomial", lr0=0.1, total_steps=100, power=1.0)
    assert schedule(50) == pytest.approx(0.05)
    with pytest.raises(ValueError, match="warmup_steps"):
        tp.make_schedule("warmup cosine", lr0=0.1, total_steps=100, warmup_steps=200)
    with pytest.raises(ValueError, match="name must be one of"):
        tp.make_schedule("linear", lr0=0.1, total_steps=100)
    with pytest.raises(ValueError, match="lr0 must be > 0"):
        tp.make_schedule("cosine", lr0=0.0, total_steps=100)
    with pytest.raises(ValueError, match="constant takes the parameters lr0; got gamma=0.5"):
        tp.make_schedule("constant", lr0=0.1, total_steps=100, gamma=0.5)


def test_every_chapter_schedule_is_a_registry_schedule_in_its_colour():
    for name in tp.RUN_SHAPES:
        made = tp.make_schedule(name, lr0=0.1, total_steps=10)
        assert made.name == tp.RUN_SHAPES[name][0]
        assert schedule_colour(made) == PALETTE[S.REGISTRY[made.name].colour]
    assert schedule_colour(0.1) == PALETTE["black"] == schedule_colour(tp.make_schedule("constant", lr0=0.1, total_steps=1))


# --------------------------------------------------------------------------- reference numbers and tables


def test_linear_optimum_is_the_minimum_and_matches_the_normal_equations():
    best = curvature.linear_optimum(DIABETES)
    A = np.c_[DIABETES.X_train, np.ones(DIABETES.n_train)]
    theta = np.linalg.solve(A.T @ A, A.T @ DIABETES.y_train)
    np.testing.assert_allclose(np.r_[best.weights, best.bias], theta, rtol=1e-9, atol=1e-12)
    # no training run ends below it, and a long full-batch run gets close
    run = train(DIABETES, 0.45, epochs=2000, batch_size=DIABETES.n_train)
    assert best.train_loss <= run.train_loss[-1] < best.train_loss + 1e-4
    with pytest.raises(ValueError, match="regression Dataset"):
        curvature.linear_optimum(load_dataset("digits"))


def test_results_table_reports_mean_and_sample_std_and_divergence():
    _, comparison = _small_comparison()
    table = tp.results_table(comparison, train_minimum=0.2)
    cells = {row[0]: row for row in table.rows}
    cosine = comparison.results["cosine"]
    losses = [r.val_loss[-1] for r in cosine]
    assert cells["cosine"][1] == f"{np.mean(losses):.4f} ± {np.std(losses, ddof=1):.4f}"
    excess = [r.train_loss[-1] - 0.2 for r in cosine]
    assert cells["cosine"][3] == f"{np.mean(excess):.2g} ± {np.std(excess, ddof=1):.2g}"
    assert cells["too high"][1:4] == ["—", "—", "—"]
    assert cells["too high"][-1] == "2/2"
    assert table.columns[4] == "epochs to val loss ≤ 0.3"
    row = next(r for r in comparison.rows if r.name == "cosine")
    assert cells["cosine"][4].startswith(f"{row.epochs_to_target:.1f} ({row.n_reached_target}/2")


def test_full_batch_spread_is_shown_as_zero_not_as_rounding_noise():
    comparison = compare_schedules(DIABETES, {"cosine": tp.make_schedule("cosine", lr0=0.4, total_steps=30)},
                                   seeds=(0, 1, 2), epochs=30, batch_size=DIABETES.n_train)
    cell = tp.results_table(comparison, train_minimum=0.0).rows[0][3]
    assert cell.endswith("± 0")


def test_final_means_leave_out_diverged_runs():
    _, comparison = _small_comparison()
    means = tp.final_means(comparison, "val_score")
    assert means["too high"] is None
    assert means["constant"] == pytest.approx(np.mean([r.val_score[-1] for r in comparison.results["constant"]]))
    with pytest.raises(ValueError, match="quantity must be"):
        tp.final_means(comparison, "loss")


def test_schedule_table_shows_the_calls_and_rates():
    T = 200
    table = tp.schedule_table(tp.course_schedules(0.1, T, ("constant", "exponential")), T)
    assert table.column("call") == ["constant(lr0=0.1)", "exponential_decay(lr0=0.1, gamma=0.01, total_steps=200)"]
    assert table.column(f"η at t = {T - 1}")[1] == pytest.approx(0.1 * 0.01 ** ((T - 1) / T))


# --------------------------------------------------------------------------- figures


def _lines(ax):
    return [line for line in ax.get_lines() if len(line.get_xdata())]


def _finite_everywhere(figure):
    for ax in figure.axes:
        for line in ax.get_lines():
            y = np.asarray(line.get_ydata(), dtype=float)
            assert np.all(np.isfinite(y)), f"a non-finite value is drawn in {ax.get_title()!r}"


def test_training_figure_has_title_labels_legend_and_shared_x():
    schedules, comparison = _small_comparison()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = tp.training_figure(comparison.results, schedules=schedules, title="demo")
    top, bottom = figure.axes
    assert top.get_title() == "demo" and top.get_ylabel() == "validation loss"
    assert bottom.get_xlabel() == "epoch" and bottom.get_ylabel() == "η_t"
    assert top.get_shared_x_axes().joined(top, bottom)
    labels = [t.get_text() for t in top.get_legend().get_texts()]
    assert labels == ["constant", "cosine", "too high"]
    _finite_everywhere(figure)


def test_divergence_is_a_labelled_cross_not_a_nan_line():
    schedules, comparison = _small_comparison()
    figure = tp.training_figure(comparison.results, schedules=schedules, title="demo")
    top, bottom = figure.axes
    run = comparison.results["too high"][0]
    assert run.diverged
    texts = [t.get_text() for t in top.texts]
    assert tp.divergence_label(run) in texts
    assert tp.divergence_label(run) == f"diverged at step {run.diverged_at_step} (η=3)"
    crosses = [line for line in top.get_lines() if line.get_marker() == "X"]
    assert len(crosses) == 2  # one per diverged seed
    assert crosses[0].get_xdata()[0] == pytest.approx((run.diverged_at_step + 1) / run.steps_per_epoch)
    # on the rate axes too, at the rate of the step that blew up
    rate_crosses = [line for line in bottom.get_lines() if line.get_marker() == "X"]
    assert rate_crosses[0].get_ydata()[0] == pytest.approx(run.diverged_lr)
    # the diverged schedule's rate is drawn up to the step where its runs stopped
    rate_line = next(line for line in bottom.get_lines() if line.get_label() == "too high")
    last_step = max(r.diverged_at_step for r in comparison.results["too high"])
    assert len(rate_line.get_xdata()) == last_step + 1
    _finite_everywhere(figure)


def test_a_diverging_curve_leaves_the_axis_fitted_to_the_finished_runs():
    """Full batch just above 2/λmax: the loss grows for a hundred steps before the run is stopped."""
    comparison = compare_schedules(DIABETES, {"stable": 0.45, "too high": 0.5}, seeds=(0,), epochs=150,
                                   batch_size=DIABETES.n_train)
    run = comparison.results["too high"][0]
    assert run.diverged and len(run.steps) > 100
    fitted = tp.training_figure(comparison.results, title="fitted", loss="train", logy=True)
    top = fitted.axes[0]
    assert top.get_ylim()[1] < 10 * comparison.results["stable"][0].train_loss.max()
    cross = next(line for line in top.get_lines() if line.get_marker() == "X")
    assert cross.get_ydata()[0] == 0.9  # off the scale: at the top edge, in axes coordinates
    everything = tp.training_figure(comparison.results, title="all", loss="train", logy=True, scale_to="all")
    assert everything.axes[0].get_ylim()[1] >= run.train_loss.max()
    cross = next(line for line in everything.axes[0].get_lines() if line.get_marker() == "X")
    assert cross.get_ydata()[0] == pytest.approx(run.train_loss[-1])  # at the last recorded loss


def test_training_figure_subtracts_the_minimum_and_draws_the_schedule_every_step():
    schedules, comparison = _small_comparison()
    runs = {"cosine": comparison.results["cosine"]}
    figure = tp.training_figure(runs, schedules=schedules, loss="train", minimum=0.2, logy=True, title="t")
    top, bottom = figure.axes
    mean = np.mean([r.train_loss for r in comparison.results["cosine"]], axis=0) - 0.2
    np.testing.assert_allclose(_lines(top)[0].get_ydata(), mean)
    assert top.get_yscale() == "log" and top.get_ylabel() == "training loss − minimum"
    T = 4 * steps_per_epoch(DIABETES, 32)
    np.testing.assert_allclose(_lines(bottom)[0].get_ydata(), learning_rates(schedules["cosine"], T))


def test_training_figure_rejects_bad_arguments():
    _, comparison = _small_comparison()
    with pytest.raises(ValueError, match="loss must be"):
        tp.training_figure(comparison.results, title="x", loss="test")
    with pytest.raises(ValueError, match="scale_to must be"):
        tp.training_figure(comparison.results, title="x", scale_to="some")
    with pytest.raises(ValueError, match="at least one TrainingResult"):
        tp.training_figure({"empty": ()}, title="x")


def test_a_run_that_diverges_before_its_first_record_is_still_marked():
    run = train(DIABETES, 1.0, epochs=3, batch_size=4)
    assert run.diverged and len(run.steps) == 0
    figure = tp.training_figure({"constant 1": run}, schedules={"constant 1": 1.0}, title="early")
    assert tp.divergence_label(run) in [t.get_text() for t in figure.axes[0].texts]
    _finite_everywhere(figure)


def test_full_batch_divergence_grows_as_the_theory_says():
    """The notebook's check: above 2/λmax the loss above the minimum grows by (1 − ηλmax)² per step."""
    eta = 0.5
    run = train(DIABETES, eta, epochs=200, batch_size=DIABETES.n_train)
    assert run.diverged and eta > 2 / top_curvature(DIABETES)
    best = curvature.linear_optimum(DIABETES).train_loss
    growth = (run.train_loss[-1] - best) / (run.train_loss[-2] - best)
    assert growth == pytest.approx((1 - eta * top_curvature(DIABETES)) ** 2, rel=1e-6)


def test_sklearn_and_invscaling_figures():
    schedule = tp.make_schedule("exponential", lr0=0.02, total_steps=3)
    check = compare_with_sklearn(DIABETES, schedule, epochs=3)
    figure = tp.sklearn_figure([check])
    assert "final loss ours / scikit-learn" in figure.axes[0].get_title()
    assert figure.axes[0].get_legend() is not None and figure.axes[1].get_xlabel() == "epoch"
    steps = np.arange(5)
    rates = sklearn_invscaling_rates(5, eta0=0.1, power_t=1.0)
    figure = tp.invscaling_figure(steps, rates, S.inverse_time_decay(steps, 0.1, 1, 1), eta0=0.1, power_t=1.0)
    ax = figure.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None
    with pytest.raises(ValueError, match="at least one SklearnComparison"):
        tp.sklearn_figure([])


def test_linear_curvatures_are_the_hessians_eigenvalues():
    curvatures = curvature.linear_curvatures(DIABETES)
    assert np.all(np.diff(curvatures) >= 0) and curvatures[0] > 0
    assert curvatures[-1] == pytest.approx(top_curvature(DIABETES), rel=1e-12)
    # the Hessian times a direction, computed from the gradient: H v = ∇J(θ + v) − ∇J(θ) for a quadratic
    A = np.c_[DIABETES.X_train, np.ones(DIABETES.n_train)]
    v = np.random.default_rng(0).normal(size=A.shape[1])
    Hv = A.T @ (A @ v) / DIABETES.n_train
    assert v @ Hv <= curvatures[-1] * (v @ v) and v @ Hv >= curvatures[0] * (v @ v)
    with pytest.raises(ValueError, match="regression Dataset"):
        curvature.linear_curvatures(load_dataset("breast_cancer"))


def test_paired_table_shows_interval_sign_count_holm_and_verdict():
    from lrdecay_lessons.training import compare_all
    results = {"constant": [1.0, 2.0, 3.0, 4.0, 5.0], "cosine": [0.9, 1.8, 2.9, 3.7, 4.9],
               "step": [1.1, 1.9, 3.2, 3.9, 5.05]}
    comparisons = compare_all(results, "constant")
    table = tp.paired_table(comparisons, "gaps")
    assert table.columns[1] == "minus constant: mean [95 % interval]" and "n − 1" in table.columns[2]
    for row, c in zip(table.rows, comparisons):
        assert row[0] == c.first and row[1] == f"{c.mean:+.4f} [{c.low:+.4f}, {c.high:+.4f}]"
        assert row[3] == f"{c.first_lower} of 5" and row[4] == f"{c.adjusted_p:.2g}"
    assert table.rows[0][-1] == "lower" and table.rows[1][-1] == "not separated"
    assert tp.paired_table(comparisons, "gaps", labels=["a", "b"]).rows[1][0] == "b"
    with pytest.raises(ValueError, match="labels must name each of the 2 comparisons"):
        tp.paired_table(comparisons, "gaps", labels=["a"])
