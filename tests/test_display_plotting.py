"""The course's figures: tick labels as plain text (cheap to lay out), offsets such as ×10⁻⁴ in math text."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.ticker import ScalarFormatter

from lrdecay_lessons.display import new_figure, use_course_style
from lrdecay_lessons.display.plotting import PlainTickFormatter


def drawn(values_x, values_y, nrows=1, ncols=1):
    use_course_style()
    figure, axes = new_figure(nrows, ncols)
    for ax in np.atleast_1d(axes).ravel():
        ax.plot(values_x, values_y)
    FigureCanvasAgg(figure).draw()
    return figure


def test_every_axis_of_a_new_figure_writes_plain_tick_labels():
    figure = drawn([0, 1, 2], [0.1, 0.5, 0.9], nrows=2, ncols=2)
    assert len(figure.axes) == 4
    for ax in figure.axes:
        labels = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        assert labels and all(label and "$" not in label for label in labels), labels
        assert "0.5" in labels


def test_small_rates_keep_the_times_ten_to_the_offset_in_math_text():
    figure = drawn([0, 1, 2], [0.0, 1e-4, 2e-4])
    ax = figure.axes[0]
    assert ax.yaxis.get_offset_text().get_text() == "$\\times\\mathdefault{10^{\N{MINUS SIGN}4}}\\mathdefault{}$"
    assert [t.get_text() for t in ax.get_yticklabels()][:3] == ["\N{MINUS SIGN}0.25", "0.00", "0.25"]


def test_negative_labels_use_the_minus_sign_and_numbers_match_the_math_formatter():
    plain, math = PlainTickFormatter(), ScalarFormatter(useMathText=True)
    figure = drawn([0, 1], [-3.0, 3.0])
    for formatter in (plain, math):
        formatter.set_axis(figure.axes[0].yaxis)
        formatter.set_locs([-2.0, 0.0, 2.0])
    assert [plain(v) for v in (-2.0, 0.0, 2.0)] == ["\N{MINUS SIGN}2", "0", "2"]
    assert [math(v) for v in (-2.0, 0.0, 2.0)] == [f"$\\mathdefault{{{label}}}$" for label in ("\N{MINUS SIGN}2", "0", "2")]
