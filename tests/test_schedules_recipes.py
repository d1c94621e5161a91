"""schedules.recipes: the published parameters, the helpers, and the rules of thumb."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrdecay_lessons.schedules import inverse_sqrt_warmup
from lrdecay_lessons.schedules.recipes import (
    RECIPES,
    adam_warmup_steps,
    bert_released_code,
    recipe,
    rescaled,
    tokens_to_steps,
)


def test_published_numbers():
    cifar = recipe("resnet_cifar")
    assert [cifar.schedule(t) for t in (0, 31_999, 32_000, 47_999, 48_000, 63_999)] == pytest.approx(
        [0.1, 0.1, 0.01, 0.01, 0.001, 0.001])
    imagenet = recipe("resnet_imagenet")
    assert imagenet.schedule(29) == 0.1 and imagenet.schedule(30) == pytest.approx(0.01)
    assert "typical" in imagenet.not_from_paper
    bert = recipe("bert")
    assert bert.schedule(5_000) == pytest.approx(5e-5)
    assert bert.schedule(10_000) == pytest.approx(1e-4)
    assert bert.schedule(999_999) == pytest.approx(1e-4 / 990_000)
    assert bert.peak_step == 10_000
    gpt3 = recipe("gpt3")
    assert gpt3.peak == pytest.approx(6e-5) and gpt3.peak_step == 117
    assert gpt3.schedule(81_250) == pytest.approx(6e-6) and gpt3.schedule(93_749) == pytest.approx(6e-6)
    assert gpt3.schedule(81_249) > 6e-6
    sgdr = recipe("sgdr")
    restarts = [e for e in range(1, 150) if sgdr.schedule(e) == 0.1]
    assert restarts == [10, 30, 70]
    assert recipe("transformer").final_fraction == pytest.approx(math.sqrt(4000 / 99_999))
    assert recipe("one_cycle").final_fraction == pytest.approx(1 / (25 * 1e4))


def test_every_recipe_has_a_citation_year_and_is_a_valid_schedule():
    for r in RECIPES:
        assert any(str(year) in r.citation for year in range(2015, 2027)), r.key
        assert r.rates.shape == (r.total_steps,) and np.all(r.rates >= 0)
        assert not r.rates.flags.writeable
    with pytest.raises(ValueError, match="key must be one of"):
        recipe("adam")


def test_tokens_to_steps_and_bert_code():
    assert tokens_to_steps(375e6, 3.2e6) == 117
    assert tokens_to_steps(300e9, 3.2e6) == 93_750
    with pytest.raises(ValueError, match="batch_tokens must be > 0"):
        tokens_to_steps(1e6, 0)
    t = np.arange(0, 1_000_000, 997)
    ours, code = recipe("bert").schedule(t), bert_released_code(t)
    assert np.allclose(ours[t < 10_000], code[t < 10_000], rtol=1e-12, atol=0)
    assert np.max(np.abs(ours - code)) == pytest.approx(1e-4 * 10_000 / 1_000_000, rel=0.01)


def test_rescaled_keeps_the_shape():
    r = recipe("resnet_cifar")
    shape = rescaled(r, 640, peak=1.0)
    assert shape(0) == 1.0 and shape(319) == 1.0 and shape(320) == pytest.approx(0.1)
    assert shape(np.arange(640)).max() == 1.0
    with pytest.raises(ValueError, match="peak must be > 0"):
        rescaled(r, 10, peak=0)
    with pytest.raises(TypeError, match="item must be a Recipe"):
        rescaled("resnet_cifar", 10, peak=1.0)


def test_the_transformer_recipe_is_the_papers_schedule():
    transformer = recipe("transformer")
    t = np.arange(1, transformer.total_steps + 1)
    paper = 512**-0.5 * np.minimum(t**-0.5, t * 4000**-1.5)
    assert np.allclose(transformer.schedule(t), paper, rtol=1e-15, atol=0)
    assert transformer.peak_step == 4000 and transformer.peak == inverse_sqrt_warmup(4000)


def test_the_2017_to_2024_recipes_have_their_published_shapes():
    goyal = recipe("goyal")
    assert goyal.schedule(0) == pytest.approx(3.2 / 32) and goyal.schedule(5) == pytest.approx(3.2)
    assert [goyal.schedule(e) for e in (29, 30, 60, 80)] == pytest.approx([3.2, 0.32, 0.032, 0.0032])
    r110 = recipe("resnet110")
    assert r110.schedule(399) == 0.01 and r110.schedule(400) == 0.1
    assert r110.schedule(31_999) == 0.1 and r110.schedule(32_000) == pytest.approx(0.01)
    assert r110.schedule(48_000) == pytest.approx(0.001)
    for key in ("chinchilla", "llama"):
        assert recipe(key).final_fraction == pytest.approx(0.1, rel=1e-3)  # cosine to 10% of the peak
    assert recipe("llama").peak_step == 2_000
    deepseek = recipe("deepseek")
    assert deepseek.schedule(79_999) == pytest.approx(4.2e-4) and deepseek.schedule(80_000) == pytest.approx(4.2e-4 * 0.316)
    assert deepseek.schedule(90_000) == pytest.approx(4.2e-4 * 0.316**2)
    minicpm = recipe("minicpm")
    assert minicpm.schedule(89_999) == 0.01 and minicpm.schedule(92_000) == pytest.approx(0.005)
    assert minicpm.final_fraction == pytest.approx(0.5 ** (9_999 / 2_000))
    assert recipe("bert").family == "warm-up + linear to 0"


def test_adam_warmup_rule_and_plan_agreement():
    from functools import partial

    from lrdecay_lessons.schedules import cosine_annealing, wsd
    from lrdecay_lessons.schedules.measures import plan_agreement

    assert adam_warmup_steps(0.999) == 2000 and adam_warmup_steps(0.98) == 100
    wsd_plan = plan_agreement(lambda T: partial(wsd, lr0=1.0, total_steps=T, warmup_steps=0, decay_steps=T // 5), 100)
    assert wsd_plan == pytest.approx(0.81)  # steps 0-80: the first cooldown step is still the peak
    assert plan_agreement(lambda T: partial(cosine_annealing, lr0=1.0, total_steps=T), 100) == pytest.approx(0.01)
    with pytest.raises(ValueError, match="beta2 must be in"):
        adam_warmup_steps(1.0)
    with pytest.raises(ValueError, match="factor must be in"):
        plan_agreement(lambda T: partial(cosine_annealing, lr0=1.0, total_steps=T), 100, factor=1.0)
    with pytest.raises(ValueError, match="build must be a callable"):
        plan_agreement(3, 100)
