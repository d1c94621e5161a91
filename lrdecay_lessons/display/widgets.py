"""The controls of the course's slider panels: :class:`Slider` and :class:`Choice`, and :func:`schedule_panel`.

A panel itself is a :class:`~lrdecay_lessons.display.browser_panel.BrowserPanel`: the browser draws it
from the panel's programs (or from the arrays its kernel computes, for a panel that trains), live in
JupyterLab, in the offline book and in the slides; a stored notebook shows the starting picture.

Every slider offers a fixed list of values that contains its starting value
(:meth:`Slider.grid`): a slider shows and passes on exactly the value a chapter
set, and moving it away and back returns to that value. (ipywidgets'
``FloatLogSlider`` snaps to its own grid in the browser: 0.1 became 0.1023.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence, Union

import ipywidgets as w
import numpy as np

from . import _checks
from .plotting import Curve
from ..errors import InvalidParameterError
from ..i18n import Text

if TYPE_CHECKING:
    from .browser_panel import BrowserPanel

__all__ = [
    "Slider",
    "Choice",
    "schedule_panel",
    "MAX_OPTIONS",
]

#: The most positions one slider may offer: more than a screen is wide in pixels is more than a hand can pick.
MAX_OPTIONS = 10_000


@dataclass(frozen=True)
class Slider:
    """Specification of one slider.

    Parameters
    ----------
    name : str
        Keyword the value is passed as (e.g. ``"gamma"``).
    value, min, max : float
        Initial value and range.
    step : float, optional
        Increment: ``1`` for integers by default (``value`` must then lie on
        ``min + k * step``), 1/100 of the range for other numbers; for a log slider,
        the factor between neighbours in decades (default 0.05: 20 values a decade,
        each about 1.12 times the last).
    label : str or Text, optional
        Text before the slider, e.g. ``"γ (gamma)"``; defaults to ``name``. A module-level slider
        gives a :class:`~lrdecay_lessons.i18n.Text`, translated when the slider is shown.
    integer : bool, default False
        Whole numbers only (steps, periods).
    log : bool, default False
        Logarithmic slider (learning rates spanning decades); ``min``/``max`` are
        then the values themselves, not their logarithms.

    Notes
    -----
    The values offered are :meth:`grid`: ``value`` itself, then ``value ± k * step``
    (``value × 10^(± k * step)`` on a log slider, to 3 significant digits) as far as
    ``min`` and ``max``, which close the list.
    """

    name: str
    value: float
    min: float
    max: float
    step: Optional[float] = None
    label: Optional[Union[str, Text]] = None
    integer: bool = False
    log: bool = False

    def __post_init__(self) -> None:
        _checks.text("name", self.name)
        for field_name in ("value", "min", "max"):
            _checks.real(field_name, getattr(self, field_name), f"a finite number for slider {self.name!r}")
        if not self.min < self.max:
            raise InvalidParameterError(f"min must be < max for slider {self.name!r}; got min={self.min!r}, max={self.max!r}.")
        if self.step is not None and _checks.real("step", self.step, "None or a finite number > 0") <= 0:
            raise InvalidParameterError(f"step must be None or a finite number > 0; got step={self.step!r}.")
        if self.label is not None and not isinstance(self.label, Text):
            _checks.text("label", self.label)
        for field_name in ("integer", "log"):
            if not isinstance(getattr(self, field_name), bool):
                raise InvalidParameterError(f"{field_name} must be True or False; got {field_name}={getattr(self, field_name)!r}.")
        if not self.min <= self.value <= self.max:
            raise InvalidParameterError(
                f"value must lie in [min, max] = [{self.min}, {self.max}] for slider "
                f"{self.name!r}; got value={self.value!r}."
            )
        if self.log and self.min <= 0:
            raise InvalidParameterError(f"min must be > 0 for a log slider {self.name!r}; got min={self.min!r}.")
        if self.integer:
            step = self.step or 1
            whole = {"value": self.value, "min": self.min, "max": self.max, "step": step}
            for field_name, number in whole.items():
                if float(number) != int(number):
                    raise InvalidParameterError(f"{field_name} must be a whole number for the integer slider {self.name!r}; "
                                     f"got {field_name}={number!r}.")
            if (int(self.value) - int(self.min)) % int(step):
                raise InvalidParameterError(
                    f"value must lie on min + k * step = {int(self.min)}, {int(self.min) + int(step)}, ... for the "
                    f"integer slider {self.name!r}; got value={self.value!r} (a browser would snap it)."
                )
        options = self._option_count()
        if options > MAX_OPTIONS:
            raise InvalidParameterError(
                f"step must give a slider at most {MAX_OPTIONS:,} positions (more than a screen has pixels); "
                f"slider {self.name!r} with step={self.step!r} from {self.min} to {self.max} would have {options:,.0f}."
            )

    def _option_count(self) -> float:
        """How many values :meth:`grid` would offer, counted without making them."""
        if self.log:
            return (math.log10(self.max) - math.log10(self.min)) / (self.step or 0.05) + 1
        return (self.max - self.min) / (self.step or (1 if self.integer else (self.max - self.min) / 100)) + 1

    def grid(self) -> tuple:
        r"""The values the slider offers, in order; the starting ``value`` is one of them.

        Integer: :math:`\min, \min + s, \dots \le \max`. Otherwise :math:`v_k = v + k s`
        (linear, rounded to the decimals of :math:`v`, :math:`s` and :math:`\min`) or
        :math:`v_k = v \cdot 10^{k s}` (log, to 3 significant digits) for every whole
        :math:`k` with :math:`\min \le v_k \le \max`, where :math:`v_0 = v` exactly;
        ``min`` and ``max`` are added when the steps miss them.

        Examples
        --------
        >>> Slider("lr0", 0.1, 0.001, 1.0, log=True).grid()[38:43]
        (0.0794, 0.0891, 0.1, 0.112, 0.126)
        >>> Slider("gamma", 0.5, 0.05, 1.0, step=0.05).grid()[:3]
        (0.05, 0.1, 0.15)
        """
        if self.integer:
            return tuple(range(int(self.min), int(self.max) + 1, int(self.step or 1)))
        slack = 1e-9
        if self.log:
            step = self.step or 0.05
            low = (math.log10(self.min) - math.log10(self.value)) / step
            high = (math.log10(self.max) - math.log10(self.value)) / step
            ks = range(math.ceil(low - slack), math.floor(high + slack) + 1)
            values = [float(f"{self.value * 10 ** (k * step):.3g}") if k else self.value for k in ks]
        else:
            step = self.step or (self.max - self.min) / 100
            digits = min(12, max(_decimals(x) for x in (self.value, step, self.min)))
            ks = range(math.ceil((self.min - self.value) / step - slack),
                       math.floor((self.max - self.value) / step + slack) + 1)
            values = [round(self.value + k * step, digits) if k else self.value for k in ks]
        inside = {float(x) for x in values if self.min <= x <= self.max}
        return tuple(sorted(inside | {float(self.min), float(self.max), float(self.value)}))

    def text(self, value: Any) -> str:
        """The value as the controls' plain-text form shows it."""
        return _short(value)

    def build(self, continuous_update: bool = True) -> w.Widget:
        """The ipywidgets slider for this specification."""
        common = dict(
            description=shown_label(self),
            continuous_update=continuous_update,
            style={"description_width": "initial"},
            layout=w.Layout(width="32em"),
        )
        if self.integer:
            return w.IntSlider(
                value=int(self.value), min=int(self.min), max=int(self.max), step=int(self.step or 1), **common
            )
        # The browser moves an index over these values: no float arithmetic can shift the start.
        return w.SelectionSlider(options=[(_short(x), x) for x in self.grid()], value=float(self.value), **common)


def shown_label(control: "Slider | Choice") -> str:
    """The text before a control: its ``label`` (a :class:`~lrdecay_lessons.i18n.Text` is translated now), or its ``name``."""
    return str(control.label) if control.label else control.name


def _decimals(number: float) -> int:
    """Decimals in the shortest text of ``number``: 0.05 -> 2, 1e-05 -> 5, 3.0 -> 0."""
    text = repr(float(number))
    if "e" in text:
        mantissa, exponent = text.split("e")
        return max(0, len(mantissa.split(".")[1].rstrip("0")) - int(exponent)) if "." in mantissa else -int(exponent)
    return len(text.split(".")[1].rstrip("0"))


def _short(value: Any) -> str:
    """A control's value for a legend: whole numbers in full (1000, not 1e+03), other
    numbers to 4 digits, anything else (a dropdown's value) as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4g}"


@dataclass(frozen=True)
class Choice:
    """Specification of one dropdown, usable wherever a :class:`Slider` is.

    Parameters
    ----------
    name : str
        Keyword the value is passed as.
    value : object
        Initial value; one of the option values.
    options : sequence
        The values, or ``(label, value)`` pairs.
    label : str or Text, optional
        Text before the dropdown; defaults to ``name`` (a Text is translated when shown).
    """

    name: str
    value: Any
    options: Sequence[Any]
    label: Optional[Union[str, Text]] = None

    def __post_init__(self) -> None:
        if self.label is not None and not isinstance(self.label, Text):
            _checks.text("label", self.label)
        if self.value not in self.values:
            raise InvalidParameterError(f"value must be one of {list(self.values)} for dropdown {self.name!r}; "
                             f"got value={self.value!r}.")

    @property
    def values(self) -> list:
        """The option values (without labels)."""
        return [o[1] if isinstance(o, tuple) else o for o in self.options]

    def text(self, value: Any) -> str:
        """The label shown for ``value``."""
        for option in self.options:
            if (option[1] if isinstance(option, tuple) else option) == value:
                return str(option[0] if isinstance(option, tuple) else option)
        return str(value)

    def build(self, continuous_update: bool = True) -> w.Dropdown:
        """The ipywidgets dropdown (``continuous_update`` is accepted for a slider's interface)."""
        options = [(str(o[0]), o[1]) if isinstance(o, tuple) else o for o in self.options]
        return w.Dropdown(options=options, value=self.value, description=shown_label(self),
                          style={"description_width": "initial"}, layout=w.Layout(width="24em"))


def schedule_panel(
    schedule: Callable[..., Any],
    sliders: Sequence[Slider],
    *,
    horizon: int,
    fixed: Optional[Mapping[str, Any]] = None,
    title: str,
    logy: bool = False,
    drawstyle: str = "default",
    reference: Optional[Sequence[Curve]] = None,
    colour: str = "C0",
) -> "BrowserPanel":
    """A slider panel for one schedule, drawn by the browser: each slider is one parameter of its formula.

    The browser evaluates the schedule's JavaScript twin (``webpanel/src/schedules.js``, equal to the
    Python function to 1e-12) at every step whenever a slider moves, with or without a kernel
    (:class:`~lrdecay_lessons.display.browser_panel.BrowserPanel`); the stored picture is drawn here
    with ``schedule`` itself.

    Parameters
    ----------
    schedule : callable
        A function from :mod:`lrdecay_lessons.schedules` (the browser knows it by its ``__name__``).
    sliders : sequence of Slider
        One per parameter to vary; their ``name`` is the schedule's keyword.
    horizon : int
        Steps shown on the x axis, ``0 .. horizon``.
    fixed : mapping, optional
        Parameters that keep their value.
    title : str
        Plot title.
    logy : bool, default False
        Logarithmic learning-rate axis.
    drawstyle : str
        ``'steps-post'`` for piecewise-constant schedules.
    reference : sequence of Curve, optional
        Curves drawn behind the schedule for comparison (e.g. the initial setting), over ``0 .. horizon``.
    colour : str, default "C0"
        The schedule's line colour (a chapter passes the schedule's course colour).
    """
    from .browser_panel import BrowserPanel
    from .panel_spec import Axes, Control, Fixed, Formula, Line

    horizon = _checks.whole("horizon", horizon, 1, _checks.MAX_POINTS - 1)
    if isinstance(sliders, (Slider, Choice)) or not isinstance(sliders, Sequence) or not sliders:
        raise InvalidParameterError(f"sliders must be a non-empty list of Slider; got sliders={sliders!r}.")
    label = ", ".join(f"{s.name}={{{s.name}:short}}" for s in sliders)
    params = {**dict(fixed or {}), **{s.name: Control(s.name) for s in sliders}}
    behind = []
    for curve in reference or []:
        style = dict(curve.style)
        behind.append(Line(curve.label, Fixed(curve.values), colour=style.get("color", "0.45"),
                           dash=style.get("linestyle", "-"), drawstyle=style.get("drawstyle", drawstyle),
                           width=style.get("linewidth")))
    line = Line(label, Formula(schedule, params), colour=colour, drawstyle=drawstyle)
    axes = Axes(title, [*behind, line], horizon=horizon, logy=logy, legend="best")
    return BrowserPanel(sliders, [axes])
