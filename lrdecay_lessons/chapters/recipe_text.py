"""The published recipes as a reader sees them: their names, what each paper states, what the
course had to add, and a run's length, in the language chosen in the setup cell.

Job: :func:`shown_recipe_text` and :func:`run_length`. The recipes themselves
(:mod:`lrdecay_lessons.schedules.recipes`) keep their English text, which is also the message
of each ``tr("...")`` call below, so that the catalog extractor finds it; a test checks that
every recipe's text has its message here, word for word.
"""

from __future__ import annotations

from typing import Callable

from ..errors import InvalidParameterError
from ..i18n import tr
from ..schedules.recipes import Recipe

__all__ = ["RECIPE_TEXTS", "shown_recipe_text", "run_length"]

#: Each recipe's name, published schedule and additions, as the English text -> its ``tr`` call.
RECIPE_TEXTS: dict[str, Callable[[], str]] = {
    # names
    "ResNet on CIFAR-10": lambda: tr("ResNet on CIFAR-10"),
    "ResNet on ImageNet": lambda: tr("ResNet on ImageNet"),
    "Transformer (base)": lambda: tr("Transformer (base)"),
    "BERT pre-training": lambda: tr("BERT pre-training"),
    "One-cycle (super-convergence)": lambda: tr("One-cycle (super-convergence)"),
    "SGDR (warm restarts)": lambda: tr("SGDR (warm restarts)"),
    "GPT-3 175B": lambda: tr("GPT-3 175B"),
    "ResNet-50, large minibatches": lambda: tr("ResNet-50, large minibatches"),
    "ResNet-110 on CIFAR-10": lambda: tr("ResNet-110 on CIFAR-10"),
    "Chinchilla": lambda: tr("Chinchilla"),
    "LLaMA": lambda: tr("LLaMA"),
    "DeepSeek LLM": lambda: tr("DeepSeek LLM"),
    "MiniCPM (WSD)": lambda: tr("MiniCPM (WSD)"),
    # what each paper states
    "SGD, mini-batch 128, lr 0.1, divided by 10 at 32k and 48k iterations, training stops at 64k iterations":
        lambda: tr("SGD, mini-batch 128, lr 0.1, divided by 10 at 32k and 48k iterations, training stops at 64k "
                   "iterations"),
    "SGD, mini-batch 256, lr 0.1, divided by 10 when the error plateaus, up to 60 × 10^4 iterations":
        lambda: tr("SGD, mini-batch 256, lr 0.1, divided by 10 when the error plateaus, up to 60 × 10^4 iterations"),
    "Adam (β1 0.9, β2 0.98, ε 1e-9), lrate = d_model^-0.5 · min(step^-0.5, step · warmup^-1.5), warmup_steps 4000, "
    "d_model 512, 100,000 steps":
        lambda: tr("Adam (β1 0.9, β2 0.98, ε 1e-9), lrate = d_model^-0.5 · min(step^-0.5, step · warmup^-1.5), "
                   "warmup_steps 4000, d_model 512, 100,000 steps"),
    "Adam, lr 1e-4, learning-rate warm-up over the first 10,000 steps, linear decay; 1,000,000 steps of 256 sequences":
        lambda: tr("Adam, lr 1e-4, learning-rate warm-up over the first 10,000 steps, linear decay; 1,000,000 steps of "
                   "256 sequences"),
    "one cycle: the rate rises to a large maximum, falls back, and ends far below its start":
        lambda: tr("one cycle: the rate rises to a large maximum, falls back, and ends far below its start"),
    "cosine annealing restarted every T_i epochs, T_0 = 10, T_mult = 2":
        lambda: tr("cosine annealing restarted every T_i epochs, T_0 = 10, T_mult = 2"),
    "Adam (β1 0.9, β2 0.95), peak 0.6e-4 for the 175B model, linear warm-up over the first 375M tokens, cosine decay "
    "to 10% of the peak over 260B tokens, then 10%; 300B tokens in all, batch 3.2M tokens":
        lambda: tr("Adam (β1 0.9, β2 0.95), peak 0.6e-4 for the 175B model, linear warm-up over the first 375M tokens, "
                   "cosine decay to 10% of the peak over 260B tokens, then 10%; 300B tokens in all, batch 3.2M tokens"),
    "linear scaling rule: when the minibatch is multiplied by k, multiply the learning rate by k; gradual warm-up: "
    "start from the small-minibatch rate and raise it by a constant every iteration to k times it after 5 epochs; "
    "a rate of 0.1·kn/256 for kn images per minibatch, divided by 10 at the 30th, 60th and 80th epoch of 90 (§5.1); "
    "ResNet-50 on ImageNet with minibatches up to 8192 images on 256 GPUs":
        lambda: tr("linear scaling rule: when the minibatch is multiplied by k, multiply the learning rate by k; "
                   "gradual warm-up: start from the small-minibatch rate and raise it by a constant every iteration to "
                   "k times it after 5 epochs; a rate of 0.1·kn/256 for kn images per minibatch, divided by 10 at the "
                   "30th, 60th and 80th epoch of 90 (§5.1); ResNet-50 on ImageNet with minibatches up to 8192 images "
                   "on 256 GPUs"),
    "lr 0.1 is slightly too large to start converging, so 0.01 until the training error is below 80% (about 400 "
    "iterations), then back to 0.1; the rest as for the other CIFAR-10 ResNets (÷10 at 32k and 48k iterations, stop "
    "at 64k)":
        lambda: tr("lr 0.1 is slightly too large to start converging, so 0.01 until the training error is below 80% "
                   "(about 400 iterations), then back to 0.1; the rest as for the other CIFAR-10 ResNets (÷10 at 32k "
                   "and 48k iterations, stop at 64k)"),
    "maximum rate 2e-4 for the smallest models and 1.25e-4 for the largest; in all cases the rate drops by 10× during "
    "training with a cosine schedule whose cycle length matches the number of training steps (a cycle more than 25% "
    "too long noticeably hurts)":
        lambda: tr("maximum rate 2e-4 for the smallest models and 1.25e-4 for the largest; in all cases the rate drops "
                   "by 10× during training with a cosine schedule whose cycle length matches the number of training "
                   "steps (a cycle more than 25% too long noticeably hurts)"),
    "AdamW (β1 0.9, β2 0.95), weight decay 0.1, gradient clipping 1.0, 2,000 warm-up steps, a cosine schedule whose "
    "final rate is 10% of the maximum; rate and batch size vary with the model size":
        lambda: tr("AdamW (β1 0.9, β2 0.95), weight decay 0.1, gradient clipping 1.0, 2,000 warm-up steps, a cosine "
                   "schedule whose final rate is 10% of the maximum; rate and batch size vary with the model size"),
    "multi-step schedule: linear warm-up over 2,000 steps to the maximum, then 31.6% of the maximum after 80% of the "
    "training tokens and 10% of it after 90%":
        lambda: tr("multi-step schedule: linear warm-up over 2,000 steps to the maximum, then 31.6% of the maximum "
                   "after 80% of the training tokens and 10% of it after 90%"),
    "warmup-stable-decay: a warm-up, a long stable phase at a constant rate, then a short decay phase with an "
    "exponential decay; about 10% of the tokens for the decay is enough":
        lambda: tr("warmup-stable-decay: a warm-up, a long stable phase at a constant rate, then a short decay phase "
                   "with an exponential decay; about 10% of the tokens for the decay is enough"),
    # what the course had to add
    "typical: 'every 30 epochs for 90 epochs' is the common reproduction (PyTorch's ImageNet example), not the "
    "paper's words":
        lambda: tr("typical: 'every 30 epochs for 90 epochs' is the common reproduction (PyTorch's ImageNet example), "
                   "not the paper's words"),
    "assumed: the linear decay reaches 0 at the last step (as the released code does)":
        lambda: tr("assumed: the linear decay reaches 0 at the last step (as the released code does)"),
    "typical: PyTorch's OneCycleLR defaults (cosine phases, pct_start 0.3, div_factor 25, final_div_factor 1e4); "
    "lr_max 0.1 and 10,000 steps are illustrative":
        lambda: tr("typical: PyTorch's OneCycleLR defaults (cosine phases, pct_start 0.3, div_factor 25, "
                   "final_div_factor 1e4); lr_max 0.1 and 10,000 steps are illustrative"),
    "illustrative: lr0 0.1, and 150 epochs so that the run ends with a cycle (10 + 20 + 40 + 80)":
        lambda: tr("illustrative: lr0 0.1, and 150 epochs so that the run ends with a cycle (10 + 20 + 40 + 80)"),
    "assumed: tokens become steps at a constant 3.2M tokens per step (the paper also ramps the batch size up early "
    "on), and the 260B tokens count from the start":
        lambda: tr("assumed: tokens become steps at a constant 3.2M tokens per step (the paper also ramps the batch "
                   "size up early on), and the 260B tokens count from the start"),
    "chosen: the largest minibatch, kn = 8192 (so 0.1 · 8192/256 = 3.2); the milestones 25, 55 and 75 count from the "
    "end of the 5-epoch warm-up (with_warmup starts the schedule's clock there), so the drops fall at epochs 30, 60 "
    "and 80":
        lambda: tr("chosen: the largest minibatch, kn = 8192 (so 0.1 · 8192/256 = 3.2); the milestones 25, 55 and 75 "
                   "count from the end of the 5-epoch warm-up (with_warmup starts the schedule's clock there), so the "
                   "drops fall at epochs 30, 60 and 80"),
    "assumed: exactly 400 iterations at 0.01 (the paper switches when the training error falls below 80%, 'about 400 "
    "iterations')":
        lambda: tr("assumed: exactly 400 iterations at 0.01 (the paper switches when the training error falls below "
                   "80%, 'about 400 iterations')"),
    "illustrative: 100,000 steps; any warm-up is left out":
        lambda: tr("illustrative: 100,000 steps; any warm-up is left out"),
    "illustrative: peak 3e-4 and 250,000 steps (the paper lists each model's own in a table)":
        lambda: tr("illustrative: peak 3e-4 and 250,000 steps (the paper lists each model's own in a table)"),
    "illustrative: peak 4.2e-4 and 100,000 steps at a constant number of tokens per step, so 80% and 90% of the "
    "tokens are steps 80,000 and 90,000":
        lambda: tr("illustrative: peak 4.2e-4 and 100,000 steps at a constant number of tokens per step, so 80% and "
                   "90% of the tokens are steps 80,000 and 90,000"),
    "illustrative: peak 0.01, 100,000 steps, 1,000 warm-up steps, and a decay over the last 10% that halves the rate "
    "every 2,000 steps":
        lambda: tr("illustrative: peak 0.01, 100,000 steps, 1,000 warm-up steps, and a decay over the last 10% that "
                   "halves the rate every 2,000 steps"),
}

#: A run's length in each unit a recipe counts in.
_LENGTHS: dict[str, Callable[[], str]] = {
    "iteration": lambda: tr("{count} iterations"),
    "epoch": lambda: tr("{count} epochs"),
    "step": lambda: tr("{count} steps"),
}


def shown_recipe_text(text: str) -> str:
    """A recipe's name, published schedule or addition (its English text) as the reader sees it;
    ``""`` stays empty (a recipe that adds nothing)."""
    if text == "":
        return ""
    if text not in RECIPE_TEXTS:
        raise InvalidParameterError(f"text must be the name, published schedule or addition of one of the recipes; "
                                    f"got text={text!r:.80}.")
    return RECIPE_TEXTS[text]()


def run_length(recipe: Recipe) -> str:
    """The recipe's planned run, e.g. ``"64,000 iterations"`` (``"64,000 次迭代"`` in Chinese)."""
    if recipe.unit not in _LENGTHS:
        raise InvalidParameterError(f"recipe.unit must be one of {', '.join(map(repr, _LENGTHS))}; "
                                    f"got {recipe.unit!r} for {recipe.key!r}.")
    return _LENGTHS[recipe.unit]().format(count=f"{recipe.total_steps:,}")
