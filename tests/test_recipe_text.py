"""The recipes as a reader sees them (lrdecay_lessons.chapters.recipe_text): every recipe's English text has
its message, word for word, and the Chinese edition shows it translated, run lengths in its own units."""

from __future__ import annotations

import pytest

from lrdecay_lessons.chapters.recipe_text import RECIPE_TEXTS, run_length, shown_recipe_text
from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.i18n import set_language
from lrdecay_lessons.schedules.recipes import RECIPES, recipe


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


@pytest.mark.parametrize("item", RECIPES, ids=lambda r: r.key)
def test_every_recipe_text_has_its_message_word_for_word(item):
    for text in (item.name, item.published, item.not_from_paper):
        assert shown_recipe_text(text) == text
    assert all(message() == english for english, message in RECIPE_TEXTS.items())


def test_no_message_is_left_over_from_a_recipe_that_changed():
    used = {text for r in RECIPES for text in (r.name, r.published, r.not_from_paper) if text}
    assert set(RECIPE_TEXTS) == used


@pytest.mark.parametrize("item", RECIPES, ids=lambda r: r.key)
def test_the_chinese_edition_translates_every_recipe_text(item, chinese):
    if item.name not in ("GPT-3 175B", "Chinchilla", "LLaMA", "DeepSeek LLM"):  # names kept as published
        assert shown_recipe_text(item.name) != item.name
    for text in (item.published, item.not_from_paper):
        if text:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in shown_recipe_text(text)), text


def test_run_lengths_in_each_language(chinese):
    assert run_length(recipe("resnet_cifar")) == "64,000 次迭代"
    assert run_length(recipe("sgdr")) == "150 轮"
    assert run_length(recipe("bert")) == "1,000,000 步"
    set_language("en")
    assert [run_length(recipe(k)) for k in ("resnet_cifar", "sgdr", "bert")] == [
        "64,000 iterations", "150 epochs", "1,000,000 steps"]


def test_an_unknown_text_is_refused_with_what_was_given():
    with pytest.raises(InvalidParameterError, match=r"text must be the name, published schedule or addition.*'Tiny'"):
        shown_recipe_text("Tiny")
    assert shown_recipe_text("") == ""
