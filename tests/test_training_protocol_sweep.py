"""tune_and_evaluate: peaks chosen on tuning seeds only, compared on the others, seed by seed."""

import numpy as np
import pytest

from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.schedules import schedule
from lrdecay_lessons.training import (MLP, SGD, SeedPlan, teacher_student_digits, train_many, tune_and_evaluate,
                                      tuned_comparison_rows)

PROBLEM = teacher_student_digits(teacher_hidden=(8,))
NET = MLP(hidden=(8,))
SCHEDULES = {"constant": lambda peak, T: schedule("constant", lr0=peak),
             "cosine": lambda peak, T: schedule("cosine_annealing", lr0=peak, total_steps=T)}
PLAN = SeedPlan(tuning=(0, 1), evaluation=(20, 21, 22, 23, 24))


@pytest.fixture(scope="module")
def result():
    return tune_and_evaluate(PROBLEM, NET, SGD(momentum=0.9), SCHEDULES, (0.01, 0.03, 0.1, 100.0), PLAN, 120,
                             "constant", evaluations=2)


def test_peaks_come_from_the_tuning_seeds_only(result):
    assert result.tuning.seeds == (0, 1)
    for name, peak in result.peaks.items():
        means = result.tuning.final_excess[name].mean(axis=1)  # NaN where a run failed
        clean = [j for j, p in enumerate(result.tuning.peaks) if not np.isnan(result.tuning.final_excess[name][j]).any()]
        assert peak == result.tuning.peaks[min(clean, key=lambda j: means[j])]


def test_results_are_the_evaluation_seeds_rerun_at_the_chosen_peak(result):
    peak = result.peaks["cosine"]
    t = np.arange(120)
    rates = np.array([schedule("cosine_annealing", lr0=peak, total_steps=120)(t)] * 5)
    again = train_many(PROBLEM, NET, SGD(momentum=0.9), rates, list(PLAN.evaluation), evaluations=2)
    np.testing.assert_allclose(result.results["cosine"], again.final_excess, rtol=1e-12)


def test_a_diverging_peak_is_never_chosen_and_the_edge_is_flagged(result):
    assert all(peak != 100.0 for peak in result.peaks.values())
    assert result.edges == {name: ("low" if peak == 0.01 else None) for name, peak in result.peaks.items()}


def test_the_comparison_is_paired_with_a_t_interval(result):
    c = result.comparisons["cosine"]
    d = result.results["cosine"] - result.results["constant"]
    np.testing.assert_allclose(c.differences, d)
    half = 2.7764451051977987 * d.std(ddof=1) / np.sqrt(5)
    assert c.low == pytest.approx(d.mean() - half) and c.high == pytest.approx(d.mean() + half)
    assert c.first_lower == int(np.sum(d < 0))


def test_rows_name_interval_sign_count_and_verdict(result):
    rows = {row[0]: row for row in tuned_comparison_rows(result)}
    assert rows["constant"][-1] == "(reference)"
    c = result.comparisons["cosine"]
    assert rows["cosine"][4] == f"{c.first_lower} of 5"
    assert rows["cosine"][5] in ("lower", "higher", "not separated")
    assert (rows["cosine"][5] == "not separated") == (c.low <= 0 <= c.high)


def test_bad_plan_and_reference_are_named():
    with pytest.raises(InvalidParameterError, match="plan must be a SeedPlan"):
        tune_and_evaluate(PROBLEM, NET, SGD(), SCHEDULES, (0.1,), (0, 1, 2), 10, "constant")
    with pytest.raises(InvalidParameterError, match="reference must be one of 'constant', 'cosine'"):
        tune_and_evaluate(PROBLEM, NET, SGD(), SCHEDULES, (0.1,), PLAN, 10, "linear")


def test_tuning_without_curves_measures_the_last_evaluations_only_and_picks_the_same():
    peaks = (0.01, 0.03, 0.1, 100.0)  # 100 diverges: the failure must still be found without the curves
    full = tune_and_evaluate(PROBLEM, NET, SGD(momentum=0.9), SCHEDULES, peaks, PLAN, 120, "constant", evaluations=10)
    lean = tune_and_evaluate(PROBLEM, NET, SGD(momentum=0.9), SCHEDULES, peaks, PLAN, 120, "constant", evaluations=10,
                             tuning_curves=False)
    np.testing.assert_array_equal(lean.tuning.runs.eval_steps, full.tuning.runs.eval_steps[-3:])
    np.testing.assert_array_equal(lean.tuning.runs.excess, full.tuning.runs.excess[:, -3:])
    np.testing.assert_array_equal(lean.tuning.runs.failed, full.tuning.runs.failed)
    assert lean.tuning.runs.failed.any()
    assert lean.peaks == full.peaks and lean.edges == full.edges
    for name in SCHEDULES:
        np.testing.assert_array_equal(lean.results[name], full.results[name])
    np.testing.assert_array_equal(lean.runs.excess, full.runs.excess)  # the evaluation runs keep their curves
    assert lean.comparisons["cosine"].p_value == full.comparisons["cosine"].p_value
    with pytest.raises(InvalidParameterError, match="tuning_curves"):
        tune_and_evaluate(PROBLEM, NET, SGD(), SCHEDULES, peaks, PLAN, 120, "constant", tuning_curves="no")


GRID = tuple(0.005 * 2 ** (k / 2) for k in range(13)) + (100.0,)  # 0.005 ... 0.32, then a peak that diverges


@pytest.fixture(scope="module")
def whole_grid():
    return tune_and_evaluate(PROBLEM, NET, SGD(momentum=0.9), SCHEDULES, GRID, PLAN, 120, "constant", evaluations=2)


@pytest.mark.parametrize("start", ["at the best", "two peaks below", "at the grid's low end"])
def test_a_window_search_from_any_start_picks_the_whole_grids_peaks_for_fewer_runs(whole_grid, start):
    """Issue 21, item 6: three peaks around a start, then one more beyond the best while it is at an end of those
    tried: on a grid where the loss falls then rises the same peaks (and edges) as the whole grid, in fewer runs."""
    best = {name: GRID.index(peak) for name, peak in whole_grid.peaks.items()}
    index = {"at the best": best, "two peaks below": {n: max(0, i - 2) for n, i in best.items()},
             "two peaks above": {n: i + 2 for n, i in best.items()}, "at the grid's low end": {n: 0 for n in best}}
    begin = {name: GRID[i] for name, i in index[start].items()}
    searched = tune_and_evaluate(PROBLEM, NET, SGD(momentum=0.9), SCHEDULES, GRID, PLAN, 120, "constant",
                                 evaluations=2, start=begin)
    assert searched.peaks == whole_grid.peaks and searched.edges == whole_grid.edges
    for name in SCHEDULES:
        np.testing.assert_array_equal(searched.results[name], whole_grid.results[name])
        tried = searched.tuning.tried[name]
        assert len(tried) < len(GRID) - (3 if start != "at the grid's low end" else 0)
        assert begin[name] in tried and whole_grid.peaks[name] in tried
        i = GRID.index(whole_grid.peaks[name])  # the best has a tried neighbour on each side (or is an end)
        assert (i == 0 or GRID[i - 1] in tried) and (i == len(GRID) - 1 or GRID[i + 1] in tried)
        for peak in tried:  # the tried peaks' numbers are the whole grid's
            j = GRID.index(peak)
            np.testing.assert_allclose(searched.tuning.final_excess[name][j], whole_grid.tuning.final_excess[name][j],
                                       rtol=1e-6)
        untried = [j for j, peak in enumerate(GRID) if peak not in tried]
        assert np.isnan(searched.tuning.final_excess[name][untried]).all()
        assert set(searched.tuning.entries[name].failed_by_peak) == set(tried)


def test_a_window_search_names_a_start_off_the_grid_or_a_schedule_without_one():
    with pytest.raises(InvalidParameterError, match=r"start\['cosine'\] must be one of the grid's peaks .* got 0.03"):
        tune_and_evaluate(PROBLEM, NET, SGD(), SCHEDULES, GRID, PLAN, 120, "constant", start={"constant": GRID[2],
                                                                                             "cosine": 0.03})
    with pytest.raises(InvalidParameterError, match=r"start must map every schedule \['constant', 'cosine'\]"):
        tune_and_evaluate(PROBLEM, NET, SGD(), SCHEDULES, GRID, PLAN, 120, "constant", start={"cosine": GRID[2]})
