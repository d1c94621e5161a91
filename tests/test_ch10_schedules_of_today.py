"""Chapter 10 (``chapters/ch10_schedules_of_today.py``): the schedules compared, WSD branching, reading sweeps, the tables
and figures."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters import ch10_schedules_of_today as ch10
from lrdecay_lessons.schedules.bounds import tuned_last_iterate_bound
from lrdecay_lessons.experiments import ch10 as lab09
from lrdecay_lessons.training import (MLP, SGD, SeedPlan, teacher_student_digits, tune_and_evaluate,
                                      tuned_comparison_rows)


@pytest.fixture(scope="module")
def lab():
    return teacher_student_digits()


PLAN = SeedPlan(tuning=(0, 1), evaluation=(10, 11, 12, 13, 14))


@pytest.fixture(scope="module")
def branching(lab):
    return lab09.wsd_branching(PLAN, lengths=(40, 80), cooldown_fraction=0.25, peaks=(0.3, 1.0), problem=lab,
                               net=MLP(hidden=(8,), dtype="float32"), batch_size=16)


@pytest.fixture(scope="module")
def sweep(lab):
    chosen = {k: v for k, v in ch10.today_schedules().items() if k in ("constant", "linear to 0", "cosine to 0")}
    return tune_and_evaluate(lab, MLP(hidden=(8,), dtype="float32"), SGD(), chosen, (0.3, 1.0), PLAN, 60,
                             "linear to 0", batch_size=16, evaluations=3)


@pytest.fixture(scope="module")
def free(lab):
    return lab09.schedule_free(PLAN, steps=40, problem=lab, net=MLP(hidden=(8,), dtype="float32"), batch_size=16)


def test_today_schedules_start_at_the_peak_and_end_where_they_say():
    T, t = 100, np.arange(100)
    ends = {"constant": 0.5, "cosine to 10%": 0.05}
    for name, make in ch10.today_schedules(cooldown_fraction=0.2).items():
        rates = np.broadcast_to(np.asarray(make(0.5, T)(t), dtype=float), (T,))
        assert rates[0] == pytest.approx(0.5), name
        if name in ends:
            assert make(0.5, T)(T) == pytest.approx(ends[name]), name
        else:
            assert rates[-1] < 0.05, name
    wsd = ch10.today_schedules(cooldown_fraction=0.2)["WSD, 1-sqrt cooldown"](1.0, T)
    assert np.allclose(wsd(t), schedules.wsd(t, lr0=1.0, total_steps=T, warmup_steps=0, decay_steps=20,
                                             decay_shape="1-sqrt"))


def test_today_schedules_rejects_a_bad_cooldown_fraction():
    with pytest.raises(ValueError, match="cooldown_fraction"):
        ch10.today_schedules(cooldown_fraction=1.5)


def test_branching_table_shows_each_length_with_its_interval_and_verdict(branching):
    table = ch10.branching_table(branching)
    assert [row[0] for row in table.rows] == [40, 80] and table.rows[0][1] == "30 + 10"
    for row, c, L in zip(table.rows, branching.comparisons, (40, 80)):
        wsd = branching.results("WSD branch", L)
        assert row[3] == f"{wsd.mean():.4f} ± {wsd.std(ddof=1):.4f}"
        assert row[6] == f"{c.mean:+.4f} [{c.low:+.4f}, {c.high:+.4f}]" and row[7] == f"{c.first_lower} of 5"
        assert row[8] == ("not separated" if not c.separated else "WSD lower" if c.mean < 0 else "cosine lower")
    assert "n − 1" in table.columns[3] and "Holm" in table.columns[8]


def test_the_peak_table_and_figure_show_every_family_at_every_length(branching):
    table = ch10.peak_table(branching)
    assert [row[0] for row in table.rows] == list(lab09.FAMILIES)
    assert table.rows[1][1:] == [f"{branching.peak('cosine from scratch', L):.3g}"
                                 + (f" (grid edge: {branching.edge('cosine from scratch', L)})"
                                    if branching.edge('cosine from scratch', L) else "") for L in (40, 80)]
    figure = ch10.peak_length_figure(branching)
    assert [ax.get_title(loc="left") for ax in figure.axes] == list(lab09.FAMILIES)
    assert all(len(ax.get_lines()) >= 2 for ax in figure.axes) and figure.axes[0].get_ylabel()


def test_comparison_table_is_the_protocols_rows(sweep):
    table = ch10.comparison_table(sweep, "lab")
    assert list(table.rows) == list(tuned_comparison_rows(sweep)) and table.title == "lab"


def test_schedule_free_table_pairs_each_optimizer_with_its_baseline(free):
    table = ch10.schedule_free_table(free)
    assert [row[0] for row in table.rows] == ["schedule-free SGD − SGD, momentum 0.9, linear to 0",
                                             "schedule-free AdamW − AdamW, linear to 0"]
    for row, c in zip(table.rows, free.comparisons):
        assert row[3] == f"{c.mean:+.4f} [{c.low:+.4f}, {c.high:+.4f}]" and row[4] == f"{c.first_lower} of 5"
    assert f"{free.warmup_steps}-step warm-up" in table.title and "n − 1" in table.columns[1]


def test_rank_correlation():
    assert ch10.rank_correlation([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert ch10.rank_correlation([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert ch10.rank_correlation([1, 2, 3], [1, 3, 2]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="same length"):
        ch10.rank_correlation([1, 2], [1, 2, 3])


def test_bound_table_holds_each_schedules_tuned_bound_and_both_ranks(sweep):
    chosen = {k: v for k, v in ch10.today_schedules().items() if k in sweep.results}
    table = ch10.bound_table(sweep, chosen, 60)
    t = np.arange(60)
    for row in table.rows:
        name, measured, m_rank, bound, b_rank = row
        shape = np.broadcast_to(np.asarray(chosen[name](1.0, 60)(t), dtype=float), (60,))
        assert float(bound) == pytest.approx(tuned_last_iterate_bound(shape).bound, abs=5e-5)
        assert float(measured) == pytest.approx(sweep.results[name].mean(), abs=5e-5)
    assert sorted(table.column("bound rank")) == [1, 2, 3] and sorted(table.column("measured rank")) == [1, 2, 3]
    constant = table.rows[[r[0] for r in table.rows].index("constant")]
    assert constant[4] == 3                  # the constant rate has the largest bound


def _check_axes(figure):
    for ax in figure.axes:
        assert ax.get_title(loc="left") or ax.get_title(), "every plot has a title"
        assert ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None


def test_figures_have_titles_labels_and_legends(branching, sweep):
    chosen = {k: v for k, v in ch10.today_schedules().items() if k in sweep.results}
    figures = [ch10.cooldown_figure(0.1, 100, 10, 20), ch10.branching_figure(branching, 0.3),
               ch10.sweep_figure(sweep, "sweep"), ch10.bound_figure(ch10.bound_table(sweep, chosen, 60))]
    for figure in figures:
        _check_axes(figure)
    with pytest.raises(ValueError, match="peak"):
        ch10.branching_figure(branching, 0.7)
