r"""From this course to your framework (框架对照): PyTorch, Keras, Hugging Face and optax.

One :class:`Translation` per (course schedule, framework) in :data:`TRANSLATIONS`. Each
row gives the framework's name for the schedule, how each of our parameters becomes
theirs (:meth:`Translation.translate`), the framework's documented formula written in
*their* parameter names (:attr:`Translation.framework_formula`) and the traps users of
that library fall into (:data:`~lrdecay_lessons.frameworks.TRAPS`, each with a computed demonstration where one
fits). The tests check every formula, fed with translated parameters, against our
schedules step by step, and against values recorded from the real libraries.

    >>> row = translation("cosine_annealing", "keras")
    >>> row.name
    'keras.optimizers.schedules.CosineDecay'
    >>> row.translate({"lr0": 0.1, "total_steps": 1000, "lr_min": 0.001})
    {'initial_learning_rate': 0.1, 'decay_steps': 1000, 'alpha': 0.01}
    >>> row.call({"lr0": 0.1, "total_steps": 1000, "lr_min": 0.001})
    'CosineDecay(initial_learning_rate=0.1, decay_steps=1000, alpha=0.01)'

What ``t`` means is the same everywhere: the number of updates already done (PyTorch and
Hugging Face: calls of ``scheduler.step()``; Keras: ``optimizer.iterations``; optax: the
``count`` of updates). The rate used for the very first update is the value at ``t = 0``.

:func:`~lrdecay_lessons.frameworks.framework_records` flattens the rows into dictionaries of plain strings (chapter 12
shows them as a table, :func:`lrdecay_lessons.chapters.ch12_frameworks.framework_table`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from .. import schedules as _schedules
from ..schedules.composition import join_schedules, with_warmup
from ..schedules.plateau import plateau_schedule
from ._common import COURSE_SCHEDULES, FRAMEWORKS, STEPPING
from .huggingface import (
    hf_cosine_schedule_with_warmup,
    hf_cosine_with_hard_restarts_schedule_with_warmup,
    hf_cosine_with_min_lr_schedule_with_warmup,
    hf_inverse_sqrt_schedule,
    hf_polynomial_decay_schedule_with_warmup,
    hf_wsd_schedule,
)
from .keras import (
    keras_cosine_decay,
    keras_cosine_decay_restarts,
    keras_exponential_decay,
    keras_inverse_time_decay,
    keras_piecewise_constant_decay,
    keras_polynomial_decay,
    keras_reduce_lr_on_plateau,
)
from .optax import (
    optax_cosine_decay_schedule,
    optax_cosine_onecycle_schedule,
    optax_exponential_decay,
    optax_join_schedules,
    optax_linear_schedule,
    optax_piecewise_constant_schedule,
    optax_polynomial_schedule,
    optax_reduce_on_plateau,
    optax_sgdr_schedule,
    optax_warmup_cosine_decay_schedule,
)
from .pytorch import (
    torch_cosine_annealing_lr,
    torch_cosine_annealing_warm_restarts,
    torch_cyclic_lr,
    torch_exponential_lr,
    torch_linear_lr,
    torch_multistep_lr,
    torch_one_cycle_lr,
    torch_polynomial_lr,
    torch_reduce_lr_on_plateau,
    torch_sequential_lr,
    torch_step_lr,
)
from ..errors import InvalidParameterError
from ..i18n import Text, tr

__all__ = [
    "EXAMPLES",
    "EXAMPLE_TOTAL_STEPS",
    "ParameterRule",
    "Translation",
    "TRANSLATIONS",
    "translation",
    "translations_for",
    "course_function",
]


@dataclass(frozen=True)
class ParameterRule:
    """How one of our parameters becomes theirs.

    ``ours`` and ``theirs`` are parameter names (``""`` when there is no counterpart on one
    side); ``rule`` says how the value converts, e.g. ``"alpha = lr_min / lr0"``. Where they hold words
    (``"the optimizer's lr"``) they are a :class:`~lrdecay_lessons.i18n.Text`, translated when shown.
    """

    ours: str | Text
    theirs: str | Text
    rule: str | Text = "same value"


@dataclass(frozen=True)
class Translation:
    """One row of the table: a course schedule in one framework.

    Attributes
    ----------
    schedule : str
        Our function (a name in :data:`COURSE_SCHEDULES`).
    framework : str
        A key of :data:`FRAMEWORKS`.
    name : str or None
        The framework's class or function, fully qualified; ``None`` when there is no
        built-in equivalent (then ``notes`` says what to use instead).
    call_template : str
        Code with ``{placeholders}`` for the translated parameters; see :meth:`call`.
    parameters : tuple of ParameterRule
        How each of our parameters maps to theirs.
    translate_rule : callable or None
        ``(our_kwargs, total_steps) -> their_kwargs``; raises :class:`ValueError` when
        the framework cannot express those parameters exactly.
    framework_formula : callable or None
        The framework's rate in its own parameter names: ``formula(t, **their_kwargs)``
        (for plateau rows ``formula(metrics, **their_kwargs)``).
    agrees_until : callable or None
        ``their_kwargs -> last step`` at which the framework equals our schedule
        (``math.inf`` for every step).
    agreement : str or Text
        The same in words (a :class:`~lrdecay_lessons.i18n.Text`: ``str()`` gives it in the course's language).
    notes : str or Text
        Anything else a user needs: conversions, alternatives (likewise translated when shown).
    traps : tuple of str
        Keys of :data:`~lrdecay_lessons.frameworks.TRAPS`.
    """

    schedule: str
    framework: str
    name: str | None
    call_template: str = ""
    parameters: tuple[ParameterRule, ...] = ()
    translate_rule: Callable[..., dict[str, Any]] | None = None
    framework_formula: Callable[..., Any] | None = None
    agrees_until: Callable[[dict[str, Any]], float] | None = None
    agreement: str | Text = ""
    notes: str | Text = ""
    traps: tuple[str, ...] = ()
    example: Mapping[str, Any] = field(default_factory=dict)

    @property
    def stepping(self) -> str:
        """What ``t`` counts in this framework."""
        if self.schedule == "plateau_schedule":
            return tr("once per evaluation (usually per epoch), with the monitored metric")
        return str(STEPPING[self.framework])

    def translate(self, our_kwargs: Mapping[str, Any], total_steps: int | None = None) -> dict[str, Any]:
        """Our keyword arguments -> the framework's.

        Parameters
        ----------
        our_kwargs : mapping
            Keyword arguments of our function (``lr0``, ``total_steps``, ...).
        total_steps : int, optional
            The length of training, needed only where the framework needs a horizon
            that our schedule does not have (Hugging Face hard restarts, optax SGDR).

        Raises
        ------
        ValueError
            If the framework has no equivalent, or cannot express these values exactly.
        """
        if self.translate_rule is None:
            raise InvalidParameterError(
                f"{FRAMEWORKS[self.framework]} has no built-in equivalent of {self.schedule}: {self.notes}"
            )
        return self.translate_rule(dict(our_kwargs), total_steps)

    def call(self, our_kwargs: Mapping[str, Any], total_steps: int | None = None) -> str:
        """The framework code for ``our_kwargs``, e.g. ``'StepLR(optimizer, step_size=30, gamma=0.1)'``."""
        theirs = self.translate(our_kwargs, total_steps)
        return self.call_template.format(**{k: show_value(v) for k, v in theirs.items()})

    def evaluate(self, t_or_metrics: Any, our_kwargs: Mapping[str, Any], total_steps: int | None = None) -> Any:
        """The framework's formula with our parameters translated: comparable to :func:`course_function`."""
        if self.framework_formula is None:
            raise InvalidParameterError(f"no formula: {FRAMEWORKS[self.framework]} has no equivalent of {self.schedule}")
        return self.framework_formula(t_or_metrics, **self.translate(our_kwargs, total_steps))

    def last_agreeing_step(self, our_kwargs: Mapping[str, Any], total_steps: int | None = None) -> float:
        """The last step at which the framework equals our schedule (``inf``: all steps)."""
        if self.agrees_until is None:
            return math.inf
        return self.agrees_until(self.translate(our_kwargs, total_steps))


def show_value(value: Any) -> str:
    """A parameter value as the tables print it: short where that loses only float noise."""
    if isinstance(value, float):
        short = float(f"{value:.12g}")
        # Short where that loses nothing but float noise (0.1 * 0.1 -> 0.01), exact otherwise.
        return repr(short) if abs(short - value) <= 1e-15 * abs(value) else repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{show_value(k)}: {show_value(v)}" for k, v in value.items()) + "}"
    if callable(value):
        return _describe_callable(value)
    return repr(value)


def _describe_callable(value: Any) -> str:
    if isinstance(value, FrameworkCall):
        arguments = ", ".join(f"{k}={show_value(v)}" for k, v in value.kwargs.items() if k != "lr")
        return f"{value.shown_as}({arguments})"
    return getattr(value, "__name__", None) or repr(value)


@dataclass(frozen=True)
class FrameworkCall:
    """A framework's formula with its arguments, as a part of a joined schedule.

    Called with the step like a schedule; shown in a call as ``shown_as(arguments)``
    (``LinearLR(start_factor=0.001, total_iters=10)``), its ``lr`` left to the optimizer.
    """

    shown_as: str
    formula: Callable[..., Any]
    kwargs: Mapping[str, Any]

    def __call__(self, t: Any) -> Any:
        return self.formula(t, **self.kwargs)




def _with_defaults(function: Callable, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Fill in our function's defaults so that every translated value is explicit."""
    import inspect

    signature = inspect.signature(function)
    full = {name: p.default for name, p in signature.parameters.items()
            if p.default is not inspect.Parameter.empty and p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD}
    full.update(kwargs)
    return full


def _no_equivalent(schedule: str, framework: str, notes: Text, traps: tuple[str, ...] = ()) -> Translation:
    return Translation(schedule, framework, None, notes=notes, traps=traps, agreement=Text("no built-in equivalent"))


def _require(condition: bool, message: Text) -> None:
    """Raise with ``message`` (the reason a framework cannot express the parameters), in the course's language."""
    if not condition:
        raise InvalidParameterError(str(message))


def _forever(_: dict[str, Any]) -> float:
    return math.inf


def _check(function: Callable, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Validate our parameters with our own function (clear errors), return them with defaults."""
    full = _with_defaults(function, kwargs)
    function(0, **full)
    return full


def _step_torch(k, _):
    k = _check(_schedules.step_decay, k)
    return {"lr": k["lr0"], "step_size": k["step_size"], "gamma": k["gamma"]}


def _step_keras(k, _):
    k = _check(_schedules.step_decay, k)
    return {"initial_learning_rate": k["lr0"], "decay_steps": k["step_size"], "decay_rate": k["gamma"],
            "staircase": True}


def _step_optax(k, _):
    k = _check(_schedules.step_decay, k)
    return {"init_value": k["lr0"], "transition_steps": k["step_size"], "decay_rate": k["gamma"], "staircase": True}


def _multistep_torch(k, _):
    k = _check(_schedules.multistep_decay, k)
    return {"lr": k["lr0"], "milestones": [_whole(m) for m in k["milestones"]], "gamma": k["gamma"]}


def _whole(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def _grouped_milestones(milestones) -> list[tuple[int, int]]:
    """Distinct first whole steps at which drops happen, with how many drops happen there."""
    steps = [math.ceil(m) for m in milestones]
    return [(s, steps.count(s)) for s in sorted(set(steps))]


def _multistep_keras(k, _):
    k = _check(_schedules.multistep_decay, k)
    groups = _grouped_milestones(k["milestones"])
    _require(bool(groups), Text("Keras's PiecewiseConstantDecay needs at least one boundary; with no milestones "
                                "the rate is the constant lr0."))
    values, drops = [k["lr0"]], 0
    for _, count in groups:
        drops += count
        values.append(k["lr0"] * k["gamma"] ** drops)
    return {"boundaries": [s - 1 for s, _ in groups], "values": values}


def _multistep_optax(k, _):
    k = _check(_schedules.multistep_decay, k)
    return {"init_value": k["lr0"],
            "boundaries_and_scales": {s: k["gamma"] ** count for s, count in _grouped_milestones(k["milestones"])}}


def _exponential_torch(k, _):
    k = _check(_schedules.exponential_decay, k)
    _require(not k["staircase"], Text("staircase=True is StepLR(step_size=total_steps, gamma=gamma) in PyTorch, "
                                      "not ExponentialLR."))
    return {"lr": k["lr0"], "gamma": k["gamma"] ** (1.0 / k["total_steps"])}


def _exponential_keras(k, _):
    k = _check(_schedules.exponential_decay, k)
    return {"initial_learning_rate": k["lr0"], "decay_steps": k["total_steps"], "decay_rate": k["gamma"],
            "staircase": k["staircase"]}


def _exponential_optax(k, _):
    k = _check(_schedules.exponential_decay, k)
    return {"init_value": k["lr0"], "transition_steps": k["total_steps"], "decay_rate": k["gamma"],
            "staircase": k["staircase"]}


def _polynomial_torch(k, _):
    k = _check(_schedules.polynomial_decay, k)
    _require(k["lr_end"] == 0, Text("PyTorch's PolynomialLR always decays to 0; got lr_end={lr_end!r} "
                                    "(use LambdaLR, or Hugging Face's get_polynomial_decay_schedule_with_warmup).",
                                    lr_end=k["lr_end"]))
    return {"lr": k["lr0"], "total_iters": k["total_steps"], "power": k["power"]}


def _polynomial_keras(k, _):
    k = _check(_schedules.polynomial_decay, k)
    return {"initial_learning_rate": k["lr0"], "decay_steps": k["total_steps"], "end_learning_rate": k["lr_end"],
            "power": k["power"], "cycle": False}


def _polynomial_hf(k, _):
    k = _check(_schedules.polynomial_decay, k)
    _require(k["lr_end"] < k["lr0"], Text("Hugging Face needs lr_end < lr; got lr_end={lr_end!r} and lr0={lr0!r}.",
                                          lr_end=k["lr_end"], lr0=k["lr0"]))
    return {"lr": k["lr0"], "num_warmup_steps": 0, "num_training_steps": k["total_steps"], "lr_end": k["lr_end"],
            "power": k["power"]}


def _polynomial_optax(k, _):
    k = _check(_schedules.polynomial_decay, k)
    return {"init_value": k["lr0"], "end_value": k["lr_end"], "power": k["power"],
            "transition_steps": k["total_steps"]}


def _cosine_torch(k, _):
    k = _check(_schedules.cosine_annealing, k)
    return {"lr": k["lr0"], "T_max": k["total_steps"], "eta_min": k["lr_min"]}


def _cosine_keras(k, _):
    k = _check(_schedules.cosine_annealing, k)
    return {"initial_learning_rate": k["lr0"], "decay_steps": k["total_steps"], "alpha": k["lr_min"] / k["lr0"]}


def _cosine_hf(k, _):
    k = _check(_schedules.cosine_annealing, k)
    return {"lr": k["lr0"], "num_warmup_steps": 0, "num_training_steps": k["total_steps"], "min_lr": k["lr_min"]}


def _cosine_optax(k, _):
    k = _check(_schedules.cosine_annealing, k)
    return {"init_value": k["lr0"], "decay_steps": k["total_steps"], "alpha": k["lr_min"] / k["lr0"]}


def _restarts_torch(k, _):
    k = _check(_schedules.cosine_restarts, k)
    _require(float(k["period_mult"]).is_integer(),
             Text("PyTorch's CosineAnnealingWarmRestarts needs a whole T_mult; got period_mult={period_mult!r} "
                  "(Keras's CosineDecayRestarts takes t_mul=1.5).", period_mult=k["period_mult"]))
    return {"lr": k["lr0"], "T_0": k["period"], "T_mult": int(k["period_mult"]), "eta_min": k["lr_min"]}


def _restarts_keras(k, _):
    k = _check(_schedules.cosine_restarts, k)
    return {"initial_learning_rate": k["lr0"], "first_decay_steps": k["period"], "t_mul": float(k["period_mult"]),
            "m_mul": 1.0, "alpha": k["lr_min"] / k["lr0"]}


def _restarts_hf(k, total_steps):
    k = _check(_schedules.cosine_restarts, k)
    _require(k["period_mult"] == 1 and k["lr_min"] == 0,
             Text("Hugging Face's hard restarts are equal cycles down to 0: it needs period_mult=1 and lr_min=0; "
                  "got period_mult={period_mult!r}, lr_min={lr_min!r}.", period_mult=k["period_mult"], lr_min=k["lr_min"]))
    _require(total_steps is not None, Text("Hugging Face needs num_training_steps: pass total_steps=, the length of "
                                           "training."))
    cycles = max(1, math.ceil(total_steps / k["period"]))
    return {"lr": k["lr0"], "num_warmup_steps": 0, "num_training_steps": cycles * k["period"],
            "num_cycles": cycles}


def _restarts_optax(k, total_steps):
    k = _check(_schedules.cosine_restarts, k)
    _require(total_steps is not None, Text("optax's sgdr_schedule takes an explicit list of cycles: pass total_steps=, "
                                           "the length of training, to choose how many."))
    cycles, covered = [], 0.0
    while covered < total_steps or not cycles:
        length = k["period"] * float(k["period_mult"]) ** len(cycles)
        length = _whole(length)
        cycles.append({"init_value": k["lr0"], "peak_value": k["lr0"], "warmup_steps": 0, "decay_steps": length,
                       "end_value": k["lr_min"]})
        covered += length
    return {"cosine_kwargs": cycles}


def _one_cycle_torch(k, _):
    k = _check(_schedules.one_cycle, k)
    return {"max_lr": k["lr_max"], "total_steps": k["total_steps"], "pct_start": k["pct_start"],
            "anneal_strategy": "cos", "div_factor": k["div_factor"], "final_div_factor": k["final_div_factor"],
            "three_phase": False}


def _one_cycle_optax(k, _):
    k = _check(_schedules.one_cycle, k)
    total = k["total_steps"]
    peak = k["pct_start"] * total - 1
    _require(abs(peak - round(peak)) < 1e-9,
             Text("optax peaks at a whole step, int(pct_start * transition_steps); PyTorch's peak "
                  "pct_start * total_steps - 1 = {peak:g} is not whole.", peak=peak))
    peak = round(peak)
    transition = total - 1
    pct = peak / transition
    # Make sure optax's int(pct * transition) lands exactly on the peak step.
    while int(pct * transition) < peak:
        pct = float(np.nextafter(pct, 1.0))
    return {"transition_steps": transition, "peak_value": k["lr_max"], "pct_start": pct,
            "div_factor": k["div_factor"], "final_div_factor": k["final_div_factor"]}


def _inverse_keras(k, _):
    k = _check(_schedules.inverse_time_decay, k)
    return {"initial_learning_rate": k["lr0"], "decay_steps": k["decay_steps"], "decay_rate": k["decay_rate"],
            "staircase": k["staircase"]}


def _warmup_cosine_keras(k, _):
    k = _check(_schedules.warmup_cosine, k)
    _require(k["total_steps"] > k["warmup_steps"],
             Text("Keras's CosineDecay needs decay_steps = total_steps - warmup_steps > 0."))
    return {"initial_learning_rate": 0.0, "decay_steps": k["total_steps"] - k["warmup_steps"], "alpha": 0.0,
            "warmup_target": k["lr0"], "warmup_steps": k["warmup_steps"]}


def _warmup_cosine_hf(k, _):
    k = _check(_schedules.warmup_cosine, k)
    return {"lr": k["lr0"], "num_warmup_steps": k["warmup_steps"], "num_training_steps": k["total_steps"]}


def _warmup_cosine_optax(k, _):
    k = _check(_schedules.warmup_cosine, k)
    _require(k["total_steps"] > k["warmup_steps"],
             Text("optax's cosine part needs decay_steps - warmup_steps > 0, i.e. total_steps > warmup_steps."))
    return {"init_value": 0.0, "peak_value": k["lr0"], "warmup_steps": k["warmup_steps"],
            "decay_steps": k["total_steps"], "end_value": 0.0}


def _wsd_hf(k, _):
    k = _check(_schedules.wsd, k)
    return {"lr": k["lr0"], "num_warmup_steps": k["warmup_steps"], "num_decay_steps": k["decay_steps"],
            "num_training_steps": k["total_steps"], "warmup_type": "linear", "decay_type": k["decay_shape"],
            "min_lr_ratio": k["lr_min"] / k["lr0"]}


def _inverse_sqrt_hf(k, _):
    k = _check(_schedules.inverse_sqrt, k)
    return {"lr": k["lr0"], "num_warmup_steps": k["warmup_steps"], "timescale": k["timescale"]}


def _cyclic_torch(k, _):
    k = _check(_schedules.cyclic, k)
    return {"base_lr": k["base_lr"], "max_lr": k["max_lr"], "step_size_up": k["step_size_up"],
            "step_size_down": k["step_size_down"], "mode": k["mode"], "gamma": k["gamma"],
            "cycle_momentum": False}


_PLATEAU_DEFAULTS = {"mode": "min", "factor": 0.1, "patience": 10, "threshold": 1e-4, "threshold_mode": "rel",
                     "cooldown": 0, "min_lr": 0.0, "eps": 1e-8}


def _plateau_kwargs(k: dict[str, Any]) -> dict[str, Any]:
    full = {**_PLATEAU_DEFAULTS, **k}
    plateau_schedule([], **full)  # validates, with our error messages
    return full


def _plateau_torch(k, _):
    k = _plateau_kwargs(k)
    return {"lr": k.pop("lr0"), **k}


def _plateau_keras(k, _):
    k = _plateau_kwargs(k)
    _require(k["threshold_mode"] == "abs" or k["threshold"] == 0,
             Text("Keras's min_delta is an absolute threshold: use threshold_mode='abs' (PyTorch's default is a "
                  "relative threshold); got threshold_mode={threshold_mode!r}, threshold={threshold!r}.",
                  threshold_mode=k["threshold_mode"], threshold=k["threshold"]))
    return {"learning_rate": k["lr0"], "monitor": "val_loss", "factor": k["factor"], "patience": k["patience"] + 1,
            "mode": k["mode"], "min_delta": k["threshold"], "cooldown": k["cooldown"] + 1 if k["cooldown"] else 0,
            "min_lr": k["min_lr"]}


def _plateau_optax(k, _):
    k = _plateau_kwargs(k)
    _require(k["mode"] == "min", Text("optax.contrib.reduce_on_plateau only minimises: pass value=-metric "
                                      "(with threshold_mode='abs') to maximise."))
    _require(k["threshold"] > 0, Text("optax needs rtol > 0 or atol > 0; got threshold=0."))
    relative = k["threshold_mode"] == "rel"
    return {"learning_rate": k["lr0"], "factor": k["factor"], "patience": k["patience"] + 1,
            "rtol": k["threshold"] if relative else 0.0, "atol": 0.0 if relative else k["threshold"],
            "cooldown": k["cooldown"], "accumulation_size": 1, "min_scale": k["min_lr"] / k["lr0"]}


def _warmup_parts(k: dict[str, Any]) -> dict[str, Any]:
    full = {"lr0": None, "start_factor": 0.0, **k}
    with_warmup(**full)  # validates
    if full["lr0"] is None:
        full["lr0"] = float(full["schedule"](0))
    return full


def _with_warmup_torch(k, _):
    k = _warmup_parts(k)
    _require(k["start_factor"] > 0, Text("PyTorch's LinearLR needs start_factor > 0; got start_factor=0.0 (use a "
                                         "tiny start_factor such as 1e-8, or a LambdaLR)."))
    _require(math.isclose(k["lr0"], float(k["schedule"](0)), rel_tol=1e-12),
             Text("In PyTorch both the warm-up and the schedule after it start from the optimizer's lr: lr0 must "
                  "equal schedule(0)."))
    if k["warmup_steps"] == 0:
        return {"lr": k["lr0"], "schedulers": [k["schedule"]], "milestones": []}
    linear = FrameworkCall("LinearLR", torch_linear_lr, {"lr": k["lr0"], "start_factor": k["start_factor"],
                                                         "end_factor": 1.0, "total_iters": k["warmup_steps"]})
    return {"lr": k["lr0"], "schedulers": [linear, k["schedule"]], "milestones": [k["warmup_steps"]]}


def _with_warmup_optax(k, _):
    k = _warmup_parts(k)
    if k["warmup_steps"] == 0:
        return {"schedules": [k["schedule"]], "boundaries": []}
    linear = FrameworkCall("optax.linear_schedule", optax_linear_schedule,
                           {"init_value": k["start_factor"] * k["lr0"], "end_value": k["lr0"],
                            "transition_steps": k["warmup_steps"]})
    return {"schedules": [linear, k["schedule"]], "boundaries": [k["warmup_steps"]]}


def _join_torch(k, _):
    joined = join_schedules(**k)
    return {"schedulers": list(joined.schedules), "milestones": list(joined.boundaries)}


def _join_optax(k, _):
    joined = join_schedules(**k)
    return {"schedules": list(joined.schedules), "boundaries": list(joined.boundaries)}


def _drop_lr(formula: Callable) -> Callable:
    """SequentialLR's formula takes the optimizer's lr only to show it in the call; the parts carry it."""
    def wrapped(t, lr=None, **kwargs):
        return formula(t, **kwargs)
    wrapped.__name__ = formula.__name__
    wrapped.__doc__ = formula.__doc__
    return wrapped


def _until(key: str, offset: float = 0.0) -> Callable[[dict[str, Any]], float]:
    return lambda theirs: theirs[key] + offset


P, K, H, O = "pytorch", "keras", "huggingface", "optax"


R = ParameterRule


#: The worked example of each schedule row: our parameters, fed to every framework's translation.
EXAMPLES: dict[str, dict[str, Any]] = {
    "step_decay": {"lr0": 0.1, "gamma": 0.5, "step_size": 30},
    "multistep_decay": {"lr0": 0.1, "milestones": [30, 80], "gamma": 0.1},
    "exponential_decay": {"lr0": 0.1, "gamma": 0.9, "total_steps": 1000},
    "polynomial_decay": {"lr0": 0.1, "total_steps": 1000, "power": 2.0, "lr_end": 0.0},
    "cosine_annealing": {"lr0": 0.1, "total_steps": 1000, "lr_min": 0.001},
    "cosine_restarts": {"lr0": 0.1, "period": 100, "period_mult": 2, "lr_min": 0.0},
    "one_cycle": {"lr_max": 0.1, "total_steps": 1000, "pct_start": 0.3},
    "inverse_time_decay": {"lr0": 0.1, "decay_rate": 0.5, "decay_steps": 100},
    "warmup_cosine": {"lr0": 0.1, "total_steps": 1000, "warmup_steps": 100},
    "wsd": {"lr0": 0.1, "total_steps": 1000, "warmup_steps": 100, "decay_steps": 200, "decay_shape": "1-sqrt"},
    "inverse_sqrt": {"lr0": 0.1, "warmup_steps": 100},
    "cyclic": {"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 200, "mode": "triangular2"},
    "plateau_schedule": {"lr0": 0.1, "factor": 0.5, "patience": 5, "threshold": 0.01, "threshold_mode": "abs"},
}


#: Length of training for examples whose translation needs one (``Translation.translate``'s ``total_steps``).
EXAMPLE_TOTAL_STEPS = {"cosine_restarts": 700}


TRANSLATIONS: tuple[Translation, ...] = (
    # ---------------------------------------------------------------- step_decay
    Translation(
        "step_decay", P, "torch.optim.lr_scheduler.StepLR",
        "StepLR(SGD(params, lr={lr}), step_size={step_size}, gamma={gamma})",
        (R("lr0", "lr", Text("the optimizer's lr")), R("step_size", "step_size"), R("gamma", "gamma")),
        _step_torch, torch_step_lr, None, Text("every step"),
        traps=("first_step_off_by_one", "epoch_vs_batch"),
    ),
    Translation(
        "step_decay", K, "keras.optimizers.schedules.ExponentialDecay",
        "ExponentialDecay(initial_learning_rate={initial_learning_rate}, decay_steps={decay_steps}, "
        "decay_rate={decay_rate}, staircase={staircase})",
        (R("lr0", "initial_learning_rate"), R("step_size", "decay_steps"), R("gamma", "decay_rate"),
         R("", "staircase", "staircase=True")),
        _step_keras, keras_exponential_decay, None, Text("every step"),
        notes=Text("Keras has no StepLR; exponential decay with staircase=True is the same formula."),
        traps=("keras_float32",),
    ),
    _no_equivalent("step_decay", H, Text("no step schedule; wrap the formula in torch's LambdaLR or use PyTorch's "
                                         "StepLR on the Trainer's optimizer.")),
    Translation(
        "step_decay", O, "optax.exponential_decay",
        "optax.exponential_decay(init_value={init_value}, transition_steps={transition_steps}, "
        "decay_rate={decay_rate}, staircase={staircase})",
        (R("lr0", "init_value"), R("step_size", "transition_steps"), R("gamma", "decay_rate"),
         R("", "staircase", "staircase=True")),
        _step_optax, optax_exponential_decay, None, Text("every step"),
        notes=Text("optax.piecewise_constant_schedule with the drops spelled out works too."),
    ),
    # ---------------------------------------------------------------- multistep_decay
    Translation(
        "multistep_decay", P, "torch.optim.lr_scheduler.MultiStepLR",
        "MultiStepLR(SGD(params, lr={lr}), milestones={milestones}, gamma={gamma})",
        (R("lr0", "lr", Text("the optimizer's lr")), R("milestones", "milestones"), R("gamma", "gamma")),
        _multistep_torch, torch_multistep_lr, None, Text("every step"),
        traps=("first_step_off_by_one", "epoch_vs_batch"),
    ),
    Translation(
        "multistep_decay", K, "keras.optimizers.schedules.PiecewiseConstantDecay",
        "PiecewiseConstantDecay(boundaries={boundaries}, values={values})",
        (R("milestones", "boundaries", Text("[m - 1 for each milestone m]: Keras switches one step after each boundary")),
         R("lr0, gamma", "values", "values = [lr0, lr0*gamma, lr0*gamma**2, ...]")),
        _multistep_keras, keras_piecewise_constant_decay, None, Text("every whole step"),
        notes=Text("Repeated milestones become one boundary with the drops multiplied."),
        traps=("keras_boundary_off_by_one",),
    ),
    _no_equivalent("multistep_decay", H, Text("no multi-step schedule; use PyTorch's MultiStepLR on the optimizer.")),
    Translation(
        "multistep_decay", O, "optax.piecewise_constant_schedule",
        "optax.piecewise_constant_schedule(init_value={init_value}, boundaries_and_scales={boundaries_and_scales})",
        (R("lr0", "init_value"), R("milestones, gamma", "boundaries_and_scales", Text("{{m: gamma for each milestone m}}"))),
        _multistep_optax, optax_piecewise_constant_schedule, None, Text("every step"),
        notes=Text("A dict cannot repeat a key: a milestone listed k times becomes {{m: gamma**k}}."),
    ),
    # ---------------------------------------------------------------- exponential_decay
    Translation(
        "exponential_decay", P, "torch.optim.lr_scheduler.ExponentialLR",
        "ExponentialLR(SGD(params, lr={lr}), gamma={gamma})",
        (R("lr0", "lr", Text("the optimizer's lr")), R("gamma, total_steps", "gamma", "gamma_torch = gamma ** (1 / T)"),
         R("staircase", "", Text("staircase=True is StepLR(step_size=T, gamma=gamma)"))),
        _exponential_torch, torch_exponential_lr, None, Text("every step (up to rounding of gamma ** (1/T))"),
        traps=("gamma_per_step", "epoch_vs_batch", "first_step_off_by_one", "get_lr_vs_get_last_lr",
               "param_group_added_later"),
    ),
    Translation(
        "exponential_decay", K, "keras.optimizers.schedules.ExponentialDecay",
        "ExponentialDecay(initial_learning_rate={initial_learning_rate}, decay_steps={decay_steps}, "
        "decay_rate={decay_rate}, staircase={staircase})",
        (R("lr0", "initial_learning_rate"), R("total_steps", "decay_steps", Text("the article's T is decay_steps")),
         R("gamma", "decay_rate"), R("staircase", "staircase")),
        _exponential_keras, keras_exponential_decay, None, Text("every step"),
        traps=("keras_float32",),
    ),
    _no_equivalent("exponential_decay", H, Text("no exponential schedule; use PyTorch's ExponentialLR with "
                                                "gamma ** (1 / T) on the optimizer.")),
    Translation(
        "exponential_decay", O, "optax.exponential_decay",
        "optax.exponential_decay(init_value={init_value}, transition_steps={transition_steps}, "
        "decay_rate={decay_rate}, staircase={staircase})",
        (R("lr0", "init_value"), R("total_steps", "transition_steps"), R("gamma", "decay_rate"),
         R("staircase", "staircase"), R("", "end_value", Text("an optional floor, none in the course"))),
        _exponential_optax, optax_exponential_decay, None, Text("every step"),
    ),
    # ---------------------------------------------------------------- polynomial_decay
    Translation(
        "polynomial_decay", P, "torch.optim.lr_scheduler.PolynomialLR",
        "PolynomialLR(SGD(params, lr={lr}), total_iters={total_iters}, power={power})",
        (R("lr0", "lr", Text("the optimizer's lr")), R("total_steps", "total_iters"), R("power", "power"),
         R("lr_end", "", Text("must be 0: PolynomialLR always ends at 0"))),
        _polynomial_torch, torch_polynomial_lr, None, Text("every step (holds 0 after total_iters)"),
        notes=Text("PyTorch's default total_iters is 5: always pass it."),
        traps=("epoch_vs_batch", "first_step_off_by_one"),
    ),
    Translation(
        "polynomial_decay", K, "keras.optimizers.schedules.PolynomialDecay",
        "PolynomialDecay(initial_learning_rate={initial_learning_rate}, decay_steps={decay_steps}, "
        "end_learning_rate={end_learning_rate}, power={power}, cycle={cycle})",
        (R("lr0", "initial_learning_rate"), R("total_steps", "decay_steps"), R("lr_end", "end_learning_rate"),
         R("power", "power")),
        _polynomial_keras, keras_polynomial_decay, None, Text("every step"),
        traps=("polynomial_defaults", "keras_float32"),
    ),
    Translation(
        "polynomial_decay", H, "transformers.get_polynomial_decay_schedule_with_warmup",
        "get_polynomial_decay_schedule_with_warmup(AdamW(params, lr={lr}), num_warmup_steps={num_warmup_steps}, "
        "num_training_steps={num_training_steps}, lr_end={lr_end}, power={power})",
        (R("lr0", "lr", Text("the optimizer's lr")), R("total_steps", "num_training_steps"), R("lr_end", "lr_end"),
         R("power", "power"), R("", "num_warmup_steps", Text("0 (or a warm-up: see with_warmup)"))),
        _polynomial_hf, hf_polynomial_decay_schedule_with_warmup, None, Text("every step"),
        notes=Text("power=1, lr_end=0 is get_linear_schedule_with_warmup."),
        traps=("polynomial_defaults",),
    ),
    Translation(
        "polynomial_decay", O, "optax.polynomial_schedule",
        "optax.polynomial_schedule(init_value={init_value}, end_value={end_value}, power={power}, "
        "transition_steps={transition_steps})",
        (R("lr0", "init_value"), R("lr_end", "end_value"), R("power", "power"), R("total_steps", "transition_steps")),
        _polynomial_optax, optax_polynomial_schedule, None, Text("every step"),
        notes=Text("power=1 is optax.linear_schedule."),
    ),
    # ---------------------------------------------------------------- cosine_annealing
    Translation(
        "cosine_annealing", P, "torch.optim.lr_scheduler.CosineAnnealingLR",
        "CosineAnnealingLR(SGD(params, lr={lr}), T_max={T_max}, eta_min={eta_min})",
        (R("lr0", "lr", Text("the optimizer's lr")), R("total_steps", "T_max", Text("T_max = T, in the unit you step in")),
         R("lr_min", "eta_min")),
        _cosine_torch, torch_cosine_annealing_lr, _until("T_max"), Text("t <= T_max; after that PyTorch rises again"),
        traps=("accelerate_steps_per_process", "amp_skipped_step", "cosine_rises_past_t_max", "epoch_vs_batch", "first_step_off_by_one", "resume_scheduler_state",
               "steps_under_accumulation"),
    ),
    Translation(
        "cosine_annealing", K, "keras.optimizers.schedules.CosineDecay",
        "CosineDecay(initial_learning_rate={initial_learning_rate}, decay_steps={decay_steps}, alpha={alpha})",
        (R("lr0", "initial_learning_rate"), R("total_steps", "decay_steps", Text("the article's T is decay_steps")),
         R("lr_min", "alpha", Text("alpha = lr_min / lr0 (a fraction, not a rate)"))),
        _cosine_keras, keras_cosine_decay, None, Text("every step"),
        traps=("keras_accumulation_batches", "keras_float32",),
    ),
    Translation(
        "cosine_annealing", H, "transformers.get_cosine_with_min_lr_schedule_with_warmup",
        "get_cosine_with_min_lr_schedule_with_warmup(AdamW(params, lr={lr}), num_warmup_steps={num_warmup_steps}, "
        "num_training_steps={num_training_steps}, min_lr={min_lr})",
        (R("lr0", "lr", Text("the optimizer's lr")), R("total_steps", "num_training_steps"), R("lr_min", "min_lr"),
         R("", "num_warmup_steps", "0")),
        _cosine_hf, hf_cosine_with_min_lr_schedule_with_warmup, _until("num_training_steps"),
        Text("t <= num_training_steps; after that the rate rises again"),
        notes=Text("With lr_min = 0, get_cosine_schedule_with_warmup(num_warmup_steps=0) is the same."),
        traps=("hf_cosine_rises_past_end", "hf_lr_rate_variant_shifted"),
    ),
    Translation(
        "cosine_annealing", O, "optax.cosine_decay_schedule",
        "optax.cosine_decay_schedule(init_value={init_value}, decay_steps={decay_steps}, alpha={alpha})",
        (R("lr0", "init_value"), R("total_steps", "decay_steps"), R("lr_min", "alpha", "alpha = lr_min / lr0"),
         R("", "exponent", "1.0")),
        _cosine_optax, optax_cosine_decay_schedule, None, Text("every step"),
    ),
    # ---------------------------------------------------------------- cosine_restarts
    Translation(
        "cosine_restarts", P, "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts",
        "CosineAnnealingWarmRestarts(SGD(params, lr={lr}), T_0={T_0}, T_mult={T_mult}, eta_min={eta_min})",
        (R("lr0", "lr", Text("the optimizer's lr")), R("period", "T_0"), R("period_mult", "T_mult", Text("whole numbers only")),
         R("lr_min", "eta_min")),
        _restarts_torch, torch_cosine_annealing_warm_restarts, None, Text("every step"),
        traps=("warm_restarts_within_epoch", "t_mult_integer", "epoch_vs_batch"),
    ),
    Translation(
        "cosine_restarts", K, "keras.optimizers.schedules.CosineDecayRestarts",
        "CosineDecayRestarts(initial_learning_rate={initial_learning_rate}, first_decay_steps={first_decay_steps}, "
        "t_mul={t_mul}, m_mul={m_mul}, alpha={alpha})",
        (R("lr0", "initial_learning_rate"), R("period", "first_decay_steps"), R("period_mult", "t_mul"),
         R("", "m_mul", Text("1.0 (Keras can also shrink each restart's peak)")), R("lr_min", "alpha", "alpha = lr_min / lr0")),
        _restarts_keras, keras_cosine_decay_restarts, None, Text("every step"),
        traps=("t_mult_integer", "keras_float32"),
    ),
    Translation(
        "cosine_restarts", H, "transformers.get_cosine_with_hard_restarts_schedule_with_warmup",
        "get_cosine_with_hard_restarts_schedule_with_warmup(AdamW(params, lr={lr}), "
        "num_warmup_steps={num_warmup_steps}, num_training_steps={num_training_steps}, num_cycles={num_cycles})",
        (R("lr0", "lr", Text("the optimizer's lr")), R("period", "num_training_steps, num_cycles",
                                                 "num_training_steps = num_cycles * period"),
         R("period_mult", "", Text("must be 1: equal cycles only")), R("lr_min", "", Text("must be 0"))),
        _restarts_hf, hf_cosine_with_hard_restarts_schedule_with_warmup, _until("num_training_steps", -1),
        Text("t < num_training_steps; from there the rate is 0"),
        notes=Text("Needs the length of training: translate(..., total_steps=...)."),
    ),
    Translation(
        "cosine_restarts", O, "optax.sgdr_schedule",
        "optax.sgdr_schedule(cosine_kwargs={cosine_kwargs})",
        (R("period, period_mult", "cosine_kwargs[i]['decay_steps']", "period * period_mult ** i"),
         R("lr0", "init_value, peak_value"), R("lr_min", "end_value"), R("", "warmup_steps", "0")),
        _restarts_optax, optax_sgdr_schedule,
        lambda theirs: sum(c["decay_steps"] for c in theirs["cosine_kwargs"]) - 1,
        Text("through the listed cycles; after the last one optax holds end_value"),
        notes=Text("One dict per cycle: translate(..., total_steps=...) lists enough cycles to cover training."),
    ),
    # ---------------------------------------------------------------- one_cycle
    Translation(
        "one_cycle", P, "torch.optim.lr_scheduler.OneCycleLR",
        "OneCycleLR(SGD(params), max_lr={max_lr}, total_steps={total_steps}, pct_start={pct_start}, "
        "anneal_strategy={anneal_strategy}, div_factor={div_factor}, final_div_factor={final_div_factor}, "
        "three_phase={three_phase}, cycle_momentum=False)",
        (R("lr_max", "max_lr"), R("total_steps", "total_steps", Text("= epochs * steps_per_epoch, stepped per batch")),
         R("pct_start", "pct_start"), R("div_factor", "div_factor"), R("final_div_factor", "final_div_factor")),
        _one_cycle_torch, torch_one_cycle_lr, _until("total_steps", -1),
        Text("t <= total_steps - 1; PyTorch raises after total_steps"),
        notes=Text("cycle_momentum=False: by default OneCycleLR also cycles momentum (AdamW's beta1), turning it on "
                   "where the optimizer had none."),
        traps=("one_cycle_past_end", "epoch_vs_batch", "first_step_off_by_one", "cycle_momentum_on"),
    ),
    _no_equivalent("one_cycle", K, Text("no built-in one-cycle schedule; subclass "
                                        "keras.optimizers.schedules.LearningRateSchedule.")),
    _no_equivalent("one_cycle", H, Text("no one-cycle schedule; use PyTorch's OneCycleLR on the optimizer.")),
    Translation(
        "one_cycle", O, "optax.cosine_onecycle_schedule",
        "optax.cosine_onecycle_schedule(transition_steps={transition_steps}, peak_value={peak_value}, "
        "pct_start={pct_start}, div_factor={div_factor}, final_div_factor={final_div_factor})",
        (R("total_steps", "transition_steps", "transition_steps = T - 1"), R("lr_max", "peak_value"),
         R("pct_start", "pct_start", "(pct_start * T - 1) / (T - 1)"), R("div_factor", "div_factor"),
         R("final_div_factor", "final_div_factor")),
        _one_cycle_optax, optax_cosine_onecycle_schedule, None, Text("every step, when pct_start * T is whole"),
        traps=("optax_onecycle_one_step_later",),
    ),
    # ---------------------------------------------------------------- inverse_time_decay
    _no_equivalent("inverse_time_decay", P, Text("no built-in; LambdaLR(optimizer, lambda t: 1 / (1 + decay_rate * t / "
                                                 "decay_steps)).")),
    Translation(
        "inverse_time_decay", K, "keras.optimizers.schedules.InverseTimeDecay",
        "InverseTimeDecay(initial_learning_rate={initial_learning_rate}, decay_steps={decay_steps}, "
        "decay_rate={decay_rate}, staircase={staircase})",
        (R("lr0", "initial_learning_rate"), R("decay_steps", "decay_steps"), R("decay_rate", "decay_rate"),
         R("staircase", "staircase")),
        _inverse_keras, keras_inverse_time_decay, None, Text("every step"),
        traps=("keras_float32",),
    ),
    _no_equivalent("inverse_time_decay", H, Text("no 1/t schedule (get_inverse_sqrt_schedule is 1/sqrt(t)); use "
                                                 "torch's LambdaLR.")),
    _no_equivalent("inverse_time_decay", O, Text("no built-in; any Python function of count is an optax schedule: "
                                                 "lambda count: lr0 / (1 + decay_rate * count / decay_steps).")),
    # ---------------------------------------------------------------- warmup_cosine
    _no_equivalent("warmup_cosine", P, Text("LinearLR cannot start at 0 (start_factor > 0): "
                                            "SequentialLR([LinearLR(start_factor=1e-8, total_iters=W), "
                                            "CosineAnnealingLR(T_max=T - W)], milestones=[W]) comes within 1e-8, or use "
                                            "Hugging Face's get_cosine_schedule_with_warmup (a LambdaLR)."),
                   ("warmup_inside_or_outside_horizon",)),
    Translation(
        "warmup_cosine", K, "keras.optimizers.schedules.CosineDecay",
        "CosineDecay(initial_learning_rate={initial_learning_rate}, decay_steps={decay_steps}, alpha={alpha}, "
        "warmup_target={warmup_target}, warmup_steps={warmup_steps})",
        (R("lr0", "warmup_target", Text("the peak is warmup_target")), R("", "initial_learning_rate", Text("0.0: the warm-up's start")),
         R("total_steps, warmup_steps", "decay_steps", Text("decay_steps = T - W (excludes the warm-up)")),
         R("warmup_steps", "warmup_steps")),
        _warmup_cosine_keras, keras_cosine_decay, None, Text("every step"),
        traps=("keras_accumulation_batches", "warmup_inside_or_outside_horizon", "keras_float32"),
    ),
    Translation(
        "warmup_cosine", H, "transformers.get_cosine_schedule_with_warmup",
        "get_cosine_schedule_with_warmup(AdamW(params, lr={lr}), num_warmup_steps={num_warmup_steps}, "
        "num_training_steps={num_training_steps})",
        (R("lr0", "lr", Text("the optimizer's lr")), R("warmup_steps", "num_warmup_steps"),
         R("total_steps", "num_training_steps", Text("includes the warm-up"))),
        _warmup_cosine_hf, hf_cosine_schedule_with_warmup, _until("num_training_steps"),
        Text("t <= num_training_steps; after that the rate rises again"),
        traps=("resume_new_peak", "param_groups_scaled", "trainer_warmup_versions", "hf_cosine_rises_past_end", "warmup_inside_or_outside_horizon", "first_step_off_by_one",
               "warmup_starts_at_zero", "steps_under_accumulation", "resume_scheduler_state",
               "trainer_warmup_fraction"),
    ),
    Translation(
        "warmup_cosine", O, "optax.warmup_cosine_decay_schedule",
        "optax.warmup_cosine_decay_schedule(init_value={init_value}, peak_value={peak_value}, "
        "warmup_steps={warmup_steps}, decay_steps={decay_steps}, end_value={end_value})",
        (R("", "init_value", "0.0"), R("lr0", "peak_value"), R("warmup_steps", "warmup_steps"),
         R("total_steps", "decay_steps", Text("decay_steps = T (includes the warm-up)")), R("", "end_value", "0.0")),
        _warmup_cosine_optax, optax_warmup_cosine_decay_schedule, None, Text("every step"),
        traps=("warmup_inside_or_outside_horizon",),
    ),
    # ---------------------------------------------------------------- wsd
    _no_equivalent("wsd", P, Text("no built-in; Hugging Face's get_wsd_schedule returns a torch LambdaLR that works "
                                  "with any torch optimizer, or write the formula in LambdaLR.")),
    _no_equivalent("wsd", K, Text("no built-in warmup-stable-decay schedule; subclass "
                                  "keras.optimizers.schedules.LearningRateSchedule.")),
    Translation(
        "wsd", H, "transformers.get_wsd_schedule",
        "get_wsd_schedule(AdamW(params, lr={lr}), num_warmup_steps={num_warmup_steps}, "
        "num_decay_steps={num_decay_steps}, num_training_steps={num_training_steps}, "
        "warmup_type={warmup_type}, decay_type={decay_type}, min_lr_ratio={min_lr_ratio})",
        (R("lr0", "lr", Text("the optimizer's lr")), R("warmup_steps", "num_warmup_steps"),
         R("decay_steps", "num_decay_steps"), R("total_steps", "num_training_steps", Text("includes warm-up and decay")),
         R("decay_shape", "decay_type", Text("same names, but Hugging Face's default is 'cosine'")),
         R("lr_min", "min_lr_ratio", Text("min_lr_ratio = lr_min / lr0 (a fraction, not a rate)")),
         R("", "warmup_type", "'linear'")),
        _wsd_hf, hf_wsd_schedule, None, Text("every step, past num_training_steps too"),
        notes=Text("The stable phase is num_training_steps - num_warmup_steps - num_decay_steps unless "
                   "num_stable_steps is given; the warm-up starts at min_lr_ratio * lr, not 0."),
        traps=("first_step_off_by_one", "param_group_added_later"),
    ),
    _no_equivalent("wsd", O, Text("no single built-in; optax.join_schedules([linear_schedule(lr_min, lr0, W), "
                                  "constant_schedule(lr0), linear_schedule(lr0, lr_min, D)], boundaries=[W, T - D]) "
                                  "is the linear cooldown.")),
    # ---------------------------------------------------------------- inverse_sqrt
    _no_equivalent("inverse_sqrt", P, Text("no built-in; Hugging Face's get_inverse_sqrt_schedule returns a torch "
                                           "LambdaLR that works with any torch optimizer.")),
    _no_equivalent("inverse_sqrt", K, Text("no built-in (InverseTimeDecay is 1/t, not 1/sqrt(t)); subclass "
                                           "keras.optimizers.schedules.LearningRateSchedule.")),
    Translation(
        "inverse_sqrt", H, "transformers.get_inverse_sqrt_schedule",
        "get_inverse_sqrt_schedule(AdamW(params, lr={lr}), num_warmup_steps={num_warmup_steps}, "
        "timescale={timescale})",
        (R("lr0", "lr", Text("the optimizer's lr")), R("warmup_steps", "num_warmup_steps"),
         R("timescale", "timescale", Text("None: num_warmup_steps, or 10_000 without a warm-up"))),
        _inverse_sqrt_hf, hf_inverse_sqrt_schedule, None, Text("every step"),
        traps=("first_step_off_by_one",),
    ),
    _no_equivalent("inverse_sqrt", O, Text("no built-in; any Python function of count is an optax schedule: "
                                           "lambda count: lr0 * jnp.where(count < W, count / max(W, 1), "
                                           "(1 + jnp.maximum(count - W, 0) / tau) ** -0.5).")),
    # ---------------------------------------------------------------- cyclic
    Translation(
        "cyclic", P, "torch.optim.lr_scheduler.CyclicLR",
        "CyclicLR(SGD(params), base_lr={base_lr}, max_lr={max_lr}, step_size_up={step_size_up}, "
        "step_size_down={step_size_down}, mode={mode}, gamma={gamma}, cycle_momentum={cycle_momentum})",
        (R("base_lr", "base_lr", Text("also becomes the optimizer's lr")), R("max_lr", "max_lr"),
         R("step_size_up", "step_size_up", Text("PyTorch's default is 2000")), R("step_size_down", "step_size_down"),
         R("mode", "mode"), R("gamma", "gamma"),
         R("", "cycle_momentum", Text("False: True (the default) also cycles the momentum, and turns it "
                                      "on in an SGD built without it"))),
        _cyclic_torch, torch_cyclic_lr, None, Text("every step"),
        notes=Text("Step it once per batch: step_size_up counts scheduler.step() calls."),
        traps=("epoch_vs_batch", "first_step_off_by_one", "cycle_momentum_on"),
    ),
    _no_equivalent("cyclic", K, Text("no built-in cyclical schedule; subclass "
                                     "keras.optimizers.schedules.LearningRateSchedule.")),
    _no_equivalent("cyclic", H, Text("no cyclical schedule; use PyTorch's CyclicLR on the optimizer.")),
    _no_equivalent("cyclic", O, Text("no built-in cyclical schedule; any Python function of count is an optax "
                                     "schedule (or join linear_schedule pieces with optax.join_schedules).")),
    # ---------------------------------------------------------------- plateau
    Translation(
        "plateau_schedule", P, "torch.optim.lr_scheduler.ReduceLROnPlateau",
        "ReduceLROnPlateau(SGD(params, lr={lr}), mode={mode}, factor={factor}, patience={patience}, "
        "threshold={threshold}, threshold_mode={threshold_mode}, cooldown={cooldown}, min_lr={min_lr}, eps={eps})",
        (R("lr0", "lr", Text("the optimizer's lr")), R("mode", "mode"), R("factor", "factor"), R("patience", "patience"),
         R("threshold", "threshold"), R("threshold_mode", "threshold_mode"), R("cooldown", "cooldown"),
         R("min_lr", "min_lr"), R("eps", "eps")),
        _plateau_torch, torch_reduce_lr_on_plateau, None, Text("every epoch"),
        notes=Text("Call scheduler.step(val_loss) once per evaluation; it cannot go inside SequentialLR."),
        traps=("plateau_needs_metric",),
    ),
    Translation(
        "plateau_schedule", K, "keras.callbacks.ReduceLROnPlateau",
        "ReduceLROnPlateau(monitor={monitor}, factor={factor}, patience={patience}, mode={mode}, "
        "min_delta={min_delta}, cooldown={cooldown}, min_lr={min_lr})  # optimizer=SGD(learning_rate={learning_rate})",
        (R("lr0", "learning_rate", Text("the optimizer's learning_rate")), R("mode", "mode"), R("factor", "factor"),
         R("patience", "patience", Text("Keras patience = patience + 1")),
         R("threshold", "min_delta", Text("absolute only (threshold_mode='abs')")),
         R("cooldown", "cooldown", Text("Keras cooldown = cooldown + 1 (0 stays 0)")), R("min_lr", "min_lr"),
         R("eps", "", Text("none in Keras"))),
        _plateau_keras, keras_reduce_lr_on_plateau, None,
        Text("every epoch (when no reduction is smaller than eps)"),
        notes=Text("A callback passed to model.fit(callbacks=[...]); it watches logs['val_loss'] at each epoch end."),
        traps=("plateau_patience_off_by_one", "keras_float32"),
    ),
    Translation(
        "plateau_schedule", H, "transformers.get_reduce_on_plateau_schedule",
        "get_reduce_on_plateau_schedule(AdamW(params, lr={lr}), mode={mode}, factor={factor}, patience={patience}, "
        "threshold={threshold}, threshold_mode={threshold_mode}, cooldown={cooldown}, min_lr={min_lr}, eps={eps})",
        (R("lr0", "lr", Text("the optimizer's lr")), R(Text("all others"), Text("same names"), Text("passed on to PyTorch's ReduceLROnPlateau"))),
        _plateau_torch, torch_reduce_lr_on_plateau, None, Text("every evaluation"),
        notes=Text("A thin wrapper around PyTorch's ReduceLROnPlateau (lr_scheduler_type='reduce_lr_on_plateau' in the "
                   "Trainer, stepped after each evaluation)."),
    ),
    Translation(
        "plateau_schedule", O, "optax.contrib.reduce_on_plateau",
        "optax.chain(optax.sgd(learning_rate={learning_rate}), optax.contrib.reduce_on_plateau(factor={factor}, "
        "patience={patience}, rtol={rtol}, atol={atol}, cooldown={cooldown}, accumulation_size={accumulation_size}, "
        "min_scale={min_scale}))",
        (R("lr0", "learning_rate", Text("the inner optimizer's")), R("factor", "factor"),
         R("patience", "patience", Text("optax patience = patience + 1")),
         R("threshold", Text("rtol or atol"), Text("rtol for 'rel', atol for 'abs'")), R("cooldown", "cooldown"),
         R("min_lr", "min_scale", "min_scale = min_lr / lr0"), R("mode", "", Text("'min' only"))),
        _plateau_optax, optax_reduce_on_plateau, None, Text("every update given value=metric"),
        notes=Text("Scales the updates, not the learning rate; pass value=loss to update(); accumulation_size "
                   "averages several values before each decision."),
        traps=("plateau_patience_off_by_one", "optax_plateau_patience_zero"),
    ),
    # ---------------------------------------------------------------- with_warmup
    Translation(
        "with_warmup", P, "torch.optim.lr_scheduler.SequentialLR",
        "SequentialLR(SGD(params, lr={lr}), schedulers={schedulers}, milestones={milestones})",
        (R("lr0", "lr", Text("the optimizer's lr, = schedule(0)")),
         R("warmup_steps, start_factor", "LinearLR(start_factor, total_iters)", "total_iters = W, start_factor > 0"),
         R("warmup_steps", "milestones", "[W]"), R("schedule", "schedulers[1]", Text("with its horizon shortened by W"))),
        _with_warmup_torch, _drop_lr(torch_sequential_lr), None, Text("every step (checked against SequentialLR)"),
        notes=Text("The scheduler after the milestone counts from 0 again: CosineAnnealingLR(T_max=T - W)."),
        traps=("warmup_inside_or_outside_horizon", "first_step_off_by_one", "chained_multiplies",
               "warmup_starts_at_zero"),
    ),
    _no_equivalent("with_warmup", K, Text("only CosineDecay has a warm-up (warmup_target, warmup_steps); for others "
                                          "subclass keras.optimizers.schedules.LearningRateSchedule.")),
    _no_equivalent("with_warmup", H, Text("each get_*_schedule_with_warmup has num_warmup_steps built in (linear from 0, "
                                          "inside num_training_steps); there is no general combinator.")),
    Translation(
        "with_warmup", O, "optax.join_schedules",
        "optax.join_schedules(schedules={schedules}, boundaries={boundaries})",
        (R("warmup_steps, start_factor, lr0", "schedules[0]",
           "linear_schedule(init_value=start_factor * lr0, end_value=lr0, transition_steps=W)"),
         R("schedule", "schedules[1]"), R("warmup_steps", "boundaries", "[W]")),
        _with_warmup_optax, optax_join_schedules, None, Text("every step"),
        notes=Text("optax.warmup_cosine_decay_schedule, warmup_exponential_decay_schedule and warmup_constant_schedule "
                   "are ready-made cases."),
        traps=("warmup_inside_or_outside_horizon",),
    ),
    # ---------------------------------------------------------------- join_schedules
    Translation(
        "join_schedules", P, "torch.optim.lr_scheduler.SequentialLR",
        "SequentialLR(optimizer, schedulers={schedulers}, milestones={milestones})",
        (R("schedules", "schedulers", Text("scheduler objects on the same optimizer")), R("boundaries", "milestones")),
        _join_torch, torch_sequential_lr, None, Text("every step"),
        notes=Text("Each scheduler restarts its count at its milestone; ReduceLROnPlateau is not allowed inside."),
        traps=("warmup_inside_or_outside_horizon",),
    ),
    _no_equivalent("join_schedules", K, Text("no combinator; subclass keras.optimizers.schedules.LearningRateSchedule.")),
    _no_equivalent("join_schedules", H, Text("no combinator; use PyTorch's SequentialLR on the optimizer.")),
    Translation(
        "join_schedules", O, "optax.join_schedules",
        "optax.join_schedules(schedules={schedules}, boundaries={boundaries})",
        (R("schedules", "schedules"), R("boundaries", "boundaries")),
        _join_optax, optax_join_schedules, None, Text("every step"),
        notes=Text("Each later schedule is given count - boundary, exactly as here."),
    ),
)


# Fill in the worked examples (a frozen dataclass: rebuild the tuple once at import).
TRANSLATIONS = tuple(
    Translation(**{**row.__dict__, "example": EXAMPLES.get(row.schedule, {})}) for row in TRANSLATIONS
)


def translation(schedule: str, framework: str) -> Translation:
    """The row for ``schedule`` (a name in :data:`COURSE_SCHEDULES`) in ``framework``."""
    for row in TRANSLATIONS:
        if row.schedule == schedule and row.framework == framework:
            return row
    if schedule not in COURSE_SCHEDULES:
        raise InvalidParameterError(f"schedule must be one of {', '.join(COURSE_SCHEDULES)}; got schedule={schedule!r}.")
    raise InvalidParameterError(f"framework must be one of {', '.join(FRAMEWORKS)}; got framework={framework!r}.")


def translations_for(schedule: str) -> tuple[Translation, ...]:
    """All rows of one course schedule, in :data:`FRAMEWORKS` order."""
    return tuple(translation(schedule, framework) for framework in FRAMEWORKS)


def course_function(schedule: str) -> Callable[..., Any]:
    """Our side of a row, called like the framework formula: ``f(t_or_metrics, **our_kwargs)``."""
    if schedule in _schedules.REGISTRY:
        return _schedules.REGISTRY[schedule].function
    if schedule == "plateau_schedule":
        return plateau_schedule
    if schedule == "with_warmup":
        return lambda t, **kwargs: with_warmup(**kwargs)(t)
    if schedule == "join_schedules":
        return lambda t, **kwargs: join_schedules(**kwargs)(t)
    raise InvalidParameterError(f"schedule must be one of {', '.join(COURSE_SCHEDULES)}; got schedule={schedule!r}.")


