r"""Chapter 13, applications and tools (实际应用场景 / 工具和资源): the views of the recipes and the preview.

The recipes themselves are schedules (:mod:`lrdecay_lessons.schedules.recipes`: :data:`RECIPES`,
the Transformer's :func:`~lrdecay_lessons.schedules.inverse_sqrt_warmup`, BERT's released code);
the experiment runs in :mod:`lrdecay_lessons.experiments.ch13` (every recipe's shape on noisy least
squares, seed by seed); the checklist before training is
:func:`lrdecay_lessons.schedules.inspect_schedule`. This module lays them out:

* :func:`recipes_table`, :func:`recipes_figure` (colours :data:`RECIPE_COLOURS`): the recipes side by side;
* :func:`recipe_outcomes_table`: every recipe's shape trained on noisy least squares;
* :func:`decision_table`: how to choose a recipe, each row's evidence computed or pointed to;
* :func:`checklist_table`, :func:`preview_figure`: a schedule's checklist as a table and as a picture.

>>> from lrdecay_lessons.schedules import inspect_schedule, schedule
>>> checklist_table(inspect_schedule(schedule("cosine_annealing", lr0=0.1, total_steps=100), 100)).rows[1][1]
'0.1 at step 0 (0.0% of the run)'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence

import numpy as np

from .. import frameworks as F
from ..display import Table, new_figure
from ..schedules import ScheduleCheck, schedule
from ..schedules.measures import plan_agreement
from ..schedules.validation import check_instance
from ..schedules.recipes import RECIPES, Recipe, adam_warmup_steps, recipe
from .recipe_text import run_length, shown_recipe_text
from ..experiments.ch13 import LANDS, STAYS_HIGH, RecipeRuns
from ..training import learning_rates
from ..i18n import tr

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "RECIPE_COLOURS",
    "published_table",
    "recipes_table",
    "recipes_figure",
    "recipe_outcomes_table",
    "decision_table",
    "checklist_table",
    "preview_figure",
]


#: One colour per recipe (Okabe-Ito, as in :data:`lrdecay_lessons.display.PALETTE`).
RECIPE_COLOURS: dict[str, str] = {
    "resnet_cifar": "#56B4E9",
    "resnet_imagenet": "#0072B2",
    "transformer": "#D55E00",
    "bert": "#009E73",
    "one_cycle": "#AA3377",
    "sgdr": "#E69F00",
    "gpt3": "#882255",
    "goyal": "#332288",
    "resnet110": "#44AA99",
    "chinchilla": "#999933",
    "llama": "#CC6677",
    "deepseek": "#117733",
    "minicpm": "#661100",
}


def published_table(items: Sequence[Recipe] = RECIPES) -> Table:
    """One row per recipe: what the paper states, and what the course had to add to run it ("—" if nothing)."""
    rows = [(shown_recipe_text(r.name), shown_recipe_text(r.published), shown_recipe_text(r.not_from_paper) or "—")
            for r in items]
    return Table((tr("recipe"), tr("the paper says"), tr("not from the paper")), rows,
                 title=tr("What each paper states, and what we had to add"))


def recipes_table(items: Sequence[Recipe] = RECIPES) -> Table:
    """One row per recipe: the paper, the schedule in our terms, and the computed peak and end."""
    rows = [
        (
            shown_recipe_text(r.name),
            r.citation.split(",")[0],
            r.expressed,
            run_length(r),
            r.peak,
            f"{r.peak_fraction:.1%}",
            f"{r.final_fraction:.3g}",
        )
        for r in items
    ]
    return Table(
        (tr("recipe"), tr("paper"), tr("with the course's functions"), tr("run"), tr("peak rate"), tr("peak at"), tr("last rate / peak")),
        rows,
        title=tr("Published recipes, computed from the course's schedules"),
        digits=3,
    )


def recipes_figure(items: Sequence[Recipe] = RECIPES, points: int = 2000, ncols: int = 4) -> Figure:
    """Small multiples: each recipe against the fraction of its run, as a fraction of its peak.

    Parameters
    ----------
    items : sequence of Recipe
    points : int, default 2000
        Points per curve, evenly spaced from step 0 to the last step (fractional steps
        included, so short runs counted in epochs are drawn smoothly).
    ncols : int, default 4
        Panels per row.
    """
    nrows = -(-len(items) // ncols)
    figure, axes = new_figure(nrows, ncols, sharex=True, sharey=True, figsize=(16, 4.2 * nrows))
    axes = np.atleast_1d(axes).ravel()
    for ax, r in zip(axes, items):
        steps = np.linspace(0, r.total_steps - 1, points)
        values = np.asarray(r.schedule(steps), dtype=float) / r.peak
        drawstyle = "steps-post" if r.family in ("step", "multi-step") else "default"
        ax.plot(steps / r.total_steps, values, color=RECIPE_COLOURS.get(r.key, "black"), drawstyle=drawstyle)
        ax.set_title(f"{shown_recipe_text(r.name)}\n{r.citation.split(',')[0]}", fontsize=15)  # one curve per panel: the title names it
        ax.set_ylim(0, 1.08)
    for ax in axes[len(items):]:
        ax.set_visible(False)
    for ax in axes[::ncols]:
        ax.set_ylabel(tr("rate / peak"))
    for ax in axes[-ncols:]:
        ax.set_xlabel(tr("fraction of the run t/T"))
    for ax in axes[: len(items)]:
        ax.xaxis.set_tick_params(labelbottom=True)
    figure.suptitle(tr("Learning-rate schedules of well-known training recipes"), fontsize=19, fontweight="bold")
    return figure


def recipe_outcomes_table(runs: RecipeRuns) -> Table:
    """Every recipe's shape on noisy least squares: its last and mean rate, and its final excess loss over the seeds."""
    rows = [(shown_recipe_text(runs.names[k]), runs.final_fraction[k], runs.mean_fraction[k],
             f"{runs.final[k].mean():.2g} ± {runs.final[k].std(ddof=1):.2g}") for k in runs.final]
    return Table((tr("recipe's shape"), tr("last rate / peak"), tr("mean rate / peak"), tr("final excess loss (mean ± sd, n − 1)")),
                 rows, title=tr("Same steps, same peak, noisy least squares, {n_seeds} seeds").format(
                     n_seeds=len(runs.seeds)), digits=2)


def decision_table(runs: RecipeRuns) -> Table:
    """How to choose a recipe: each row's evidence computed from the recipes and the experiment, or pointed to.

    Parameters
    ----------
    runs : RecipeRuns
        From :func:`lrdecay_lessons.experiments.ch13.recipe_runs`.
    """
    gap = runs.comparisons()[0]
    one_cycle = runs.final["one_cycle"]
    longer = {}
    for key in ("resnet_imagenet", "transformer", "gpt3", "minicpm"):
        r = recipe(key)
        after = learning_rates(r.schedule, int(1.5 * r.total_steps))[-1]
        longer[shown_recipe_text(r.name)] = after / r.peak
    sgdr = recipe("sgdr").rates
    lows = int(np.sum((sgdr[1:-1] < sgdr[:-2]) & (sgdr[1:-1] < sgdr[2:]))) + int(sgdr[-1] < sgdr[-2])
    wsd_plan = plan_agreement(lambda T: schedule("wsd", lr0=1.0, total_steps=T, warmup_steps=10,
                                                decay_steps=T // 5), 1000)
    cosine_plan = plan_agreement(lambda T: schedule("warmup_cosine", lr0=1.0, total_steps=T, warmup_steps=10),
                                 1000)
    ended = {key: recipe(key).final_fraction for key in ("gpt3", "llama")}
    default = F.trainer_records()["default_scheduler"]
    rows = [
        (tr("you know the budget and want the lowest final loss"),
         tr("a schedule that lands near 0: linear to 0 (BERT), cosine, one-cycle, multi-step"),
         tr("chapter 10's lab, peaks tuned: every decay ended below the tuned constant, linear to 0 below "
            "cosine to 10 %; here, same peak and length on noisy least squares, the {n_staying_high} shapes "
            "ending at ≥ {STAYS_HIGH:.0%} of the peak minus the {n_landing} ending at ≤ {LANDS:.0%}: "
            "{mean:+.2g} [95 % interval {low:+.2g}, {high:+.2g}], {verdict} on {n} seeds").format(
                n_staying_high=len(runs.staying_high), STAYS_HIGH=STAYS_HIGH, n_landing=len(runs.landing),
                LANDS=LANDS, mean=gap.mean, low=gap.low, high=gap.high, verdict=gap.verdict_text, n=gap.n)),
        (tr("you do not know the budget, or may train longer"),
         tr("warmup-stable-decay (MiniCPM; chapter 10): hold the peak, cool down once the end is known"),
         tr("the plan for T and the plan for 2T share {wsd_plan:.0%} of the first T rates with a 20% "
            "cooldown, {cosine_plan:.0%} with a warm-up + cosine; rate at 1.5 × the planned run, as a "
            "fraction of the peak: ").format(wsd_plan=wsd_plan, cosine_plan=cosine_plan)
         + ", ".join(f"{name} {v:.2g}" for name, v in longer.items())),
        (tr("the first steps are unstable (large peak, Adam, large batches)"),
         tr("add a warm-up (with_warmup): 5 epochs with the linear scaling rule (Goyal et al. 2017) for "
            "SGD; 2/(1−β₂) updates for Adam (Ma & Yarats 2021), {adam_warmup_steps:,} for β₂ = 0.999").format(
                adam_warmup_steps=adam_warmup_steps(0.999)),
         tr("chapter 09's deep network: which peaks train with and without a warm-up, and what a warm-up "
            "costs where the peak is small (compared there by the course's protocol); a full-batch convex "
            "example is no evidence for minibatch training")),
        (tr("continued pre-training on new data"),
         tr("re-warm to a peak, decay again, and replay some old data: together these matched re-training "
            "on all the data (Ibrahim et al. 2024, TMLR; re-warming: Gupta et al. 2023, arXiv 2308.04014)"),
         tr("without re-warming the run would go on at its final rate: ") + ", ".join(
             tr("{name} {v:.2g} of its peak").format(name=shown_recipe_text(recipe(k).name), v=v) for k, v in ended.items())),
        (tr("fine-tuning a pre-trained model"),
         tr("a short warm-up and linear decay to 0: the Hugging Face Trainer's default '{default}'").format(
             default=default),
         tr("recorded from transformers {version_of}: lr_scheduler_type defaults to '{default}'; a "
            "fine-tuning run's length is known (epochs × updates per epoch), so one decay can fit it").format(
                version_of=F.version_of('transformers'), default=default)),
        (tr("you want several usable checkpoints along the way"), tr("SGDR (warm restarts), or branches of one WSD run"),
         tr("T₀ = 10, T_mult = 2 over {total_steps} epochs: {lows} low points (cycle ends) in one run").format(
             total_steps=recipe('sgdr').total_steps, lows=lows)),
        (tr("a very short budget"), tr("one-cycle"),
         tr("the paper's claim (fast training at large peak rates) — not reproduced on this convex problem, "
            "where it ends with final excess {mean:.2g} ± {std:.2g} (mean ± sd over {size} seeds)").format(
                mean=one_cycle.mean(), std=one_cycle.std(ddof=1), size=one_cycle.size)),
        (tr("no budget, but a validation metric"), tr("reduce-on-plateau (chapter 09)"),
         tr("cuts only when the metric stalls; it needs no T, only patience and a factor")),
    ]
    return Table((tr("if …"), tr("consider"), tr("evidence (computed here, or where to find it)")), rows, title=tr("Choosing a recipe"),
                 digits=3)


def checklist_table(check: ScheduleCheck) -> Table:
    """The checklist of :func:`~lrdecay_lessons.schedules.inspect_schedule` as a table; rows worth a second
    look (:attr:`~lrdecay_lessons.schedules.ScheduleCheck.worth_a_look`) are highlighted."""
    check_instance("check", check, ScheduleCheck, "see inspect_schedule()")
    T = check.total_steps
    t = check.jump_step
    jump = (tr("none: the rate is constant") if t is None else
            (tr("step {t}: {before:.4g} → {after:.4g} (up {share:.1%} of the peak)") if check.jump > 0 else
             tr("step {t}: {before:.4g} → {after:.4g} (down {share:.1%} of the peak)")).format(
                t=t, before=check.rates[t - 1], after=check.rates[t], share=abs(check.jump) / check.peak))
    rows = [
        (tr("starts at η(0)"), f"{check.start:.4g}" + (tr(" (the first update does nothing)") if check.start == 0 else ""),
         tr("the rate you meant to start with?")),
        ("peak", tr("{peak:.4g} at step {peak_step} ({value:.1%} of the run)").format(
            peak=check.peak, peak_step=check.peak_step, value=check.peak_step / T),
         tr("the peak you meant, where you meant it?")),
        (tr("ends at η(T−1)"), tr("{final:.4g} = {value:.3g} × peak").format(
            final=check.final, value=check.final / check.peak),
         tr("does it land low enough?")),
        (tr("largest one-step change"), jump, tr("a drop or restart you planned?")),
        (tr("flat at the last rate"), tr("from step {flat_from}: {value:.0%} of the run").format(
            flat_from=check.flat_from, value=(T - check.flat_from) / T),
         tr("does the schedule use the whole run?")),
        (tr("after the end (steps {T}–{value})").format(
            T=T, value=T + max(check.past_rates.size, 1) - 1), check.past_end_text,
         tr("what happens if training runs longer?")),
    ]
    look = check.worth_a_look
    highlight = (False, False, look["final"], False, look["flat"], look["past_end"])
    return Table((tr("check"), f"{check.label}, T = {T}", tr("ask yourself")), rows,
                 title=tr("Before training: what the curve says"), highlight=highlight)


def preview_figure(check: ScheduleCheck, title: Optional[str] = None, logy: bool = False) -> Figure:
    """Draw the schedule of a :class:`ScheduleCheck` with the checklist's points marked.

    The planned run is a solid line, the steps after its end a dashed one over a grey band;
    the peak, the last planned rate and the largest one-step change are marked.
    """
    figure, ax = new_figure(figsize=(13.5, 5.2))
    T = check.total_steps
    steps = np.arange(T)
    ax.plot(steps, check.rates, color="#0072B2", label=tr("planned run, steps 0–{value}").format(value=T - 1))
    if check.past_rates.size:
        past = np.arange(T - 1, T + check.past_rates.size)
        ax.plot(past, np.concatenate([[check.final], check.past_rates]), color="#D55E00", linestyle="--",
                label=tr("if training runs on") + (tr(" — it rises!") if check.rises_past_end else ""))
        ax.axvspan(T - 0.5, past[-1], color="0.9", zorder=0, label=tr("after the planned end"))
    ax.plot([check.peak_step], [check.peak], "o", color="black", zorder=5,
            label=tr("peak {peak:.3g} at step {peak_step}").format(peak=check.peak, peak_step=check.peak_step))
    ax.plot([T - 1], [check.final], "s", color="black", zorder=5, label=tr("last planned {final:.3g}").format(
        final=check.final))
    if check.jump_step is not None:
        t = check.jump_step
        ax.annotate("", xy=(t, check.rates[t]), xytext=(t, check.rates[t - 1]),
                    arrowprops={"arrowstyle": "->", "color": "#CC79A7", "lw": 2.5})
        ax.plot([], [], color="#CC79A7", label=tr("largest one-step change, step {t}").format(t=t))
    if logy:
        ax.set_yscale("log")
    ax.set_title(title or (tr("Preview: {label}").format(
        label=check.label) if len(check.label) <= 45 else tr("Preview before training")))
    ax.set_xlabel(tr("step t"))
    ax.set_ylabel(tr("learning rate η"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return figure
