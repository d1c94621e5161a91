"""Run and schedule names: English keys everywhere, Chinese only where the Chinese edition shows them.

:func:`lrdecay_lessons.training.shown_name` turns a key into what a legend, a table cell or a
sentence shows; the keys themselves (dicts, comparisons, verdicts, claims) never change.
"""

from __future__ import annotations

import pytest

from lrdecay_lessons.chapters import ch07_hands_on as tp
from lrdecay_lessons.experiments.ch07 import RUN_SHAPES
from lrdecay_lessons.experiments.ch08 import LAB_SCHEDULES
from lrdecay_lessons.i18n import set_language
from lrdecay_lessons.training import SHOWN_NAMES, compare_all, shown_name


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def test_english_shows_every_name_as_its_key():
    for name in [*SHOWN_NAMES, "my run", "常数 0.5"]:
        assert shown_name(name) == name


def test_chinese_shows_the_catalog_names_and_leaves_unknown_names_alone(chinese):
    assert shown_name("constant") == "常数"
    assert shown_name("step") == "阶梯"          # the schedule, not tr("step"), the unit 步
    assert shown_name("cosine restarts") == "余弦热重启"
    assert shown_name("warmup cosine") == "预热余弦"
    assert shown_name("linear to 0") == "线性衰减到 0"
    assert shown_name("decayed 0.2 → 0.002") == "衰减 0.2 → 0.002"
    assert shown_name("常数 0.5") == "常数 0.5" and shown_name("my run") == "my run"


def test_every_chapter_07_name_has_a_chinese_form_distinct_from_the_others(chinese):
    names = [*RUN_SHAPES, *LAB_SCHEDULES]
    shown = [shown_name(name) for name in dict.fromkeys(names)]
    assert all(s not in names for s in shown), shown
    assert len(set(shown)) == len(shown)


def test_chinese_paired_table_shows_names_while_the_comparisons_keep_their_keys(chinese):
    results = {"constant": [1.0, 2.0, 3.0, 4.0, 5.0], "cosine": [0.9, 1.8, 2.9, 3.7, 4.9],
               "step": [1.1, 1.9, 3.2, 3.9, 5.05]}
    comparisons = compare_all(results, "constant")
    table = tp.paired_table(comparisons, "gaps")
    assert [row[0] for row in table.rows] == ["余弦", "阶梯"]
    assert table.columns[1].startswith("减去 常数")
    assert [c.first for c in comparisons] == ["cosine", "step"] and comparisons[0].second == "constant"
    assert comparisons[0].verdict == "cosine lower" and table.rows[0][-1] == "更低"


def test_chinese_schedule_table_shows_names_and_keeps_the_calls(chinese):
    table = tp.schedule_table(tp.course_schedules(0.1, 100, ("constant", "warmup cosine")), 100)
    assert [row[0] for row in table.rows] == ["常数", "预热余弦"]
    assert table.rows[1][1].startswith("warmup_cosine(")


def test_chapter_08_warm_up_names_are_the_keys_in_english_and_chinese_in_chinese():
    from lrdecay_lessons.chapters import ch09_warmup_lab
    from lrdecay_lessons.experiments.ch09 import COLD, WARM
    assert (ch09_warmup_lab._shown(WARM), ch09_warmup_lab._shown(COLD)) == (WARM, COLD)
    set_language("zh")
    try:
        assert ch09_warmup_lab._shown(WARM) == "先预热 100 步，再余弦"
        assert ch09_warmup_lab._shown(COLD) == "余弦，无预热"
    finally:
        set_language("en")


def test_a_schedule_title_with_its_parameters_gets_the_chinese_title_and_keeps_the_parameters():
    set_language("zh")
    try:
        assert shown_name("Step decay (γ=0.544, s=500)") == "阶梯衰减 (γ=0.544, s=500)"
        assert shown_name("Cosine annealing") == "余弦衰减"
        assert shown_name("Step decayed") == "Step decayed"  # only the title itself, or the title and " ("
        assert shown_name("SGD, momentum 0.9") == "SGD，动量 0.9"
    finally:
        set_language("en")
    assert shown_name("Step decay (γ=0.544, s=500)") == "Step decay (γ=0.544, s=500)"
