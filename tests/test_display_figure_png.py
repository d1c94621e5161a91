"""The figures' PNGs: the same pixels as Matplotlib's own PNG (IPython's ``print_figure``), encoded faster."""

from __future__ import annotations

import base64
import io

import matplotlib as mpl
import numpy as np
import pytest
from IPython.core.pylabtools import print_figure
from PIL import Image

from lrdecay_lessons.display import mark_points, new_figure, plot_curves, use_course_style
from lrdecay_lessons.display.plotting import (
    figure_png, figure_png_base64, mark_step, schedule_curve, steps_for)
from lrdecay_lessons.schedules import cosine_annealing, exponential_decay, step_decay


def chinese() -> bool:
    """Whether the course style is Chinese (the CJK font follows DejaVu Sans)."""
    return len(mpl.rcParams["font.family"]) > 1


def schedules_figure():
    steps = steps_for(1000, past_end=0.2)
    figure = plot_curves([
        schedule_curve(step_decay, steps, lr0=0.1, step_size=300, gamma=0.5, colour="#0072B2"),
        schedule_curve(exponential_decay, steps, lr0=0.1, gamma=0.05, total_steps=1000, colour="#D55E00"),
        schedule_curve(cosine_annealing, steps, lr0=0.1, total_steps=1000, colour="#009E73"),
    ], title="Three schedules" + (" 三种调度" if chinese() else ""))
    mark_step(figure.axes[0], 1000, "t = T")
    return figure


def two_panels_with_math_offset():
    figure, (left, right) = new_figure(1, 2)
    steps = np.arange(50)
    left.plot(steps, 1e-4 * np.exp(-steps / 20), label="small rates")
    left.set_title("Offset ×10⁻⁴")
    left.set_xlabel("step t")
    left.legend()
    right.semilogy(steps, np.exp(-steps / 7) + 1e-6, label="log axis")
    right.set_title(r"$\eta_t = \eta_0 \gamma^t$")
    mark_points(right, [0, 10, 20], [1.0, 0.24, 0.058], label="worked points")
    return figure


def see_through_figure():
    figure, ax = new_figure()
    figure.patch.set_alpha(0.0)
    ax.plot([0, 1, 2], [2, 0, 1], label="line")
    ax.set_title("Transparent background")
    return figure


def decoded(png: bytes) -> tuple[str, np.ndarray]:
    image = Image.open(io.BytesIO(png))
    return image.mode, np.asarray(image.convert("RGBA"))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("build", [schedules_figure, two_panels_with_math_offset, see_through_figure])
def test_the_png_has_matplotlibs_pixels(build, lang):
    use_course_style(lang)
    try:
        ours = figure_png(build())
        mode, pixels = decoded(ours)
        theirs_mode, theirs = decoded(print_figure(build(), fmt="png", bbox_inches=None))
    finally:
        use_course_style("en")
    assert theirs_mode == "RGBA"
    assert pixels.shape == theirs.shape == (round(mpl.rcParams["figure.dpi"] * build().get_size_inches()[1]),
                                            round(mpl.rcParams["figure.dpi"] * build().get_size_inches()[0]), 4)
    assert np.array_equal(pixels, theirs), f"{np.count_nonzero((pixels != theirs).any(axis=2))} pixels differ"
    # Opaque figures are written without the alpha channel; a see-through one keeps it.
    assert mode == ("RGBA" if build is see_through_figure else "RGB")
    assert (pixels[..., 3] < 255).any() == (build is see_through_figure)


def test_the_png_is_deterministic_and_stored_as_base64():
    use_course_style()
    first, second = figure_png(schedules_figure()), figure_png(schedules_figure())
    assert first == second
    assert first.startswith(b"\x89PNG\r\n\x1a\n") and b"tIME" not in first
    text = figure_png_base64(schedules_figure())
    assert "\n" not in text and base64.b64decode(text) == first
    assert Image.open(io.BytesIO(first)).info["dpi"] == pytest.approx((150, 150), abs=0.02)


def test_a_figure_with_nothing_on_it_gives_no_png_as_ipython_does():
    from matplotlib.figure import Figure

    assert figure_png(Figure()) is None and figure_png_base64(Figure()) is None
    assert print_figure(Figure(), fmt="png") is None


def test_the_file_is_about_as_small_as_matplotlibs():
    use_course_style()
    ours = figure_png(schedules_figure())
    theirs = print_figure(schedules_figure(), fmt="png", bbox_inches=None)
    assert len(ours) < 1.15 * len(theirs), (len(ours), len(theirs))


def test_figures_of_one_size_share_a_renderer_cleared_before_each_picture():
    from matplotlib.figure import Figure

    from lrdecay_lessons.display.plotting import RENDERERS_KEPT, _course_canvas_class

    use_course_style()
    canvas_class = _course_canvas_class()
    first, second = canvas_class(schedules_figure()).get_renderer(), canvas_class(see_through_figure()).get_renderer()
    assert first is second  # the texts measured for one figure are measured for the next
    for size in range(RENDERERS_KEPT + 1):  # only the last few sizes are kept
        canvas_class(Figure(figsize=(3 + size, 2))).get_renderer()
    assert canvas_class(schedules_figure()).get_renderer() is not first
    # An opaque picture, then a see-through one of the same size: nothing of the first shows through.
    for build in (schedules_figure, see_through_figure, two_panels_with_math_offset, schedules_figure):
        assert np.array_equal(decoded(figure_png(build()))[1],
                              decoded(print_figure(build(), fmt="png", bbox_inches=None))[1]), build.__name__


def test_the_figure_keeps_its_own_canvas_and_layout_engine():
    use_course_style()
    figure = schedules_figure()
    canvas, engine = figure.canvas, figure.get_layout_engine()
    figure_png(figure)
    assert figure.canvas is canvas and canvas.figure is figure
    assert figure.get_layout_engine() is engine and engine is not None  # laid out again at the next picture
    ours, theirs = figure_png(figure), print_figure(figure, fmt="png", bbox_inches=None)  # a second picture
    assert np.array_equal(decoded(ours)[1], decoded(theirs)[1])


def test_png_bytes_round_trips_rgb_and_rgba_pixels_through_pillow():
    from lrdecay_lessons.display.png import png_bytes

    rng = np.random.default_rng(0)
    opaque = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    opaque[..., 3] = 255
    see_through = opaque.copy()
    see_through[2, 3, 3] = 17
    for pixels, mode in ((opaque, "RGB"), (see_through, "RGBA")):
        png = png_bytes(pixels, dpi=150)
        image = Image.open(io.BytesIO(png))
        assert image.mode == mode and image.size == (5, 7)
        assert np.array_equal(np.asarray(image.convert("RGBA")), pixels)
        assert image.info["dpi"] == pytest.approx((150, 150), abs=0.02)
        assert png == png_bytes(pixels.copy(), dpi=150)


@pytest.mark.parametrize("bad, message", [
    (np.zeros((4, 4, 3), np.uint8), "rgba must be a uint8 array of shape (height, width, 4); got uint8 of shape (4, 4, 3)"),
    (np.zeros((4, 4, 4)), "got float64 of shape (4, 4, 4)"),
    (np.zeros((0, 4, 4), np.uint8), "rgba must hold at least one pixel; got shape (0, 4, 4)"),
])
def test_png_bytes_names_a_bad_array(bad, message):
    from lrdecay_lessons.display.png import png_bytes
    from lrdecay_lessons.errors import InvalidParameterError

    with pytest.raises(InvalidParameterError) as error:
        png_bytes(bad, dpi=150)
    assert message in str(error.value)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_texts_measure_the_same_with_the_remembered_font_heights(lang):
    from matplotlib.backends.backend_agg import RendererAgg

    from lrdecay_lessons.display.plotting import _course_canvas_class

    use_course_style(lang)
    try:
        figure = schedules_figure()
        course = _course_canvas_class()(figure).get_renderer()
        course.new_picture()
        plain = RendererAgg(course.width, course.height, course.dpi)  # Matplotlib finds the font every time
        texts = [figure.text(0.1, 0.5, "two lines\nof text η 学习率" if lang == "zh" else "two lines\nof text η",
                             fontsize=size, weight=weight, linespacing=spacing)
                 for size in (9, 13, 18) for weight in ("normal", "bold") for spacing in (1.2, "normal")]
        for text in texts:
            assert text.get_window_extent(course).bounds == text.get_window_extent(plain).bounds
        assert len(course._font_heights) == 6  # one entry per font and size, whatever the line spacing
        course.clear()
        assert not course._font_heights  # forgotten when the next picture starts
    finally:
        use_course_style("en")
