"""The package's own text in Chinese (issue 28, item 2): display, chapters and training.

What the package writes itself goes through ``tr``/``Text`` where it is written; after
``set_language("zh")`` (``use_course_style(lang="zh")``) it is Chinese, before it English, unchanged.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pytest

from lrdecay_lessons.i18n import language, set_language, tr

MY_PARTS = ("display", "chapters", "training")


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def test_tr_round_trip_of_package_messages(chinese):
    assert tr("Move the sliders") == "拖动滑块"
    assert tr("{first_lower} of {n}").format(first_lower=4, n=5) == "5 个中 4 个"
    assert tr("{name} lower").format(name="linear") == "linear 更低"
    assert tr("Move the sliders", lang="en") == "Move the sliders"
    assert tr("a sentence no catalog holds") == "a sentence no catalog holds"


def test_english_is_the_source_unchanged():
    assert language() == "en"
    assert tr("Move the sliders") == "Move the sliders"
    assert tr("{first_lower} of {n}").format(first_lower=4, n=5) == "4 of 5"


def test_every_message_of_display_chapters_and_training_has_its_chinese():
    from lrdecay_lessons.authoring.translation import package_messages, package_problems

    assert all(package_messages(part) for part in MY_PARTS)
    problems = [p for p in package_problems() if any(f"lrdecay_lessons/{part}/" in p for part in MY_PARTS)]
    assert problems == []


def test_a_verdict_reads_chinese_and_stays_an_english_key(chinese):
    from lrdecay_lessons.training import paired_comparison

    c = paired_comparison("linear", "cosine", [0.10, 0.11, 0.12, 0.10, 0.13], [0.12, 0.12, 0.14, 0.13, 0.14])
    assert c.verdict == "linear lower"  # compared with the claims' registered verdicts
    assert c.verdict_text == "linear 更低"
    assert c.describe().endswith("5 个种子中有 5 个更低：linear 更低")
    same = paired_comparison("a", "b", [1.0, 2.0, 3.0], [1.1, 1.9, 3.0])
    assert (same.verdict, same.verdict_text) == ("not separated", "未分出高下")


def test_a_callout_built_in_english_speaks_chinese_once_the_language_is_chosen():
    from lrdecay_lessons.display import Callout

    box = Callout("erratum", ["x"])
    assert repr(box).startswith("[Erratum 勘误]")
    set_language("zh")
    try:
        assert repr(box).startswith("[勘误]")
        assert ">勘误</b>" in box._repr_html_()
    finally:
        set_language("en")
    assert repr(box).startswith("[Erratum 勘误]")


def test_sliders_made_at_import_show_their_label_in_the_language_chosen_later(chinese):
    from lrdecay_lessons.chapters.catalog import SHARED_SLIDERS
    from lrdecay_lessons.display.browser_panel import _control_json
    from lrdecay_lessons.display.widgets import shown_label

    step_gamma = next(s for s in SHARED_SLIDERS if s.name == "step_gamma")
    assert shown_label(step_gamma) == "阶梯衰减 γ"
    assert _control_json(step_gamma)["label"] == "阶梯衰减 γ"
    set_language("en")
    assert _control_json(step_gamma)["label"] == "step γ"


def test_default_axis_labels_and_panel_heading_follow_the_language(chinese):
    from lrdecay_lessons.display import Axes, Line, Slider, plot_curves, schedule_panel
    from lrdecay_lessons.display.panel_spec import Fixed
    from lrdecay_lessons.display.plotting import Curve
    from lrdecay_lessons.schedules import exponential_decay

    axes = Axes("t", [Line("a", Fixed([1.0, 0.5]))], horizon=1)
    assert (axes.xlabel, axes.ylabel) == ("步数 t", "学习率 η")
    panel = schedule_panel(exponential_decay, [Slider("gamma", 0.5, 0.1, 1.0)], horizon=10,
                           fixed={"lr0": 0.1, "total_steps": 10}, title="x")
    assert panel.spec["heading"] == "拖动滑块"
    figure = plot_curves([Curve("c", np.arange(3), np.ones(3))], title="x")
    assert (figure.axes[0].get_xlabel(), figure.axes[0].get_ylabel()) == ("步数 t", "学习率 η")
    set_language("en")
    assert Axes("t", [Line("a", Fixed([1.0, 0.5]))], horizon=1).xlabel == "step t"


def test_a_table_column_is_found_by_its_english_heading_in_chinese(chinese):
    from lrdecay_lessons.chapters import ch06_comparison as ch06

    steps = np.arange(10)
    table = ch06.properties_table({"a": (steps, 0.1 * 0.9 ** steps)})
    assert table.columns[4] == "平均 η"
    assert table.column("mean η") == table.column("平均 η")
    set_language("en")
    assert ch06.property_headings() == list(ch06.PROPERTY_COLUMNS)


def test_schedule_names_and_gists_come_in_the_readers_language(chinese):
    from lrdecay_lessons.chapters.catalog import info, shape_title
    from lrdecay_lessons.chapters.ch14_summary import chapters_markdown, schedules_markdown

    assert info("cosine_annealing").shown_title == "余弦衰减"
    # names that are also keys (a notebook compares against "Cosine annealing") stay English
    assert info("cosine_annealing").title == "Cosine annealing"
    assert shape_title("step_decay", {"gamma": 0.5, "step_size": 100}) == "Step decay (γ=0.5, s=100)"
    assert "每 s 步乘以 γ：简单、突变。" in schedules_markdown().text
    assert "| 调度 | 中文 |" in schedules_markdown().text
    assert "四种调度在相同预算下的比较" in chapters_markdown().text
    set_language("en")
    assert info("cosine_annealing").shown_title == "Cosine annealing"
    assert "Drop by γ every s steps: simple, sudden." in schedules_markdown().text


def test_every_chinese_message_draws_without_a_missing_glyph():
    from lrdecay_lessons.authoring.translation import package_catalog_path, read_catalog
    from lrdecay_lessons.display import new_figure, use_course_style

    chinese_text = sorted({ch for part in MY_PARTS for m in read_catalog(package_catalog_path(part))
                           if m.id for ch in m.string if ord(ch) > 0x2E7F})
    assert len(chinese_text) > 300
    use_course_style(lang="zh")
    try:
        figure, ax = new_figure()
        for row in range(0, len(chinese_text), 40):
            ax.text(0, 1 - row / len(chinese_text), "".join(chinese_text[row:row + 40]), fontsize=8)
        ax.set_title(tr("Gradient descent on the bowl with curvatures {curvatures}").format(curvatures=(1.0, 10.0)))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            figure.savefig(io.BytesIO(), format="png")
        assert [str(w.message) for w in caught if "missing from" in str(w.message)] == []
    finally:
        use_course_style()
    assert language() == "en"
