"""Chapter 10's cooldown study (``experiments/cooldowns.py``): the branches' rates, the costs, the tables, the claims."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.experiments import cooldowns
from lrdecay_lessons.experiments.claims import all_claims
from lrdecay_lessons.training import MLP, SeedPlan, holm, paired_comparison

PLAN = SeedPlan(tuning=(0, 1), evaluation=(10, 11, 12, 13, 14))


@pytest.mark.parametrize("shape", cooldowns.SHAPES)
@pytest.mark.parametrize("fraction", cooldowns.FRACTIONS)
def test_each_branch_is_the_constant_run_then_its_cooldown(shape, fraction):
    T, peak = 1000, 0.4
    D = round(fraction * T)
    rates = np.asarray(cooldowns.cooldown_factory(shape, fraction)(peak, T)(np.arange(T)), dtype=float)
    assert np.all(rates[:T - D] == pytest.approx(peak))               # the shared constant run
    assert np.all(np.diff(rates[T - D:]) < 0) and rates[T - D] == pytest.approx(peak)
    p = np.arange(D) / D
    expected = {"linear": 1 - p, "1-sqrt": 1 - np.sqrt(p), "cosine": 0.5 * (1 + np.cos(np.pi * p)),
                "exponential": 0.5 ** (cooldowns.HALVINGS * p)}[shape]
    np.testing.assert_allclose(rates[T - D:], peak * expected, rtol=1e-12)


def test_branching_costs_count_one_constant_run_and_every_cooldown():
    study = cooldowns.CooldownStudy(PLAN, {}, (), None, {}, {})
    assert study.branched_steps == 900 + 4 * (100 + 200 + 400) == 3700
    assert study.separate_steps == 12 * 1000


def test_evaluations_are_every_percent_through_the_longest_cooldown():
    steps = cooldowns.EVAL_STEPS
    inside = steps[steps >= 600]
    assert steps[-1] == 1000 and np.all(np.diff(inside) == 10) and inside[0] == 600


class _FakeSweep:
    peaks = {"WSD, linear cooldown": 0.3, "cosine to 0": 0.5, "linear to 0": 0.6}


@pytest.fixture(scope="module")
def study():
    patch = pytest.MonkeyPatch()
    patch.setattr(cooldowns, "schedule_sweep", lambda plan: _FakeSweep())
    patch.setattr(cooldowns, "student", lambda: MLP(hidden=(8,), dtype="float32"))
    patch.setattr(cooldowns, "STEPS", 60)
    patch.setattr(cooldowns, "EVAL_STEPS", np.array([30, 40, 50, 60]))
    try:
        yield cooldowns.cooldown_study.__wrapped__(PLAN)
    finally:
        patch.undo()


def test_branches_run_at_the_wsd_peak_and_baselines_at_their_own(study):
    assert study.names[-3:] == (*cooldowns.BASELINES, cooldowns.NO_COOLDOWN) and len(study.names) == 15
    for name in study.names:
        rates = study.runs.rates[study.rows(name)]
        assert np.all(rates == rates[0])                            # every evaluation seed, the same schedule
        assert rates[0, 0] == pytest.approx(study.peaks[name])
    assert {study.peaks[n] for n in study.branches + (cooldowns.NO_COOLDOWN,)} == {0.3}
    assert study.peaks["linear to 0"] == 0.6 and list(study.runs.eval_steps) == [30, 40, 50, 60]


def test_the_table_is_every_branch_against_both_baselines_with_holm_over_all(study):
    single = [paired_comparison(b, base, study.results[b], study.results[base])
              for b in study.branches for base in cooldowns.BASELINES]
    assert list(study.comparisons) == [(c.first, c.second) for c in single]
    adjusted = holm([c.p_value for c in single])
    assert [c.adjusted_p for c in study.comparisons.values()] == pytest.approx(list(adjusted))


def test_length_and_shape_tables_pair_the_right_branches(study):
    lengths = cooldowns.length_comparisons(study)
    assert [(c.first, c.second) for c in lengths[:4]] == [(f"{s}, 20 %", f"{s}, 10 %") for s in cooldowns.SHAPES]
    assert [(c.first, c.second) for c in lengths[4:]] == [(f"{s}, 40 %", f"{s}, 20 %") for s in cooldowns.SHAPES]
    shapes = cooldowns.shape_comparisons(study)
    assert len(shapes) == 9 and all(c.second == f"linear, {c.first.split(', ')[1]}" for c in shapes)
    np.testing.assert_allclose(lengths[0].differences, study.results["linear, 20 %"] - study.results["linear, 10 %"])


def test_the_claims_read_their_own_comparisons(study, monkeypatch):
    monkeypatch.setattr(cooldowns, "cooldown_study", lambda plan: study)
    claims = all_claims()
    results = dict(study.results)
    base = np.array([0.10, 0.12, 0.11, 0.13, 0.09])
    for k, f in enumerate(cooldowns.FRACTIONS):       # longer cooldowns clearly lower, 40 % tied with cosine
        for shape in cooldowns.SHAPES:
            results[cooldowns.branch_name(shape, f)] = base + 0.02 * (2 - k) + 0.001 * np.array([0, 1, 0, 1, 0])
    results["cosine to 0"] = base + np.array([0.002, -0.002, 0.001, -0.001, 0.0])
    results["linear to 0"] = base - 0.01
    fake = cooldowns.CooldownStudy(PLAN, study.peaks, study.names, study.runs, results, {
        (c.first, c.second): c for c in cooldowns.with_holm([paired_comparison(b, base_, results[b], results[base_])
                                                            for b in study.branches for base_ in cooldowns.BASELINES])})
    monkeypatch.setattr(cooldowns, "cooldown_study", lambda plan: fake)
    for claim_id in ("ch10-cooldown-longer-lower", "ch10-cooldown-10-above-linear-to-0", "ch10-cooldown-40-vs-cosine"):
        assert claims[claim_id].check(PLAN) == claims[claim_id].verdict, claim_id
    results["linear, 40 %"] = results["linear, 20 %"] + 0.001        # one shape no longer gains from 40 %
    assert claims["ch10-cooldown-longer-lower"].check(PLAN).endswith("40 % lower than 20 % in 3 of 4 shapes")
