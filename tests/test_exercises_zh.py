"""The exercises in Chinese (issue 28): questions, hints, feedback and choices follow set_language."""

import re

import pytest

from lrdecay_lessons.authoring.translation import package_problems
from lrdecay_lessons.exercises import Exercise, all_exercises, check, exercise, hint, question, solution
from lrdecay_lessons.i18n import Text, language, set_language, tr

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def zh():
    set_language("zh")
    yield
    set_language("en")


def test_tr_round_trip_of_exercise_messages():
    assert tr("Right: {answer!r}.", "zh") == "正确：{answer!r}。"
    assert tr("halving", "zh") == "减半" and tr("milestones", "zh") == "里程碑"
    assert tr("Hint: {hint}", "zh").format(hint="x") == "提示：x"
    assert tr("Right: {answer!r}.", "en") == "Right: {answer!r}."
    assert tr("a sentence no catalog has", "zh") == "a sentence no catalog has"


def test_every_exercise_message_has_a_current_translation():
    assert [p for p in package_problems() if p.startswith("lrdecay_lessons/exercises")] == []


def test_a_bank_loaded_in_english_speaks_chinese_after_set_language(zh):
    set_language("en")
    item = exercise("step-first-below")
    english = item.text
    assert english.startswith("Step decay with the article's example")
    set_language("zh")
    assert item.text != english and item.text.startswith("阶梯衰减，参数为文章的示例（η₀ = 0.1")
    assert question("step-first-below").message == item.text
    assert hint("step-first-below").message.startswith("提示：")
    set_language("en")
    assert item.text == english


def test_an_exercise_built_before_the_language_is_chosen_follows_it(zh):
    set_language("en")
    built = Exercise("x-y", Text("{n} of {m} seeds are {word}", n=1, m=2, word=Text("halving")), solve=lambda: 1.0,
                     hint=Text("milestones"))
    assert built.question == "1 of 2 seeds are halving" and built.hint == "milestones"
    set_language("zh")
    assert built.hint == "里程碑"
    assert "减半" in built.question  # the untranslated template keeps its English, its Text value speaks Chinese


def test_every_question_and_hint_is_chinese(zh):
    for key, item in all_exercises().items():
        assert CJK.search(item.text), key
        assert CJK.search(item.hint), key
        assert not re.search(r"\b(the|which|what|answer)\b", item.text, re.IGNORECASE), (key, item.text)


def test_a_choice_exercise_accepts_english_and_chinese_words(zh):
    key = "step-multistep-milestones"
    assert exercise(key).choices == ("里程碑", "减半") and exercise(key).choice_keys == ("milestones", "halving")
    assert check(key, "减半").status == "right" and check(key, " 减半 ").status == "right"
    assert check(key, "halving").status == "right" and check(key, "Halving").status == "right"
    wrong = check(key, "里程碑")
    assert wrong.status == "wrong" and wrong.message.startswith("不太对：'里程碑'。") and "提示：" in wrong.message
    invalid = check(key, "恒定")
    assert invalid.status == "invalid" and "['里程碑', '减半']" in invalid.message
    shown = solution(key).message
    assert shown.startswith("答案：'减半'。") and shown.endswith("更低的是：减半。")
    assert check("exp-past-horizon", "保持").status == "right" and check("exp-past-horizon", "上升").status == "wrong"


def test_a_choice_word_is_english_again_in_english():
    assert language() == "en"
    key = "step-multistep-milestones"
    assert exercise(key).choices == ("milestones", "halving")
    assert check(key, "减半").status == "invalid"
    assert check(key, "halving").message == "Right: 'halving'."
    assert solution(key).message.startswith("Answer: 'halving'. milestones: ")


def test_feedback_in_chinese_keeps_the_precision_rule(zh):
    key = "why-stability-limit"
    item = exercise(key)
    right = float(item.solve())
    near = check(key, right + 3 * item.tolerance(right) + 1e-12)
    assert near.status == "wrong" and "已经很接近，但超出了题目要求的精度。" in near.message
    assert "精度：3 位有效数字（与正确答案相差不超过第 3 位有效数字的半个单位即算对）。" in near.message
    assert check(key, right).message == f"正确：{right!r}。"
    assert check(key, None).message == "还没有作答：把 None 换成你的答案，再运行这个单元格。"
    assert check(key, "x").message == "请用一个数作答；你的答案是 'x'。"
    assert check(key, 10**400).message == "请用一个有限的数作答；你的答案是 一个 401 位的数。"
