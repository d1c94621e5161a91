"""Chapter 06 (``chapters/ch06_comparison.py``): the comparison figure and its shared sliders, the
schedules matched on their budget, the choosing table, and the helpers of its exercise bank."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters import ch06_comparison
from lrdecay_lessons.chapters.catalog import SHARED_SLIDERS, shape_title
from lrdecay_lessons.chapters.ch06_comparison import choosing_table, comparison_figure
from lrdecay_lessons.display import Table
from lrdecay_lessons.schedules import measures as P


def test_comparison_figure_has_title_labels_and_a_legend_entry_per_schedule():
    params = ch06_comparison.shared_params(0.1, 1000, 0.5, 100, 0.9, 2.0)
    figure = comparison_figure(params, 1000, title="Four", show_budget=True)
    assert isinstance(figure, Figure)
    rates, budget = figure.axes
    assert rates.get_title() == "Four" and rates.get_ylabel() and budget.get_xlabel() == "step t"
    assert budget.get_title() and budget.get_ylabel()
    labels = [t.get_text() for t in figure.legends[0].get_texts()]
    assert labels == [shape_title(name, p) for name, p in params.items()]
    assert list(rates.get_xticks()) == [0, 250, 500, 750, 1000]
    assert budget.lines[0].get_ydata()[-1] == pytest.approx(1.0)


def test_shared_sliders_drive_a_panel():
    assert [s.name for s in SHARED_SLIDERS] == ["lr0", "total_steps", "step_gamma", "step_size", "exp_gamma", "power"]
    values = {s.name: s.value for s in SHARED_SLIDERS}
    assert isinstance(comparison_figure(ch06_comparison.shared_params(**values), values["total_steps"], title="x"), Figure)
    assert ch06_comparison.shared_params(**values)["step_decay"] == {"lr0": 0.1, "gamma": 0.5, "step_size": 100}


def test_chapter_06_exercises_solve_and_their_hints_hold():
    from lrdecay_lessons.exercises import ch06_comparison as ex
    from lrdecay_lessons.exercises import check

    assert ex._linear_mean() == pytest.approx(0.1 * 11 / 20, rel=1e-12)
    # the hint brackets the answer between s = 250 and s = 300
    assert ex._step_mean(250, 1000) < ex._cosine_mean(1000) < ex._step_mean(300, 1000)
    assert 250 < ex._step_period_matching_cosine() < 300
    final_cosine = 0.1 * (1 + math.cos(math.pi * 999 / 1000)) / 2
    assert ex._alpha_matching_cosine_final() == pytest.approx(math.log(final_cosine / 0.1) / math.log(1 / 1000), rel=1e-9)
    assert check("comparison-linear-mean", 0.05).status == "wrong"


def test_compare_is_keyed_by_schedule_name():
    props = ch06_comparison.compare(ch06_comparison.matched_params(0.1, 1000, 250), 1000)
    assert list(props) == ["step_decay", "exponential_decay", "polynomial_decay", "cosine_annealing"]
    assert props["step_decay"].changes == 3 and props["step_decay"].drop_step == 250
    assert {round(p.mean, 12) for p in props.values()} == {round(0.1 * 1001 / 2000, 12)}


def test_choosing_table_recommends_from_the_numbers():
    table = choosing_table(0.1, 1000, 250)
    consider = table.column("consider")
    assert consider[:3] == ["cosine annealing or polynomial decay",
                            "warmup-stable-decay (chapter 10): hold η₀, cool down once the end is known",
                            "linear decay to 0 (polynomial, α = 1) or cosine annealing"]
    assert consider[3] == "cosine annealing" and consider[4] == "step decay"
    evidence = table.column("because (computed; the four article schedules at the same budget)")
    assert evidence[1].startswith("(WSD at its own budget, not matched)")
    assert evidence[5].startswith("(each α at its own budget)")
    assert "81.8%" in evidence[3] and "3 of 999 steps" in evidence[4] and "from 75% to 16%" in evidence[5]
    assert "has cosine's budget (mean rate 0.05005 vs 0.05005)" in evidence[2]
    # WSD's plan for T is its plan for 2T up to the cooldown; cosine's and linear decay's only at t = 0
    assert "share 80.1% of the first T rates (20% cooldown), 0.1% for linear decay and cosine" in evidence[1]
    assert "step decay 0.00077, exponential decay 0.0041" in evidence[1]
    # a long step period front-loads the budget more than cosine does: the advice follows
    assert choosing_table(0.1, 1000, 400).column("consider")[3] == "step decay or cosine annealing"


@pytest.mark.parametrize("s, ok", [(500, True), (501, False)])
def test_matched_params_needs_a_step_period_of_at_most_half_of_T(s, ok):
    if ok:
        assert P.mean_rate(*P.training_curve(schedules.step_decay, 1000, **ch06_comparison.matched_params(0.1, 1000, s)["step_decay"])) \
            == pytest.approx(0.1 * 1001 / 2000, rel=1e-9)
    else:
        with pytest.raises(ValueError, match=r"step_size must be <= total_steps / 2 = 500 .* got step_size=501"):
            ch06_comparison.matched_params(0.1, 1000, s)


def test_properties_table_has_one_row_per_curve_with_the_computed_values():
    params = ch06_comparison.shared_params(0.1, 1000, 0.5, 100, 0.9, 2.0)
    table = ch06_comparison.properties_table(ch06_comparison.article_curves(params, 1000), title="t")
    assert isinstance(table, Table)
    assert tuple(table.columns) == ch06_comparison.PROPERTY_COLUMNS
    assert table.column("schedule") == [
        "Step decay (γ=0.5, s=100)", "Exponential decay (γ=0.9)", "Polynomial decay (α=2)", "Cosine annealing",
    ]
    assert table.column("largest drop: step") == [100, 1, 1, 500]
    assert table.column("mean η")[3] == pytest.approx(0.1 * 1001 / 2000, rel=1e-12)
    assert table.column("steps above η₀/2") == ["10.0%", "100.0%", "29.3%", "50.0%"]
    assert "Cosine annealing" in repr(table) and "<table" in table._repr_html_()


def test_properties_table_rejects_empty_input():
    with pytest.raises(ValueError, match="at least one curve"):
        ch06_comparison.properties_table({})


def test_polynomial_matched_to_cosine_mean_is_linear():
    params = ch06_comparison.matched_params(0.1, 1000, 250)
    assert params["polynomial_decay"]["power"] == pytest.approx(1.0, abs=1e-9)


def test_matched_gammas_solve_their_closed_forms():
    T, s = 1000, 250
    params = ch06_comparison.matched_params(0.1, T, s)
    target = (T + 1) / (2 * T)
    g = params["step_decay"]["gamma"]
    assert (1 + g + g**2 + g**3) / 4 == pytest.approx(target, rel=1e-9)
    g = params["exponential_decay"]["gamma"]
    assert (1 - g) / (T * (1 - g ** (1 / T))) == pytest.approx(target, rel=1e-9)
    for name, p in params.items():
        mean = P.mean_rate(*P.training_curve(schedules.REGISTRY[name].function, T, **p))
        assert mean == pytest.approx(0.1 * target, rel=1e-9), name


def test_match_final_rate_of_polynomial():
    # η0 (1/T)^α = target  ⇔  α = ln(target/η0) / ln(1/T)
    T = 100
    alpha = ch06_comparison.match_parameter(schedules.polynomial_decay, {"lr0": 1.0, "total_steps": T}, "power",
                              target=1e-4, horizon=T, quantity=P.final_rate)
    assert alpha == pytest.approx(2.0, rel=1e-9)


def test_match_parameter_reports_unreachable_target():
    # step decay with s = T/2 and γ → 0 still keeps η0 for half the run: mean ≥ η0/2
    with pytest.raises(ValueError, match=r"target must lie between mean_rate at gamma=1e-09 .* got target=0.2"):
        ch06_comparison.match_parameter(schedules.step_decay, {"lr0": 1.0, "step_size": 50}, "gamma", target=0.2, horizon=100)


def test_match_parameter_needs_bounds_for_unknown_parameter():
    with pytest.raises(ValueError, match="bounds must be given for parameter='lr_min'"):
        ch06_comparison.match_parameter(schedules.cosine_annealing, {"lr0": 1.0, "total_steps": 10}, "lr_min", 0.5, 10)


def test_comparison_panel_draws_the_figures_curves_labels_and_quarters():
    """The browser panel's Python programs give the comparison figure's numbers: the four training curves,
    shape_title's labels, η₀/2 and the dotted lines at step_at_fraction of 25/50/75 %, for settings away
    from the start too."""
    from lrdecay_lessons.chapters.ch06_comparison import comparison_panel

    panel = comparison_panel(SHARED_SLIDERS, title="x")
    for values in (dict(panel.values), {**panel.values, "total_steps": 150, "step_gamma": 0.35, "power": 0.7,
                                        "exp_gamma": 0.07, "step_size": 30, "lr0": 0.2}):
        params = ch06_comparison.shared_params(**values)
        (rates,) = panel.curves(values)
        for (label, steps, ys), (name, p) in zip(rates, params.items()):
            assert label == shape_title(name, p)
            expected_steps, expected = P.training_curve(schedules.REGISTRY[name].function, values["total_steps"], **p)
            np.testing.assert_array_equal(steps, expected_steps)
            np.testing.assert_array_equal(ys, expected)
        assert rates[-1][0] == "η₀/2" and set(rates[-1][2]) == {values["lr0"] / 2}
        T = values["total_steps"]
        assert panel._axes[0].guides(values) == [P.step_at_fraction(f, T) for f in (0.25, 0.5, 0.75)]


def test_matched_panel_solves_as_matched_params_and_shows_budget_shares():
    from lrdecay_lessons.chapters.catalog import MATCHED_SLIDERS
    from lrdecay_lessons.chapters.ch06_comparison import comparison_panel
    from lrdecay_lessons.errors import InvalidParameterError

    panel = comparison_panel(MATCHED_SLIDERS, title="x", matched=True)
    values = {"lr0": 0.05, "total_steps": 300, "step_size": 60}
    params = ch06_comparison.matched_params(**values)
    rates, shares = panel.curves(values)
    for (label, _, ys), (name, p) in zip(rates, params.items()):
        assert label == shape_title(name, p)
        np.testing.assert_array_equal(ys, P.training_curve(schedules.REGISTRY[name].function, 300, **p)[1])
        assert P.mean_rate(np.arange(300), ys) == pytest.approx(0.05 * 301 / 600, rel=1e-9)
    for (_, _, share), (_, _, ys) in zip(shares, rates):
        np.testing.assert_array_equal(share, np.cumsum(ys) / ys.sum())
    bad = {**values, "step_size": 160}  # 2 s > T: step decay cannot spend as little as cosine
    with pytest.raises(InvalidParameterError) as expected:
        ch06_comparison.matched_params(**bad)
    with pytest.raises(InvalidParameterError) as refused:
        panel.curves(bad)
    assert str(refused.value) == str(expected.value)  # the chapter's own message
    assert panel.names({**values, "total_steps": 150, "step_size": 70})["half"] == 75
