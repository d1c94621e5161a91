"""Chapter 10's experiments (``experiments/ch10.py``): WSD branching, schedule-free against a tuned decay, the claims."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.experiments import ch10
from lrdecay_lessons.experiments.claims import all_claims
from lrdecay_lessons.training import (MLP, SeedPlan, TunedComparison, compare_all, holm, paired_comparison,
                                      teacher_student_digits)

PLAN = SeedPlan(tuning=(0, 1), evaluation=(10, 11, 12, 13, 14))


@pytest.fixture(scope="module")
def lab():
    return teacher_student_digits()


@pytest.fixture(scope="module")
def small():
    return MLP(hidden=(8,), dtype="float32")


@pytest.fixture(scope="module")
def branching(lab, small):
    return ch10.wsd_branching(PLAN, lengths=(40, 80), cooldown_fraction=0.25, peaks=(0.3, 1.0), problem=lab,
                              net=small, batch_size=16)


@pytest.fixture(scope="module")
def free(lab, small):
    return ch10.schedule_free(PLAN, steps=40, problem=lab, net=small, batch_size=16)


def test_the_chapters_grids_are_half_octaves_and_the_student_is_float32():
    for grid in (ch10.SWEEP_GRID, ch10.BRANCH_GRID, ch10.SF_SGD_GRID, ch10.SF_ADAMW_GRID):
        assert np.allclose(np.diff(np.log2(grid)), 0.5)
    assert ch10.student().dtype == "float32" and ch10.student().hidden == (32,)


def test_branching_costs_and_prefix(branching):
    assert branching.cooldowns == (10, 20)
    assert branching.branched_cost == 60 + 10 + 20     # constant run to step 60, then both cooldowns
    assert branching.separate_cost == 120
    assert branching.prefix_gap == 0.0                 # the branches are the constant run up to their checkpoints


def test_each_length_runs_its_own_steps_with_the_three_families(branching):
    for L, D in zip((40, 80), (10, 20)):
        tuned = branching.per_length[L]
        rates, names = tuned.tuning.runs.rates, list(tuned.tuning.entries)
        assert rates.shape[1] == L and names == [branching.name(f, L) for f in ch10.FAMILIES]
        per = len(tuned.tuning.peaks) * len(tuned.tuning.seeds)
        t = np.arange(L)
        wsd = rates[0]                                   # WSD at the first peak
        assert np.all(wsd[:L - D] == pytest.approx(0.3)) and wsd[-1] < 0.3 / D * 1.01
        assert np.allclose(rates[per], 0.3 * 0.5 * (1 + np.cos(np.pi * t / L)))   # cosine of this length
        assert np.allclose(rates[2 * per], 0.3 * (1 - t / L))                      # linear to 0 of this length


def test_branch_comparisons_are_wsd_minus_each_family_per_length_with_holm(branching):
    for other, table in (("cosine from scratch", branching.comparisons),
                         ("linear from scratch", branching.linear_comparisons)):
        single = [paired_comparison("a", "b", branching.results("WSD branch", L), branching.results(other, L))
                  for L in (40, 80)]
        for c, s, adjusted in zip(table, single, holm([s.p_value for s in single])):
            assert np.allclose(c.differences, s.differences)
            assert c.adjusted_p == pytest.approx(adjusted) and c.p_value == pytest.approx(s.p_value)
    for L in (40, 80):
        sweep = branching.per_length[L].tuning
        for family in ch10.FAMILIES:                       # each family's peak is its lowest mean on the tuning seeds
            means = sweep.final_excess[branching.name(family, L)].mean(axis=1)
            assert branching.peak(family, L) == sweep.peaks[int(np.nanargmin(means))]


def test_reusing_the_short_runs_peak_reads_the_long_runs_tuning_sweep(branching):
    reused, own, at_reused, at_own = ch10.reused_peak_cost(branching, "cosine from scratch")
    sweep = branching.per_length[80].tuning
    table = sweep.final_excess[branching.name("cosine from scratch", 80)]
    assert reused == branching.peak("cosine from scratch", 40) and own == branching.peak("cosine from scratch", 80)
    assert at_reused == pytest.approx(table[sweep.peaks.index(reused)].mean()) and at_own <= at_reused
    with pytest.raises(ValueError, match="length must be one of"):
        branching.peak("WSD branch", 60)


def test_schedule_free_runs_share_the_warm_up_and_compare_like_with_like(free):
    assert free.warmup_steps == 2                       # 5 % of 40 steps
    assert set(free.tuned) == {"schedule-free SGD", "SGD, momentum 0.9, linear to 0", "schedule-free AdamW",
                               "AdamW, linear to 0"}
    assert free.optimizers["SGD, momentum 0.9, linear to 0"].momentum == 0.9
    assert free.optimizers["schedule-free SGD"].momentum == 0.9
    for label, tuned in free.tuned.items():
        rates = tuned.runs.rates[0]
        peak, _ = free.peak(label)
        assert rates[0] == 0.0 and rates[1] == pytest.approx(peak / 2) and rates[2] == pytest.approx(peak)
        if label.startswith("schedule-free"):
            assert np.allclose(rates[2:], peak)
        else:
            assert rates[-1] < 0.05 * peak and np.all(np.diff(rates[2:]) < 0)
    assert free.tuned["schedule-free SGD"].tuning.peaks == ch10.SF_SGD_GRID == \
        free.tuned["SGD, momentum 0.9, linear to 0"].tuning.peaks
    assert free.tuned["AdamW, linear to 0"].tuning.peaks == ch10.SF_ADAMW_GRID
    for (a, b), c in zip(ch10.ScheduleFreeComparison.PAIRS, free.comparisons):
        assert np.allclose(c.differences, free.final(a) - free.final(b))
    assert [c.adjusted_p for c in free.comparisons] == pytest.approx(list(holm([c.p_value for c in free.comparisons])))


def test_schedule_free_can_run_one_pair(lab, small):
    one = ch10.schedule_free(PLAN, steps=40, problem=lab, net=small, batch_size=16, pairs=(1,))
    assert set(one.tuned) == {"schedule-free AdamW", "AdamW, linear to 0"} and len(one.comparisons) == 1


def _fake_sweep(results: dict) -> TunedComparison:
    table = {c.first: c for c in compare_all(results, "linear to 0")}
    return TunedComparison(PLAN, "linear to 0", None, {n: 0.1 for n in results}, {n: None for n in results},
                           {n: np.asarray(v, dtype=float) for n, v in results.items()}, None, table)


def test_the_sweep_claims_read_the_right_comparisons(monkeypatch):
    base = np.array([1.0, 1.1, 0.9, 1.05, 0.95])
    results = {"constant": base + 1.0, "linear to 0": base}
    for k, name in enumerate(ch10.LINEAR_BEATS):
        results[name] = base + 0.5 + 0.01 * np.array([0, 1, 2, 1, 0]) + k * 0.01
    results["cosine to 0"] = base + np.array([0.01, -0.01, 0.02, -0.02, 0.0])
    monkeypatch.setattr(ch10, "schedule_sweep", lambda plan: _fake_sweep(results))
    claims = all_claims()
    assert claims["ch10-linear-below-step-and-wsd"].check(PLAN) == claims["ch10-linear-below-step-and-wsd"].verdict
    # every decay is 0.5 or more below the constant, except when one is not
    assert claims["ch10-every-decay-below-constant"].check(PLAN) == "every decay lower than constant"
    noise = np.array([0.01, -0.01, 0.02, -0.02, 0.0])
    results["WSD, 1-sqrt cooldown"] = results["constant"] + noise
    assert claims["ch10-every-decay-below-constant"].check(PLAN) == "not lower: WSD, 1-sqrt cooldown"
    results["WSD, 1-sqrt cooldown"] = results["linear to 0"] + noise
    assert claims["ch10-every-decay-below-constant"].check(PLAN) == "every decay lower than constant"
    assert "WSD, 1-sqrt cooldown: not separated" in claims["ch10-linear-below-step-and-wsd"].check(PLAN)


def test_every_chapter_10_claim_is_registered_with_its_verdict():
    claims = {i: c for i, c in all_claims().items() if c.chapter == "10"}
    assert set(claims) == {"ch10-linear-below-cosine-10", "ch10-linear-below-step-and-wsd", "ch10-every-decay-below-constant",
                           "ch10-cosine-below-wsd-branch-longest", "ch10-schedule-free-sgd",
                           "ch10-schedule-free-adamw", "ch10-cooldown-longer-lower", "ch10-cooldown-10-above-linear-to-0",
                           "ch10-cooldown-40-vs-cosine", "ch10-linear-below-wsd-branch-longest"}
    assert all(c.verdict and c.statement for c in claims.values())


def test_bad_input_is_named_before_any_run():
    with pytest.raises(ValueError, match=r"lengths\[1\]"):
        ch10.wsd_branching(PLAN, lengths=(40, 1))
    with pytest.raises(ValueError, match="lengths must be a list"):
        ch10.wsd_branching(PLAN, lengths=40)
    with pytest.raises(ValueError, match="cooldown_fraction"):
        ch10.wsd_branching(PLAN, cooldown_fraction=0.0)
    with pytest.raises(ValueError, match="pairs must list"):
        ch10.schedule_free(PLAN, pairs=(2,))
    with pytest.raises(ValueError, match="steps"):
        ch10.schedule_free(PLAN, steps=5)
