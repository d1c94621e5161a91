"""Weight decay with a schedule (``experiments/weight_decay.py``) and its views in ``chapters/ch11_batch_size.py``."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.chapters import ch11_batch_size
from lrdecay_lessons.experiments import weight_decay as W
from lrdecay_lessons.experiments.claims import all_claims
from lrdecay_lessons.training import (MLP, AdamW, SeedPlan, holm, paired_comparison, teacher_student_digits,
                                      tune_and_evaluate)

PLAN = SeedPlan(tuning=(0, 1), evaluation=(10, 11, 12, 13, 14))
STEPS, PEAKS = 40, (0.01, 0.02)
NET = MLP(hidden=(8,), dtype="float32")


def test_the_timescale_is_one_over_rate_times_decay():
    np.testing.assert_allclose(W.timescale(np.array([0.012, 0.006]), W.LAMBDAS[1]), [1000.0, 2000.0])
    assert W.timescale(np.array([0.012]), W.LAMBDAS[2])[0] == pytest.approx(100.0)
    assert np.isinf(W.timescale(np.array([0.0, 0.01]), 0.0)).all()     # no decay, or no rate: never forgets


@pytest.fixture(scope="module")
def study():
    race_schedules = {name: W.SCHEDULES[name] for name in ("cosine", "linear to 0")}
    race = tune_and_evaluate(teacher_student_digits(), NET, AdamW(weight_decay=0.0), race_schedules, PEAKS, PLAN,
                             STEPS, "linear to 0")
    patch = pytest.MonkeyPatch()
    patch.setattr(W, "lab_comparison", lambda optimizer, plan: race)
    patch.setattr(W, "lab_student", lambda: NET)
    patch.setattr(W, "LAB_STEPS", STEPS)
    patch.setattr(W, "PEAKS", PEAKS)
    try:
        yield W.weight_decay_study.__wrapped__(PLAN), race
    finally:
        patch.undo()


def test_lambda_0_reuses_the_race_and_each_lambda_is_tuned_on_its_own(study):
    result, race = study
    for name in ("cosine", "linear to 0"):
        assert result.peak(name, 0.0) == race.peaks[name]
        np.testing.assert_array_equal(result.results[(name, 0.0)], race.results[name])
    assert set(result.peaks) == {(name, wd) for name in W.SCHEDULES for wd in W.LAMBDAS}
    assert all(result.peaks[key] in PEAKS for key in result.peaks)


def test_each_decay_is_compared_with_no_decay_seed_by_seed_with_holm_over_the_table(study):
    result, _ = study
    keys = [(name, wd) for wd in W.LAMBDAS[1:] for name in W.SCHEDULES]
    assert list(result.comparisons) == keys
    single = [paired_comparison("a", "b", result.results[k], result.results[(k[0], 0.0)]) for k in keys]
    for c, s in zip(result.comparisons.values(), single):
        np.testing.assert_allclose(c.differences, s.differences)
    assert [c.adjusted_p for c in result.comparisons.values()] == pytest.approx(list(holm([s.p_value for s in single])))


def test_the_views_show_every_schedule_and_every_lambda(study, monkeypatch):
    result, _ = study
    monkeypatch.setattr(ch11_batch_size, "LAB_STEPS", STEPS)
    monkeypatch.setattr(W, "LAB_STEPS", STEPS)
    table = ch11_batch_size.weight_decay_table(result)
    assert [row[0] for row in table.rows] == list(W.SCHEDULES) and len(table.columns) == 1 + 3 + 2
    assert all(cell.endswith(("decay lower", "not separated")) for row in table.rows for cell in row[4:])
    figure = ch11_batch_size.timescale_figure(result, steps_per_epoch=42.1)
    assert [ax.get_title(loc="left").split(" (")[0] for ax in figure.axes] == [f"λ = {wd:.3g}" for wd in W.LAMBDAS[1:]]
    line = figure.axes[0].get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), W.timescale(result.rates("cosine", W.LAMBDAS[1]), W.LAMBDAS[1]))


def test_the_claims_count_the_right_verdicts(study, monkeypatch):
    result, _ = study
    base = np.array([0.10, 0.12, 0.11, 0.13, 0.09])
    results = {(name, wd): base + (0.0 if wd == 0 else 0.05 * (i + 1)) + 0.001 * np.arange(5)
               for name in W.SCHEDULES for i, wd in enumerate(W.LAMBDAS[:1] + W.LAMBDAS[1:])}
    results[("cosine", W.LAMBDAS[1])] = base + np.array([0.002, -0.002, 0.001, -0.001, 0.0])
    keys = [(name, wd) for wd in W.LAMBDAS[1:] for name in W.SCHEDULES]
    comparisons = dict(zip(keys, W.with_holm([paired_comparison(f"{n}, λ = {wd:.3g}", f"{n}, λ = 0", results[(n, wd)],
                                                                results[(n, 0.0)]) for n, wd in keys])))
    fake = W.WeightDecayStudy(PLAN, result.peaks, result.edges, results, comparisons)
    monkeypatch.setattr(W, "weight_decay_study", lambda plan: fake)
    claims = all_claims()
    for key in ("ch11-weight-decay-small", "ch11-weight-decay-large-hurts"):
        assert claims[key].check(PLAN) == claims[key].verdict, key
