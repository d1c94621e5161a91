"""Chapter 09 (``chapters/ch09_schedules_of_today.py``): the schedules compared, WSD branching, reading sweeps, the tables
and figures."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters import ch09_schedules_of_today as ch09
from lrdecay_lessons.schedules.bounds import tuned_last_iterate_bound
from lrdecay_lessons.training import MLP, SGD, noisy_quadratic, teacher_student_digits, tuned_sweep


@pytest.fixture(scope="module")
def lab():
    return teacher_student_digits()


@pytest.fixture(scope="module")
def branching(lab):
    return ch09.wsd_branching(lab, MLP(hidden=(8,)), SGD(), lengths=(40, 80), peaks=(0.3, 1.0), seeds=(0, 1),
                              cooldown_fraction=0.25, batch_size=16)


@pytest.fixture(scope="module")
def sweep(lab):
    chosen = {k: v for k, v in ch09.today_schedules().items() if k in ("constant", "linear to 0", "cosine to 0")}
    return tuned_sweep(lab, MLP(hidden=(8,)), SGD(), chosen, peaks=(0.3, 1.0), seeds=(0, 1, 2), steps=60,
                       batch_size=16, evaluations=3)


def test_today_schedules_start_at_the_peak_and_end_where_they_say():
    T, t = 100, np.arange(100)
    ends = {"constant": 0.5, "cosine to 10%": 0.05}
    for name, make in ch09.today_schedules(cooldown_fraction=0.2).items():
        rates = np.broadcast_to(np.asarray(make(0.5, T)(t), dtype=float), (T,))
        assert rates[0] == pytest.approx(0.5), name
        if name in ends:
            assert make(0.5, T)(T) == pytest.approx(ends[name]), name
        else:
            assert rates[-1] < 0.05, name
    wsd = ch09.today_schedules(cooldown_fraction=0.2)["WSD, 1-sqrt cooldown"](1.0, T)
    assert np.allclose(wsd(t), schedules.wsd(t, lr0=1.0, total_steps=T, warmup_steps=0, decay_steps=20,
                                             decay_shape="1-sqrt"))


def test_today_schedules_rejects_a_bad_cooldown_fraction():
    with pytest.raises(ValueError, match="cooldown_fraction"):
        ch09.today_schedules(cooldown_fraction=1.5)


def test_branching_costs(branching):
    assert branching.cooldowns == (10, 20)
    assert branching.branched_cost == 60 + 10 + 20     # constant run to 60, then both cooldowns
    assert branching.separate_cost == 120


def test_branches_are_the_constant_run_up_to_their_checkpoints(branching):
    assert branching.prefix_gap == 0.0
    runs = branching.runs
    # Rows are ordered family, length, peak, seed: the WSD length-40 rows come first, then length 80.
    short, long_ = runs.rates[0], runs.rates[2 * 2]
    assert np.array_equal(short[:30], long_[:30]) and not np.array_equal(short[30:40], long_[30:40])


def test_a_branch_stops_at_its_length(branching):
    runs = branching.runs
    after = runs.eval_steps >= 40
    row = 0                                  # WSD, length 40, peak 0.3, seed 0
    assert np.all(runs.rates[row, 40:] == 0.0) and runs.rates[row, 39] > 0
    assert np.allclose(runs.excess[row, after], runs.excess[row, after][0])
    assert branching.final[("WSD branch", 40)][0, 0] == runs.excess[row, list(runs.eval_steps).index(40)]


def test_cosine_rows_are_cosine_of_each_length(branching):
    first_cosine = 2 * 2 * 2                 # after the WSD rows: 2 lengths x 2 peaks x 2 seeds
    t = np.arange(80)
    assert np.allclose(branching.runs.rates[first_cosine], schedules.cosine_annealing(t, lr0=0.3, total_steps=40))


def test_best_and_paired_agree_with_the_tables(branching):
    best = branching.best("cosine from scratch", 80)
    table = branching.final[("cosine from scratch", 80)]
    j = int(np.argmin(table.mean(axis=1)))
    assert best == (branching.peaks[j], pytest.approx(table[j].mean()), pytest.approx(table[j].std()))
    gap = branching.paired(80)
    a = branching.final[("WSD branch", 80)][branching.peaks.index(branching.best("WSD branch", 80)[0])]
    assert gap[0] == pytest.approx((a - table[j]).mean())
    assert len(ch09.branching_table(branching).rows) == 2


def test_branching_rejects_bad_input(lab):
    with pytest.raises(ValueError, match="lengths"):
        ch09.wsd_branching(lab, MLP(hidden=(4,)), SGD(), lengths=(1,), peaks=(0.1,), seeds=(0,))
    with pytest.raises(ValueError, match="peaks"):
        ch09.wsd_branching(lab, MLP(hidden=(4,)), SGD(), lengths=(10,), peaks=(-0.1,), seeds=(0,))
    with pytest.raises(ValueError, match="cooldown_fraction"):
        ch09.wsd_branching(lab, MLP(hidden=(4,)), SGD(), lengths=(10,), peaks=(0.1,), seeds=(0,),
                           cooldown_fraction=0.0)


def test_paired_across_is_paired_difference_within_one_sweep(sweep):
    assert ch09.paired_across(sweep, "cosine to 0", sweep, "constant") == pytest.approx(
        sweep.paired_difference("cosine to 0", "constant"))


def test_paired_across_needs_the_same_seeds(sweep, lab):
    other = tuned_sweep(lab, MLP(hidden=(8,)), SGD(), {"constant": ch09.today_schedules()["constant"]},
                        peaks=(0.3,), seeds=(5,), steps=60, batch_size=16, evaluations=3)
    with pytest.raises(ValueError, match="same seeds"):
        ch09.paired_across(sweep, "constant", other, "constant")


def test_inside_spread_contains_the_reference_and_only_ties(sweep):
    tied = ch09.inside_spread(sweep, "linear to 0")
    assert "linear to 0" in tied
    for name in sweep.entries:
        gap, spread = sweep.paired_difference(name, "linear to 0")
        assert (name in tied) == (abs(gap) <= spread)
    with pytest.raises(ValueError, match="reference"):
        ch09.inside_spread(sweep, "nope")


def test_rank_correlation():
    assert ch09.rank_correlation([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert ch09.rank_correlation([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert ch09.rank_correlation([1, 2, 3], [1, 3, 2]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="same length"):
        ch09.rank_correlation([1, 2], [1, 2, 3])


def test_bound_table_holds_each_schedules_tuned_bound_and_both_ranks(sweep):
    chosen = {k: v for k, v in ch09.today_schedules().items() if k in sweep.entries}
    table = ch09.bound_table(sweep, chosen, 60)
    t = np.arange(60)
    for row in table.rows:
        name, measured, m_rank, bound, b_rank = row
        shape = np.broadcast_to(np.asarray(chosen[name](1.0, 60)(t), dtype=float), (60,))
        assert float(bound) == pytest.approx(tuned_last_iterate_bound(shape).bound, abs=5e-5)
        assert float(measured) == pytest.approx(sweep.entries[name].mean, abs=5e-5)
    assert sorted(table.column("bound rank")) == [1, 2, 3] and sorted(table.column("measured rank")) == [1, 2, 3]
    constant = table.rows[[r[0] for r in table.rows].index("constant")]
    assert constant[4] == 3                  # the constant rate has the largest bound


def test_batch_table_rows_follow_the_model():
    model = noisy_quadratic(dimension=10)
    table = ch09.batch_table(model, 256, (1, 4))
    lr, loss = model.best_constant_rate(256, 4, "adam")
    assert table.rows[1][0] == 4 and table.rows[1][1] == 64
    assert table.rows[1][5] == lr and table.rows[1][6] == pytest.approx(lr / 2) and table.rows[1][7] == loss


def _check_axes(figure):
    for ax in figure.axes:
        assert ax.get_title(loc="left") or ax.get_title(), "every plot has a title"
        assert ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None


def test_figures_have_titles_labels_and_legends(branching, sweep):
    chosen = {k: v for k, v in ch09.today_schedules().items() if k in sweep.entries}
    figures = [ch09.cooldown_figure(0.1, 100, 10, 20), ch09.branching_figure(branching, 0.3),
               ch09.sweep_figure(sweep, "sweep"), ch09.bound_figure(ch09.bound_table(sweep, chosen, 60)),
               ch09.batch_figure(ch09.batch_table(noisy_quadratic(dimension=5), 64, (1, 2, 4)))]
    for figure in figures:
        _check_axes(figure)
    with pytest.raises(ValueError, match="peak"):
        ch09.branching_figure(branching, 0.7)
