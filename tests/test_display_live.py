"""``display/live.py``, redrawing in place: a kept figure, blitted or fully redrawn, gives a new figure's
picture."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
from PIL import Image

from lrdecay_lessons.display import new_figure, use_course_style
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
