"""``display/follow.py``: a panel that draws a new figure at every move keeps one figure and follows the new
ones."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters.catalog import SHARED_SLIDERS
from lrdecay_lessons.chapters.ch06_comparison import comparison_figure, shared_params
from lrdecay_lessons.display import Curve, Slider, SliderPanel, new_figure, plot_curves, use_course_style
from lrdecay_lessons.display.follow import follow
from lrdecay_lessons.display.live import LiveFigure

STEPS = np.arange(1000)


@pytest.fixture(autouse=True)
def course_style():
    use_course_style()


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")).astype(int)


def new_picture(figure) -> bytes:
    live = LiveFigure(figure)
    live.redraw()
    return live.png()


def draw_one_cycle(v):  # as chapter 08 draws it
    lr = schedules.one_cycle(STEPS, total_steps=1000, **v)
    label = f"pct_start={v['pct_start']:.2f}, div={v['div_factor']:.3g}, final_div={v['final_div_factor']:.3g}"
    return plot_curves([Curve(label, STEPS, lr, {"color": "#AA3377"})], logy=True,
                       title="One-cycle (log scale): move the sliders", legend_loc="lower center")


def draw_shared(values):  # as chapter 06 draws it
    return comparison_figure(shared_params(**values), values["total_steps"],
                             title="The four schedules with the same η₀ and T")


ONE_CYCLE = [Slider("lr_max", 0.1, 0.001, 1.0, log=True), Slider("pct_start", 0.3, 0.05, 0.95, step=0.05),
             Slider("div_factor", 25.0, 1.0, 100.0, step=1.0), Slider("final_div_factor", 1e4, 1.0, 1e6, log=True)]


@pytest.mark.parametrize("draw, sliders, moves, expected", [
    (draw_one_cycle, ONE_CYCLE, [("pct_start", 0.35), ("div_factor", 26.0), ("lr_max", 0.112), ("pct_start", 0.3)],
     ["blit", "full", "full", "blit"]),  # div_factor moves the start, the bottom of the log range
    # a new T moves the x ticks at T/4, T/2, 3T/4: another make-up, a new figure
    (draw_shared, SHARED_SLIDERS, [("step_gamma", 0.55), ("exp_gamma", 0.91), ("total_steps", 1050),
                                   ("power", 2.1), ("lr0", 0.112)], ["blit", "blit", "new", "blit", "full"]),
])
def test_a_followed_figure_shows_what_a_new_one_would(draw, sliders, moves, expected):
    panel = SliderPanel(draw, sliders)
    first = panel.picture(panel.figure())
    assert (pixels(first) == pixels(new_picture(draw(panel.values)))).all()
    kinds = []
    for name, value in moves:
        panel.sliders[name].value = value
        figure = panel.figure()
        picture = panel.picture(figure)
        kinds.append(panel.last_redraw_kind)
        fresh = draw(panel.values)
        new_picture(fresh)
        for ours, theirs in zip(figure.axes, fresh.axes):
            np.testing.assert_allclose(ours.bbox.bounds, theirs.bbox.bounds, atol=1e-6)
            low, high = ours.get_ylim()
            moved = max(abs(a - b) for a, b in zip((low, high), theirs.get_ylim())) / (high - low) * ours.bbox.height
            assert moved < 0.5
            assert [line.get_label() for line in ours.lines] == [line.get_label() for line in theirs.lines]
            for a, b in zip(ours.lines, theirs.lines):
                np.testing.assert_array_equal(a.get_ydata(), b.get_ydata())
        legends = [*(ax.get_legend() for ax in figure.axes), *figure.legends]
        fresh_legends = [*(ax.get_legend() for ax in fresh.axes), *fresh.legends]
        assert [[t.get_text() for t in lg.get_texts()] for lg in legends if lg] == \
            [[t.get_text() for t in lg.get_texts()] for lg in fresh_legends if lg]
        if panel.last_redraw_kind == "blit":  # the same as drawing the kept figure whole, pixel for pixel
            panel._live.redraw(full=True, layout=False)
            assert (pixels(picture) == pixels(panel._live.png())).all(), f"{name}={value}"
    assert kinds == expected


def test_a_figure_of_another_make_up_is_not_followed():
    kept, ax = new_figure()
    ax.plot([0, 1], [0, 1], color="red")
    other, ax2 = new_figure()
    ax2.plot([0, 1], [1, 0], color="blue")
    assert not follow(kept, other) and list(kept.axes[0].lines[0].get_ydata()) == [0, 1]
    band, ax3 = new_figure()
    ax3.plot([0, 1], [1, 0], color="red")
    ax3.fill_between([0, 1], [0, 0], [1, 1])
    assert not follow(kept, band)
    same, ax4 = new_figure()
    ax4.plot([0, 1], [1, 0], color="red")
    assert follow(kept, same) and list(kept.axes[0].lines[0].get_ydata()) == [1, 0]


def test_a_panel_whose_figure_changes_make_up_draws_the_new_one():
    def draw(v):
        figure, ax = new_figure()
        for k in range(int(v["n"])):
            ax.plot([0, 1], [k, k + 1], label=f"line {k}")
        ax.legend()
        return figure

    panel = SliderPanel(draw, [Slider("n", 1, 1, 3, integer=True)])
    panel.picture(panel.figure())
    panel.sliders["n"].value = 2
    figure = panel.figure()
    assert len(figure.axes[0].lines) == 2
    panel.picture(figure)
    assert panel.last_redraw_kind == "new"
