r"""What a browser-drawn slider panel shows, as data both Python and the browser evaluate.

A panel is a list of :class:`Axes`, each a list of :class:`Line`. A line's values are a *program*:

* :class:`Formula` -- a schedule function of the package with its parameters, each a number or a
  :class:`Control` (the value of a slider) or :class:`Sorted` (several controls' values, sorted);
* :class:`Warmup` -- a linear warm-up put in front of a :class:`Formula`;
* :class:`Fixed` -- values drawn as they are (a reference curve);
* :class:`Level` -- one value at every step (a horizontal line);
* :class:`Computed` -- an array the panel's ``compute(values)`` made in the kernel (a training run).

An :class:`Axes` may also shade :class:`Band` s (the area between two programs, e.g. the spread over seeds).

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

import string
from types import MappingProxyType
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional, Sequence, Union

import numpy as np

from . import _checks
from ..errors import InvalidParameterError

__all__ = ["Control", "Sorted", "Formula", "Warmup", "Fixed", "Level", "Computed", "Line", "Band", "Axes", "fill", "short",
           "resolve"]


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
    """``template`` with ``{name}`` / ``{name:spec}`` filled from ``values`` (spec: ``short``, ``d``, ``.Ng``, ``.Nf``)."""
    return _FORMATTER.vformat(template, (), values)


@dataclass(frozen=True)
class Control:
    """The current value of the control called ``name``."""

    name: str

    def to_json(self) -> dict:
        return {"control": self.name}


@dataclass(frozen=True)
class Sorted:
    """The values of the controls ``names``, in increasing order (e.g. two milestones)."""

    names: tuple[str, ...]

    def to_json(self) -> dict:
        return {"sorted": [{"control": name} for name in self.names]}


Expression = Union[float, int, str, Control, Sorted]


def resolve(expression: Any, values: Mapping[str, Any]) -> Any:
    """The value of an expression for the controls' ``values``."""
    if isinstance(expression, Control):
        if expression.name not in values:
            raise InvalidParameterError(f"the panel has no control {expression.name!r}; its controls are {sorted(values)}.")
        return values[expression.name]
    if isinstance(expression, Sorted):
        return sorted(resolve(Control(name), values) for name in expression.names)
    return expression


def _expression_json(expression: Any) -> Any:
    if isinstance(expression, (Control, Sorted)):
        return expression.to_json()
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


Program = Union[Formula, Warmup, Fixed, Level, Computed]


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

    ``legend`` is a corner (Matplotlib's names), ``"outside right"`` (beside the chart) or ``None``; a
    ``legend_title`` template heads it. On a linear axis the y range starts at 0 when every value is >= 0
    unless ``from_zero=False`` (then it spans the values, as Matplotlib's autoscale does); ``bands`` are
    shaded areas (:class:`Band`); ``height`` is in CSS pixels (the stored picture keeps the proportions).
    """

    title: str
    lines: Sequence[Line]
    horizon: Optional[int] = None
    x: Optional[Union[Sequence[float], Computed]] = None
    xlabel: str = "step t"
    ylabel: str = "learning rate η"
    logy: bool = False
    legend: Optional[str] = "upper right"
    ylim: Optional[tuple[float, float]] = None
    height: int = 520
    bands: Sequence[Band] = ()
    legend_title: Optional[str] = None
    from_zero: bool = True

    #: Matplotlib's legend locations, and beside the chart.
    LEGEND_PLACES = ("best", "upper right", "upper left", "lower left", "lower right", "right", "center left",
                     "center right", "lower center", "upper center", "center", "outside right")

    def __post_init__(self) -> None:
        if (self.horizon is None) == (self.x is None):
            raise InvalidParameterError(f"give exactly one of horizon and x; got horizon={self.horizon!r}, x={self.x!r}.")
        if self.horizon is not None:
            _checks.whole("horizon", self.horizon, 1, _checks.MAX_POINTS - 1)
        if not self.lines:
            raise InvalidParameterError("lines must hold at least one Line; got an empty sequence.")
        if self.legend is not None and self.legend not in self.LEGEND_PLACES:
            raise InvalidParameterError(f"legend must be None or one of {', '.join(map(repr, self.LEGEND_PLACES))}; "
                                        f"got legend={self.legend!r}.")

    def steps(self, computed: Mapping[str, Any] = _NOTHING) -> np.ndarray:
        if self.horizon is not None:
            return np.arange(0, self.horizon + 1)
        if isinstance(self.x, Computed):
            return self.x(None, {}, computed)
        return np.asarray(self.x, dtype=float)

    def curves(self, values: Mapping[str, Any], names: Mapping[str, Any],
               computed: Mapping[str, Any] = _NOTHING) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """``(label, steps, values)`` of every line for the controls' ``values`` (``names`` fill the labels;
        ``computed`` is what the panel's ``compute`` returned for them)."""
        steps = self.steps(computed)
        return [(fill(line.label, names), steps, line.y(steps, values, computed)) for line in self.lines]

    def band_values(self, values: Mapping[str, Any],
                    computed: Mapping[str, Any] = _NOTHING) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """``(steps, low, high)`` of every band for the controls' ``values``."""
        steps = self.steps(computed)
        return [(steps, band.low(steps, values, computed), band.high(steps, values, computed)) for band in self.bands]

    def to_json(self) -> dict:
        if self.horizon is not None:
            x: Any = {"start": 0, "stop": self.horizon + 1}
        elif isinstance(self.x, Computed):
            x = self.x.to_json()
        else:
            x = [float(v) for v in self.steps()]
        return {"title": self.title, "x": x, "xlabel": self.xlabel, "ylabel": self.ylabel, "logy": self.logy,
                "legend": self.legend, "ylim": list(self.ylim) if self.ylim else None, "height": self.height,
                "series": [line.to_json() for line in self.lines], "bands": [band.to_json() for band in self.bands],
                "legend_title": self.legend_title, "from_zero": self.from_zero}
