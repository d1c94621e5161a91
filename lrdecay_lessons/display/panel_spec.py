r"""What a browser-drawn slider panel shows, as data both Python and the browser evaluate.

A panel is a list of :class:`Axes`, each a list of :class:`Line`. A line's values are a *program*:

* :class:`Formula` -- a schedule function of the package with its parameters, each a number or a
  :class:`Control` (the value of a slider) or :class:`Sorted` (several controls' values, sorted);
* :class:`Warmup` -- a linear warm-up put in front of a :class:`Formula`;
* :class:`Fixed` -- values drawn as they are (a reference curve);
* :class:`Level` -- one value at every step (a horizontal line);
* :class:`Share` -- the share of another program's sum reached by each step (a cumulative budget);
* :class:`Plateau` -- a column of a reduce-on-plateau trace over scripted metrics;
* :class:`Descent` -- gradient descent on a quadratic bowl at a schedule's rates (its iterates or loss);
* :class:`Computed` -- an array the panel's ``compute(values)`` made in the kernel (a training run).

An :class:`Axes` may also shade :class:`Band` s (the area between two programs, e.g. the spread over seeds).

A value expression is a number, a :class:`Control` (a control's value, or a ``derived`` value's), a
:class:`Sorted` list of controls, an :class:`Op` (arithmetic: ``+ - * /``, ``floor``, ``min``, ``max``)
a :class:`Matched` value (a schedule parameter found by bisection, as the chapter's ``match_parameter``),
an :class:`Outcome` of a :class:`Descent`, a :class:`Choose` between two texts or a :class:`Check` (values the
panel refuses, with the chapter's message). ``derived`` values are
computed in order, each from the controls and the derived values before it.

:meth:`Axes.curves` evaluates a program in Python with the package's functions (the stored picture,
and the reference of the browser test); :meth:`Axes.to_json` gives the browser the same program, which
``webpanel/src/programs.js`` evaluates with the JavaScript formulas of ``schedules.js``. The display
layer knows no schedule: a :class:`Formula` holds the function it was given and tells the browser its
name (``function.__name__``), which must be a schedule of ``schedules.js``.

Labels and titles are Python format templates over the controls' values (and ``derived`` values):
``"{gamma:.2g}"``, ``"{step_size}"``, and ``"{gamma:short}"`` for the course's short form of a value
(whole numbers in full, others to 4 significant digits). :func:`fill` fills them here;
``webpanel/src/format.js`` fills them in the browser, character for character the same.
"""

from __future__ import annotations

import math
import string
from types import MappingProxyType
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional, Sequence, Union

import numpy as np

from . import _checks
from ..errors import InvalidParameterError
from ..i18n import tr

__all__ = ["Control", "Sorted", "Valued", "Op", "Matched", "Outcome", "Check", "Choose", "Formula", "Warmup", "Fixed", "Level",
           "Share", "Plateau", "Descent", "Computed", "Line", "Band", "Axes", "fill", "short", "resolve"]


_NOTHING: Mapping[str, Any] = MappingProxyType({})


def short(value: Any) -> str:
    """A control's value as the panels show it: whole numbers in full (1000, not 1e+03), other numbers to
    4 significant digits, anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4g}"


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, (list, tuple)):
            return "[" + ", ".join(self.format_field(v, format_spec) for v in value) + "]"
        if format_spec == "short":
            return short(value)
        if format_spec == "d":
            return str(int(round(value)))
        if format_spec == "":
            return str(int(value)) if isinstance(value, (int, np.integer)) else str(value)
        return format(value, format_spec)


_FORMATTER = _Formatter()


def fill(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with ``{name}`` / ``{name:spec}`` filled from ``values`` (spec: ``short``, ``d``, ``.Ng``, ``.Nf``, ``.Ne``)."""
    return _FORMATTER.vformat(template, (), values)


@dataclass(frozen=True)
class Control:
    """The current value of the control called ``name`` (or of the panel's ``derived`` value of that name)."""

    name: str

    def to_json(self) -> dict:
        return {"control": self.name}


@dataclass(frozen=True)
class Sorted:
    """The values of the controls ``names``, in increasing order (e.g. two milestones)."""

    names: tuple[str, ...]

    def to_json(self) -> dict:
        return {"sorted": [{"control": name} for name in self.names]}


_OPERATIONS: dict[str, Callable[..., Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "floor": lambda a: int(math.floor(a)),
    "min": min,
    "max": max,
    "<=": lambda a, b: a <= b,
}
_ARITY = {"+": 2, "-": 2, "*": 2, "/": 2, "floor": 1, "min": 2, "max": 2, "<=": 2}


class Valued:
    """An expression whose value is computed from the panel's names: :meth:`value`."""

    def value(self, values: Mapping[str, Any]) -> Any:  # pragma: no cover - every subclass has its own
        raise NotImplementedError

    def __call__(self, values: Mapping[str, Any]) -> Any:
        return self.value(values)


@dataclass(frozen=True)
class Op(Valued):
    """Arithmetic on expressions: ``Op("*", 0.25, Control("total_steps"))`` is :math:`0.25\\,T`.

    ``op`` is ``"+"``, ``"-"``, ``"*"``, ``"/"`` (IEEE double arithmetic, as Python's floats and
    JavaScript's numbers), ``"floor"`` (a whole number), ``"min"`` / ``"max"`` of two or ``"<="`` (true or false).
    """

    op: str
    args: tuple[Any, ...]

    def __init__(self, op: str, *args: Any) -> None:
        if op not in _OPERATIONS:
            raise InvalidParameterError(f"op must be one of {sorted(_OPERATIONS)}; got op={op!r}.")
        if len(args) != _ARITY[op]:
            raise InvalidParameterError(f"{op!r} takes {_ARITY[op]} argument(s); got {len(args)}: {args!r}.")
        object.__setattr__(self, "op", op)
        object.__setattr__(self, "args", tuple(args))

    def value(self, values: Mapping[str, Any]) -> Any:
        return _OPERATIONS[self.op](*(resolve(a, values) for a in self.args))

    def to_json(self) -> dict:
        return {"op": self.op, "args": [_expression_json(a) for a in self.args]}


@dataclass(frozen=True)
class Matched(Valued):
    """The value of ``parameter`` for which ``quantity`` of ``function``'s curve equals ``quantity`` of
    ``target``'s, both over ``horizon`` steps (``t = 0 .. horizon-1``), found by ``solve``: the chapter's
    bisection (``match_parameter(function, params, parameter, target, horizon, quantity=, bounds=,
    xtol=)``), which the browser repeats step for step.

    ``quantity`` must be the package's ``mean_rate`` (the browser knows it by name); ``params`` and
    ``target``'s parameters may hold expressions.
    """

    solve: Callable[..., float]
    function: Callable[..., Any]
    params: Mapping[str, Any]
    parameter: str
    target: "Formula"
    horizon: Any
    quantity: Callable[[np.ndarray, np.ndarray], float]
    bounds: tuple[float, float]
    xtol: float = 1e-12

    def value(self, values: Mapping[str, Any]) -> float:
        horizon = int(resolve(self.horizon, values))
        steps = np.arange(horizon)
        goal = self.quantity(steps, self.target(steps, values))
        params = {key: resolve(e, values) for key, e in self.params.items()}
        return float(self.solve(self.function, params, self.parameter, goal, horizon, quantity=self.quantity,
                                bounds=self.bounds, xtol=self.xtol))

    def to_json(self) -> dict:
        return {"matched": {"schedule": self.function.__name__,
                            "params": {key: _expression_json(e) for key, e in self.params.items()}},
                "parameter": self.parameter, "target": self.target.to_json(), "horizon": _expression_json(self.horizon),
                "quantity": self.quantity.__name__, "bounds": [float(b) for b in self.bounds], "xtol": float(self.xtol)}


Expression = Union[float, int, str, Control, Sorted, Valued]


def resolve(expression: Any, values: Mapping[str, Any]) -> Any:
    """The value of an expression for the controls' ``values`` (and the derived values among them)."""
    if isinstance(expression, Control):
        if expression.name not in values:
            raise InvalidParameterError(f"the panel has no control {expression.name!r}; its controls are {sorted(values)}.")
        return values[expression.name]
    if isinstance(expression, Sorted):
        return sorted(resolve(Control(name), values) for name in expression.names)
    if isinstance(expression, Valued):
        return expression.value(values)
    return expression


def _expression_json(expression: Any) -> Any:
    if isinstance(expression, (Control, Sorted, Valued)):
        return expression.to_json()  # type: ignore[attr-defined]
    if isinstance(expression, (np.integer, np.floating)):
        return expression.item()
    if isinstance(expression, (list, tuple)):
        return [_expression_json(e) for e in expression]
    return expression


@dataclass(frozen=True)
class Formula:
    """``function(t, **params)``: a schedule of the package, its parameters numbers or controls.

    ``controls`` names parameters that take the value of the control of the same name (a shorthand for
    ``params={name: Control(name)}``).
    """

    function: Callable[..., Any]
    params: Mapping[str, Any] = field(default_factory=dict)
    controls: Sequence[str] = ()

    def __post_init__(self) -> None:
        if not callable(self.function):
            raise InvalidParameterError(f"function must be a schedule function; got function={self.function!r}.")
        if isinstance(self.controls, str):
            raise InvalidParameterError(f"controls must be a list of names; got controls={self.controls!r}.")
        object.__setattr__(self, "params", {**dict(self.params), **{name: Control(name) for name in self.controls}})
        object.__setattr__(self, "controls", ())

    def __call__(self, steps: np.ndarray, values: Mapping[str, Any], computed: Mapping[str, Any] = _NOTHING) -> np.ndarray:
        params = {key: resolve(e, values) for key, e in self.params.items()}
        return np.asarray(self.function(steps, **params), dtype=float)

    def to_json(self) -> dict:
        return {"schedule": self.function.__name__,
                "params": {key: _expression_json(e) for key, e in self.params.items()}}


@dataclass(frozen=True)
class Warmup:
    """``wrap(decay, warmup_steps, start_factor=start_factor)(t)``: a linear warm-up in front of ``decay``
    (``wrap`` is the package's ``with_warmup``)."""

    wrap: Callable[..., Callable[[np.ndarray], Any]]
    decay: Formula
    warmup_steps: Expression
    start_factor: Expression = 0.0

    def __call__(self, steps: np.ndarray, values: Mapping[str, Any], computed: Mapping[str, Any] = _NOTHING) -> np.ndarray:
        warmed = self.wrap(lambda t: self.decay(np.asarray(t), values), resolve(self.warmup_steps, values),
                           start_factor=resolve(self.start_factor, values))
        return np.asarray(warmed(steps), dtype=float)

    def to_json(self) -> dict:
        return {"with_warmup": self.decay.to_json(), "warmup_steps": _expression_json(self.warmup_steps),
                "start_factor": _expression_json(self.start_factor)}


@dataclass(frozen=True)
class Fixed:
    """Values drawn as they are, one per step of the axes (a reference curve)."""

    values: Sequence[float]

    def __call__(self, steps: np.ndarray, values: Mapping[str, Any], computed: Mapping[str, Any] = _NOTHING) -> np.ndarray:
        out = np.asarray(self.values, dtype=float)
        if out.shape != steps.shape:
            raise InvalidParameterError(f"values must have one value per step ({steps.size}); got {out.size}.")
        return out

    def to_json(self) -> dict:
        return {"values": [float(v) for v in self.values]}


@dataclass(frozen=True)
class Level:
    """One value at every step: a horizontal line."""

    value: Expression

    def __call__(self, steps: np.ndarray, values: Mapping[str, Any], computed: Mapping[str, Any] = _NOTHING) -> np.ndarray:
        return np.full(steps.shape, float(resolve(self.value, values)))

    def to_json(self) -> dict:
        return {"constant": _expression_json(self.value)}


@dataclass(frozen=True)
class Share:
    r"""The share of ``of``'s total reached by each step: :math:`\sum_{u \le t} y_u \big/ \sum_u y_u`
    (NumPy's ``cumsum`` over its pairwise ``sum``; the browser sums the same way)."""

    of: Union[Formula, Warmup, Fixed]

    def __call__(self, steps: np.ndarray, values: Mapping[str, Any], computed: Mapping[str, Any] = _NOTHING) -> np.ndarray:
        y = self.of(steps, values, computed)
        return np.cumsum(y) / y.sum()

    def to_json(self) -> dict:
        return {"share": self.of.to_json()}


#: The columns a :class:`Plateau` program draws: the best metric so far, the rate set after each step,
#: and the rate used during each step (the starting rate, then the rate the step before set).
PLATEAU_FIELDS = ("best", "lr", "rate_used")


@dataclass(frozen=True)
class Plateau:
    """One column of ``trace(metrics, make(**params))``: a reduce-on-plateau object fed scripted metrics.

    ``make`` is the package's ``ReduceLROnPlateau`` and ``trace`` its ``plateau_trace`` (the browser
    runs their JavaScript twins); ``field`` is one of :data:`PLATEAU_FIELDS`. One value per metric.
    """

    trace: Callable[..., Sequence[Any]]
    make: Callable[..., Any]
    metrics: Sequence[float]
    params: Mapping[str, Any]
    field: str

    def __post_init__(self) -> None:
        if self.field not in PLATEAU_FIELDS:
            raise InvalidParameterError(f"field must be one of {PLATEAU_FIELDS}; got field={self.field!r}.")
        if len(self.metrics) == 0:
            raise InvalidParameterError("metrics must hold at least one value; got an empty sequence.")

    def __call__(self, steps: np.ndarray, values: Mapping[str, Any], computed: Mapping[str, Any] = _NOTHING) -> np.ndarray:
        params = {key: resolve(e, values) for key, e in self.params.items()}
        plateau = self.make(**params)
        rows = self.trace([float(m) for m in self.metrics], plateau)
        if self.field == "best":
            return np.array([r.best for r in rows], dtype=float)
        if self.field == "lr":
            return np.array([r.lr for r in rows], dtype=float)
        return np.array([float(plateau.lr0)] + [r.lr for r in rows[:-1]], dtype=float)

    def to_json(self) -> dict:
        return {"plateau": {key: _expression_json(e) for key, e in self.params.items()},
                "metrics": [float(m) for m in self.metrics], "field": self.field}


#: What a :class:`Descent` program draws (a coordinate of the iterates, or the loss) and what an
#: :class:`Outcome` of it tells.
DESCENT_FIELDS = ("x1", "x2", "loss", "stop")
OUTCOMES = ("diverged", "diverged_at_step", "diverged_lr", "final_loss")


@dataclass(frozen=True)
class Descent:
    r"""Gradient descent on :math:`f(x) = \tfrac12 \sum_i \lambda_i x_i^2` from ``start`` for ``n_steps``
    steps at the rates ``rates`` (a :class:`Formula`, or a number: a constant rate): ``path(start,
    curvatures, rates, n_steps)``, the package's ``gradient_descent_path``, whose loop (and divergence
    rule: stop before a step whose loss is not ``<= divergence_factor`` times the first) the browser
    repeats. ``field`` picks what is drawn, one value per step ``0 .. n_steps`` (NaN after a divergence):
    ``"x1"``, ``"x2"`` (the iterates' coordinates), ``"loss"``, or ``"stop"`` (the loss at the last step
    kept before a divergence, NaN elsewhere and everywhere for a run that did not diverge: a marker)."""

    path: Callable[..., Any]
    rates: Union[Formula, float]
    curvatures: tuple[float, float]
    start: tuple[float, float]
    n_steps: int
    divergence_factor: float
    field: str = "loss"

    def __post_init__(self) -> None:
        if self.field not in DESCENT_FIELDS:
            raise InvalidParameterError(f"field must be one of {DESCENT_FIELDS}; got field={self.field!r}.")
        _checks.whole("n_steps", self.n_steps, 1, _checks.MAX_POINTS - 1)

    def run(self, values: Mapping[str, Any]) -> Any:
        """The package's path for these values."""
        rates: Any = self.rates
        if isinstance(rates, Formula):
            formula = rates
            rates = lambda t: formula(np.asarray(t), values)  # noqa: E731
        return self.path(self.start, self.curvatures, rates, self.n_steps)

    def __call__(self, steps: np.ndarray, values: Mapping[str, Any], computed: Mapping[str, Any] = _NOTHING) -> np.ndarray:
        path = self.run(values)
        out = np.full(self.n_steps + 1, np.nan)
        if self.field == "stop":
            if path.diverged:
                out[len(path.losses) - 1] = path.losses[-1]
            return out
        kept = path.losses if self.field == "loss" else path.points[:, DESCENT_FIELDS.index(self.field)]
        out[:len(kept)] = kept
        return out

    def with_field(self, field: str) -> "Descent":
        return Descent(self.path, self.rates, self.curvatures, self.start, self.n_steps, self.divergence_factor, field)

    def to_json(self) -> dict:
        rates = self.rates.to_json() if isinstance(self.rates, Formula) else {"constant": float(self.rates)}
        return {"descent": {"rates": rates, "curvatures": [float(c) for c in self.curvatures],
                            "start": [float(x) for x in self.start], "n_steps": int(self.n_steps),
                            "divergence_factor": float(self.divergence_factor)}, "field": self.field}


@dataclass(frozen=True)
class Outcome(Valued):
    """How a :class:`Descent` ended, as a value for labels: ``"diverged"`` (true or false),
    ``"diverged_at_step"``, ``"diverged_lr"`` (None when it did not diverge) or ``"final_loss"``."""

    descent: Descent
    field: str

    def __post_init__(self) -> None:
        if self.field not in OUTCOMES:
            raise InvalidParameterError(f"field must be one of {OUTCOMES}; got field={self.field!r}.")

    def value(self, values: Mapping[str, Any]) -> Any:
        path = self.descent.run(values)
        return getattr(path, self.field)

    def to_json(self) -> dict:
        return {"outcome": self.descent.to_json()["descent"], "field": self.field}


@dataclass(frozen=True)
class Check(Valued):
    """True if ``condition`` holds; otherwise the panel refuses these values with ``message`` (a template
    filled from the names), as the chapter's own function would, before any work."""

    condition: Any
    message: str

    def value(self, values: Mapping[str, Any]) -> bool:
        if not resolve(self.condition, values):
            raise InvalidParameterError(fill(self.message, values))
        return True

    def to_json(self) -> dict:
        return {"check": _expression_json(self.condition), "message": self.message}


@dataclass(frozen=True)
class Choose(Valued):
    """Text: ``when_true`` if ``condition`` holds, else ``when_false``, each a template filled from the
    names (e.g. a verdict that reads differently for a run that diverged)."""

    condition: Any
    when_true: str
    when_false: str

    def value(self, values: Mapping[str, Any]) -> str:
        return fill(self.when_true if resolve(self.condition, values) else self.when_false, values)

    def to_json(self) -> dict:
        return {"if": _expression_json(self.condition), "then": self.when_true, "else": self.when_false}


@dataclass(frozen=True)
class Computed:
    """The array ``key`` of what the panel's ``compute(values)`` returned: curves only the kernel can make
    (a training run). The browser draws them when the kernel sends them; without a kernel the panel keeps
    its starting picture."""

    key: str

    def __call__(self, steps: Any, values: Mapping[str, Any], computed: Mapping[str, Any] = _NOTHING) -> np.ndarray:
        if self.key not in computed:
            raise InvalidParameterError(f"compute(values) returned no {self.key!r}; it returned {sorted(computed)}.")
        return np.asarray(computed[self.key], dtype=float)

    def to_json(self) -> dict:
        return {"computed": self.key}


Program = Union[Formula, Warmup, Fixed, Level, Share, Plateau, Descent, Computed]


def _colour(colour: str, names: Mapping[str, Any]) -> str:
    """A line's colour: as given, or its template filled from ``names``."""
    return fill(colour, names) if "{" in colour else colour


def _colour_json(colour: str) -> str:
    from matplotlib.colors import to_hex

    return colour if "{" in colour else to_hex(colour)


@dataclass(frozen=True)
class Line:
    """One line of an axes: a label template, its program and its look.

    ``dash`` is ``"-"``, ``"--"``, ``":"`` or ``"-."``; ``drawstyle`` ``"default"`` or ``"steps-post"``;
    ``in_range=False`` leaves the line out of the y range (a guide line). ``colour`` is a colour, or a
    template naming one (``"{colour}"``, filled as labels are: a colour the kernel's ``compute`` chose).
    """

    label: str
    y: Program
    colour: str = "#0072B2"
    dash: str = "-"
    drawstyle: str = "default"
    markers: bool = False
    in_range: bool = True
    width: Optional[float] = None  # points, as Matplotlib's linewidth; None: the course's 2.8

    def __post_init__(self) -> None:
        if self.dash not in ("-", "--", ":", "-."):
            raise InvalidParameterError(f"dash must be one of '-', '--', ':', '-.'; got dash={self.dash!r}.")
        if self.drawstyle not in ("default", "steps-post"):
            raise InvalidParameterError(f"drawstyle must be 'default' or 'steps-post'; got drawstyle={self.drawstyle!r}.")

    def style(self, names: Mapping[str, Any] = _NOTHING) -> dict:
        """Matplotlib's keywords for the line (``names`` fill a colour template)."""
        style: dict[str, Any] = {"color": _colour(self.colour, names), "linestyle": self.dash,
                                 "drawstyle": self.drawstyle}
        if self.markers:
            style["marker"] = "o"
        if self.width is not None:
            style["linewidth"] = self.width
        return style

    def to_json(self) -> dict:
        return {"label": self.label, "y": self.y.to_json(), "colour": _colour_json(self.colour), "dash": self.dash,
                "drawstyle": self.drawstyle, "markers": self.markers, "in_range": self.in_range,
                "width": self.width}


@dataclass(frozen=True)
class Band:
    """The area between two programs of an axes, shaded in ``colour`` at opacity ``alpha`` (no legend entry):
    e.g. the lowest and highest loss over the seeds around their mean."""

    low: Program
    high: Program
    colour: str = "#0072B2"
    alpha: float = 0.18

    def __post_init__(self) -> None:
        alpha = _checks.real("alpha", self.alpha, "a number from 0 to 1")
        if not 0.0 <= alpha <= 1.0:
            raise InvalidParameterError(f"alpha must be a number from 0 to 1; got alpha={self.alpha!r}.")

    def to_json(self) -> dict:
        return {"low": self.low.to_json(), "high": self.high.to_json(), "colour": _colour_json(self.colour),
                "alpha": float(self.alpha)}


@dataclass(frozen=True)
class Axes:
    """One chart of a panel: its lines over the steps ``0 .. horizon`` (or the given ``x``).

    ``horizon`` may be an expression of the controls (e.g. ``Op("-", Control("total_steps"), 1)``);
    ``vlines`` are x positions (expressions) marked by dotted grey guide lines. ``legend`` is a
    Matplotlib location, ``"below"`` (under the chart, two columns), ``"outside right"`` (beside the chart)
    or None; a ``legend_title`` template heads it. ``xlabel`` and ``ylabel`` default to "step t" and
    "learning rate η" in the course's language. On a linear axis the y range starts at 0 when every
    value is >= 0 unless ``from_zero=False`` (then it spans the values, as Matplotlib's autoscale does); ``bands`` are
    shaded areas (:class:`Band`); ``height`` is in CSS pixels (the stored picture keeps the proportions).
    """

    title: str
    lines: Sequence[Line]
    horizon: Optional[Union[int, Control, Op]] = None
    x: Optional[Union[Sequence[float], Computed]] = None
    xlabel: Optional[str] = None
    ylabel: Optional[str] = None
    logy: bool = False
    legend: Optional[str] = "upper right"
    ylim: Optional[tuple[float, float]] = None
    height: int = 520
    vlines: Sequence[Expression] = ()
    bands: Sequence[Band] = ()
    legend_title: Optional[str] = None
    from_zero: bool = True

    #: Matplotlib's legend locations, under the chart and beside it.
    LEGEND_PLACES = ("best", "upper right", "upper left", "lower left", "lower right", "right", "center left",
                     "center right", "lower center", "upper center", "center", "below", "outside right")

    def __post_init__(self) -> None:
        # the default axis labels, in the course's language when the chart is made
        if self.xlabel is None:
            object.__setattr__(self, "xlabel", tr("step t"))
        if self.ylabel is None:
            object.__setattr__(self, "ylabel", tr("learning rate η"))
        if (self.horizon is None) == (self.x is None):
            raise InvalidParameterError(f"give exactly one of horizon and x; got horizon={self.horizon!r}, x={self.x!r}.")
        if self.horizon is not None and not isinstance(self.horizon, (Control, Op)):
            _checks.whole("horizon", self.horizon, 1, _checks.MAX_POINTS - 1)
        if not self.lines:
            raise InvalidParameterError("lines must hold at least one Line; got an empty sequence.")
        if isinstance(self.vlines, (str, bytes)) or not isinstance(self.vlines, Sequence):
            raise InvalidParameterError(f"vlines must be a list of x positions; got vlines={self.vlines!r}.")
        if self.legend is not None and self.legend not in self.LEGEND_PLACES:
            raise InvalidParameterError(f"legend must be None or one of {', '.join(map(repr, self.LEGEND_PLACES))}; "
                                        f"got legend={self.legend!r}.")

    def steps(self, computed: Mapping[str, Any] = _NOTHING, values: Mapping[str, Any] = _NOTHING) -> np.ndarray:
        if self.horizon is not None:
            horizon = resolve(self.horizon, values)
            _checks.whole("horizon", horizon, 1, _checks.MAX_POINTS - 1)
            return np.arange(0, horizon + 1)
        if isinstance(self.x, Computed):
            return self.x(None, {}, computed)
        return np.asarray(self.x, dtype=float)

    def guides(self, names: Mapping[str, Any]) -> list[float]:
        """The x positions of the guide lines for these values."""
        return [float(resolve(e, names)) for e in self.vlines]

    def curves(self, values: Mapping[str, Any], names: Mapping[str, Any],
               computed: Mapping[str, Any] = _NOTHING) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """``(label, steps, values)`` of every line for the controls' ``values`` (``names``, the controls'
        and derived values, fill the labels and the programs' expressions; ``computed`` is what the
        panel's ``compute`` returned for them)."""
        names = {**values, **names}
        steps = self.steps(computed, names)
        return [(fill(line.label, names), steps, line.y(steps, names, computed)) for line in self.lines]

    def band_values(self, values: Mapping[str, Any],
                    computed: Mapping[str, Any] = _NOTHING) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """``(steps, low, high)`` of every band for the controls' ``values``."""
        steps = self.steps(computed, values)
        return [(steps, band.low(steps, values, computed), band.high(steps, values, computed)) for band in self.bands]

    def to_json(self) -> dict:
        if self.horizon is not None:
            x: Any = {"start": 0, "stop": _expression_json(Op("+", self.horizon, 1))
                      if isinstance(self.horizon, (Control, Op)) else self.horizon + 1}
        elif isinstance(self.x, Computed):
            x = self.x.to_json()
        else:
            x = [float(v) for v in self.steps()]
        return {"title": self.title, "x": x, "xlabel": self.xlabel, "ylabel": self.ylabel, "logy": self.logy,
                "legend": self.legend, "ylim": list(self.ylim) if self.ylim else None, "height": self.height,
                "vlines": [_expression_json(e) for e in self.vlines],
                "series": [line.to_json() for line in self.lines], "bands": [band.to_json() for band in self.bands],
                "legend_title": self.legend_title, "from_zero": self.from_zero}
