"""Chapters 13 and 14's experiments (``experiments/ch13.py``, ``experiments/ch14.py``) and their tables: runs on the
evaluation seeds, comparisons seed by seed with Holm, and the claims."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons.chapters.ch13_applications import decision_table, recipe_outcomes_table
from lrdecay_lessons.chapters.evidence import comparison_rows
from lrdecay_lessons.experiments import ch13, ch14
from lrdecay_lessons.experiments.claims import all_claims
from lrdecay_lessons.schedules.recipes import RECIPES, rescaled
from lrdecay_lessons.training import (SeedPlan, adam_excess, holm, learning_rates, noisy_least_squares,
                                      paired_comparison, train)

PLAN = SeedPlan(tuning=(0, 1, 2), evaluation=(10, 11, 12, 13, 14))


def _fake_recipe_runs(shift: float = 0.0) -> ch13.RecipeRuns:
    rng = np.random.default_rng(3)
    final_fraction = {r.key: float(learning_rates(rescaled(r, 200, 0.1), 200)[-1] / 0.1) for r in RECIPES}
    final = {k: 1e-3 + (shift if f >= ch13.STAYS_HIGH else 0.0) + 1e-5 * rng.standard_normal(5)
             for k, f in final_fraction.items()}
    return ch13.RecipeRuns(PLAN.evaluation, {r.key: r.name for r in RECIPES}, final_fraction,
                           {k: 0.5 for k in final_fraction}, final)


def test_recipe_groups_follow_the_last_rate():
    runs = _fake_recipe_runs()
    assert set(runs.staying_high) == {"transformer", "gpt3", "chinchilla", "llama", "deepseek"}
    assert "minicpm" not in runs.staying_high + runs.landing and "bert" in runs.landing


def test_recipe_comparisons_are_group_means_seed_by_seed_with_holm():
    runs = _fake_recipe_runs(shift=1e-3)
    high, low = runs.group_mean(runs.staying_high), runs.group_mean(runs.landing)
    assert np.allclose(high, np.mean([runs.final[k] for k in runs.staying_high], axis=0))
    first, second = runs.comparisons()
    assert np.allclose(first.differences, high - low) and first.verdict.endswith("of the peak lower")
    assert "≤ 1%" in first.verdict
    assert np.allclose(second.differences, runs.final["minicpm"] - high)
    assert [first.adjusted_p, second.adjusted_p] == pytest.approx(list(holm([first.p_value, second.p_value])))
    assert _fake_recipe_runs(shift=0.0).comparisons()[0].verdict == "not separated"


def test_recipe_runs_train_each_shape_on_the_evaluation_seeds(monkeypatch):
    monkeypatch.setattr(ch13, "RECIPES", RECIPES[:2])
    runs = ch13.recipe_runs(PLAN)
    problem = noisy_least_squares(seed=0)
    shape = rescaled(RECIPES[1], ch13.STEPS, ch13.PEAK)
    run = train(problem.dataset, shape, epochs=1, batch_size=10, seed=12)
    assert runs.final[RECIPES[1].key][2] == pytest.approx(problem.expected_excess(run.weights, run.bias))
    assert runs.seeds == PLAN.evaluation and set(runs.final) == {r.key for r in RECIPES[:2]}


def test_the_chapter_11_tables_show_the_runs_and_the_comparison():
    runs = _fake_recipe_runs(shift=1e-3)
    table = recipe_outcomes_table(runs)
    assert len(table.rows) == len(RECIPES) and "n − 1" in table.columns[3]
    bert = runs.final["bert"]
    assert table.rows[[r.key for r in RECIPES].index("bert")][3] == f"{bert.mean():.2g} ± {bert.std(ddof=1):.2g}"
    evidence = decision_table(runs).rows[0][2]
    gap = runs.comparisons()[0]
    assert f"{gap.mean:+.2g}" in evidence and gap.verdict in evidence
    assert "chapter 09" in decision_table(runs).rows[2][2]


def test_comparison_rows_show_interval_sign_count_and_verdict():
    c = paired_comparison("a", "b", [1, 2, 3, 4, 5], [1.5, 2.6, 3.4, 4.7, 5.5])
    columns, rows = comparison_rows([c])
    assert rows == [("a − b", f"{c.mean:+.3g} [{c.low:+.3g}, {c.high:+.3g}]", f"{c.sd:.2g}", "5 of 5", "a lower")]
    assert "n − 1" in columns[2]


def test_adam_runs_and_their_comparisons():
    runs = ch14.adam_runs(SeedPlan(tuning=(0,), evaluation=(10, 11, 12, 13, 14)), steps=200)
    problem = noisy_least_squares(seed=0)
    assert np.allclose(runs.curves["Adam, constant η = 0.02"][1], adam_excess(problem, 0.02, 200, seed=11))
    c = runs.curves["Adam, constant η = 0.01"]
    assert np.allclose(runs.floor["Adam, constant η = 0.01"], c[:, 100:].mean(axis=1))
    half, cosine = runs.comparisons()
    assert np.allclose(half.differences, runs.floor["Adam, constant η = 0.01"] - runs.floor["Adam, constant η = 0.02"])
    assert np.allclose(cosine.differences,
                       runs.final["Adam, cosine from η = 0.02"] - runs.floor["Adam, constant η = 0.02"])
    assert [half.adjusted_p, cosine.adjusted_p] == pytest.approx(list(holm([half.p_value, cosine.p_value])))


def test_floor_runs_are_one_pass_on_each_evaluation_seed():
    runs = ch14.floor_runs(PLAN)
    problem = noisy_least_squares(seed=0)
    s = ch14.floor_schedules()["cosine to 10%"]
    assert s(ch14.FLOOR_STEPS) == pytest.approx(0.1 * ch14.PEAK)
    run = train(problem.dataset, s, epochs=1, batch_size=10, seed=13)
    assert runs.final["cosine to 10%"][3] == pytest.approx(problem.expected_excess(run.weights, run.bias))
    first, second = runs.comparisons()
    assert np.allclose(first.differences, runs.final["cosine to 10%"] - runs.final["cosine to 0"])
    assert second.first == "linear to 0" and second.second == "cosine to 0"


def test_chapters_11_and_12_claims_are_registered():
    claims = all_claims()
    assert {i for i, c in claims.items() if c.chapter == "13"} == {"ch13-landing-shapes-not-separated",
                                                                   "ch13-minicpm-not-separated"}
    assert {i for i, c in claims.items() if c.chapter == "14"} == {
        "ch14-adam-half-rate-lower-floor", "ch14-adam-cosine-below-constant-level", "ch14-cosine-floor-not-separated"}
