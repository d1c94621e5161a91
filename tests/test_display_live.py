"""``display/live.py``, redrawing in place: a kept figure, blitted or fully redrawn, gives a new figure's
picture."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
from PIL import Image

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters.catalog import info
from lrdecay_lessons.display import Slider, new_figure, schedule_panel, use_course_style
from lrdecay_lessons.display.live import LiveFigure, png_bytes


@pytest.fixture(autouse=True)
def course_style():
    use_course_style()


class Output:
    def __init__(self):
        self.bundles = []
        self.metadata = []

    def update(self, bundle, raw=False, metadata=None):
        assert raw
        self.bundles.append(bundle)
        self.metadata.append(metadata)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")).astype(int)


def new_picture(figure) -> bytes:
    live = LiveFigure(figure)
    live.redraw()
    return live.png()


def step_panel():
    step = info("step_decay")
    return schedule_panel(step.function, step.sliders, horizon=1000, title="Step decay: move the sliders",
                          drawstyle=step.drawstyle, reference=[step.reference_curve(1000)])


def test_png_bytes_are_the_canvas_pixels():
    figure, ax = new_figure()
    ax.plot([0, 1], [0, 1])
    live = LiveFigure(figure)
    live.redraw()
    image = Image.open(io.BytesIO(live.png()))
    assert image.format == "PNG" and image.mode == "RGBA" and image.size == (1500, 780)
    assert (np.asarray(image) == np.asarray(figure.canvas.buffer_rgba())).all()
    assert len(live.png(6)) < len(live.png(1))
    with pytest.raises(ValueError, match="compress_level must be a whole number from 0 to 9; got compress_level=10"):
        png_bytes(figure, 10)


def test_a_schedule_panel_blits_a_new_figures_picture_and_redraws_when_the_range_moves():
    panel = step_panel()
    first = panel.picture(panel.figure())
    assert (pixels(first) == pixels(new_picture(panel._draw(panel.values)))).all()
    lr0 = panel.sliders["lr0"]
    moves = [("gamma", 0.55, "blit"), ("step_size", 150, "blit"), ("lr0", lr0.options[lr0.index + 1][1], "full"),
             ("gamma", 0.3, "blit"), ("lr0", 0.1, "full"), ("gamma", 0.5, "blit"), ("step_size", 100, "blit")]
    for name, value, kind in moves:
        panel.sliders[name].value = value
        picture = panel.picture(panel.figure())
        assert panel.last_redraw_kind == kind, (name, value)
        kept, fresh = panel._live.figure.axes[0], panel._draw(panel.values).axes[0]
        new_picture(fresh.figure)
        # the range a new figure would have, to half a pixel; the same layout
        low, high = kept.get_ylim()
        assert max(abs(a - b) for a, b in zip((low, high), fresh.get_ylim())) / (high - low) * kept.bbox.height < 0.5
        np.testing.assert_allclose(kept.bbox.bounds, fresh.bbox.bounds, atol=1e-6)
        # a blit shows what drawing the whole figure (in the same layout) shows, pixel for pixel
        panel._live.redraw(full=True, layout=False)
        assert (pixels(picture) == pixels(panel._live.png())).all(), f"{name}={value}"
    line = panel.figure().axes[0].get_lines()[-1]
    np.testing.assert_array_equal(line.get_ydata(), schedules.step_decay(np.arange(1001), **panel.values))
    assert line.get_label() == "lr0=0.1, gamma=0.5, step_size=100"


def test_a_static_artist_above_the_moving_line_stays_on_top():
    figure, ax = new_figure()
    moving, = ax.plot([0, 1], [0, 1], color="red", linewidth=20)
    ax.axhline(0.5, color="blue", linewidth=20)  # drawn after the red line, so above it
    live = LiveFigure(figure, [moving])
    live.redraw()
    moving.set_ydata([1, 0])
    assert live.redraw() == "blit"
    fresh_figure, fresh_ax = new_figure()
    fresh_ax.plot([0, 1], [1, 0], color="red", linewidth=20)
    fresh_ax.axhline(0.5, color="blue", linewidth=20)
    fresh_ax.set_xlim(ax.get_xlim())
    fresh_ax.set_ylim(ax.get_ylim())
    assert (pixels(live.png()) == pixels(new_picture(fresh_figure))).all()


def test_a_panel_sends_png_bundles_to_the_same_output():
    panel = step_panel()
    output = Output()
    panel._handle = output
    panel.sliders["gamma"].value = 0.25
    panel.sliders["lr0"].value = 0.01
    assert len(output.bundles) == 2
    for bundle in output.bundles:
        assert bundle["text/plain"] == "<Figure size 1500x780 with 1 Axes>"
        assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG\r\n\x1a\n")
    # 1.5 times the pixels, shown at the figure's size in CSS pixels (sharp, and as large as before)
    assert output.metadata == [{"image/png": {"width": 1000, "height": 520}}] * 2
    assert Image.open(io.BytesIO(base64.b64decode(output.bundles[0]["image/png"]))).size == (1500, 780)
    assert np.isfinite(panel.last_update_seconds) and panel.last_picture is not None


def test_a_refused_value_keeps_the_picture_and_the_next_good_one_starts_a_new_figure():
    panel = schedule_panel(schedules.polynomial_decay,
                           [Slider("lr0", 0.1, 0.01, 1.0, step=0.01), Slider("lr_end", 0.0, 0.0, 1.0, step=0.01)],
                           horizon=100, fixed={"total_steps": 100}, title="t")
    output = Output()
    panel._handle = output
    panel.picture(panel.figure())
    panel.sliders["lr_end"].value = 0.5
    assert "lr_end must be" in panel.message.value and output.bundles == []
    panel.sliders["lr_end"].value = 0.05
    assert panel.message.value == "" and panel.last_redraw_kind == "new" and len(output.bundles) == 1
    panel.sliders["lr_end"].value = 0.06
    assert panel.last_redraw_kind in ("blit", "full")


def test_the_notebook_formatter_shows_a_denser_png_at_the_figure_size():
    from lrdecay_lessons.display.plotting import _png_with_size

    figure, ax = new_figure(1, 2)
    ax[0].plot([0, 1], [0, 1])
    data, metadata = _png_with_size(figure)
    width, height = figure.get_size_inches()
    assert metadata == {"width": round(width * 100), "height": round(height * 100)}
    assert Image.open(io.BytesIO(base64.b64decode(data))).size == (round(width * 150), round(height * 150))


def test_a_step_mark_is_a_dotted_line_with_its_label_beside_it():
    from lrdecay_lessons.display import mark_step

    figure, ax = new_figure()
    ax.plot([0, 1200], [0.1, 0.0], label="schedule")
    ax.legend()
    mark_step(ax, 1000, "t = T")
    line = ax.get_lines()[-1]
    assert list(line.get_xdata()) == [1000, 1000] and line.get_linestyle() == ":"
    assert [t.get_text() for t in ax.texts] == ["t = T"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["schedule"]  # the legend is untouched
    with pytest.raises(TypeError, match="step must be a finite number"):
        mark_step(ax, "T", "t = T")


def test_a_full_redraw_solves_the_layout_again_only_when_what_it_depends_on_changed():
    def drawn(ylim, title):
        figure, ax = new_figure()
        ax.plot([0, 1], [0, 1])
        ax.set_ylim(*ylim)
        ax.set_title(title)
        return figure, ax

    figure, ax = drawn((0, 1), "peak 0.03")
    live = LiveFigure(figure)
    engine, solved = live._engine, []
    original = engine.execute
    engine.execute = lambda fig: (solved.append(1), original(fig))[1]
    live.redraw()
    assert len(solved) == 1
    ax.set_title("peak 0.0267")  # one line still: the same layout
    live.redraw(full=True)
    assert len(solved) == 1
    for ylim, title, expected in (((0, 100_000), "peak 0.0267", 2), ((0, 100_000), "two\nlines", 3)):
        ax.set_ylim(*ylim)  # wider tick labels, then a title of two lines: solved again
        ax.set_title(title)
        live.redraw(full=True)
        assert len(solved) == expected
        fresh, fresh_ax = drawn(ylim, title)
        new_picture(fresh)
        np.testing.assert_allclose(ax.bbox.bounds, fresh_ax.bbox.bounds, atol=0.1)
