"""Slider panels that redraw a figure, and still show it when read statically.

A :class:`SliderPanel` shows a row of sliders and, below it, an ordinary figure
output. Moving a slider recomputes and *replaces that output in place* (an
IPython display handle), so:

* in a live kernel the picture follows the sliders;
* on GitHub, nbviewer or in a stored notebook, the figure for the initial slider
  values is a normal image, and the sliders read as one line of text naming their
  values instead of a widget that cannot be shown;
* a bad combination of values (say ``lr_end > lr0``) shows the package's error
  message under the sliders instead of a traceback.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence

import ipywidgets as w
import numpy as np
from IPython.display import display

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from . import _checks
from .plotting import SCHEDULE_COLOURS, Curve, plot_curves

__all__ = [
    "Slider",
    "Choice",
    "SliderPanel",
    "schedule_panel",
]


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
        Increment; ``1`` for integers by default, 1/100 of the range otherwise.
    label : str, optional
        Text before the slider, e.g. ``"γ (gamma)"``; defaults to ``name``.
    integer : bool, default False
        Whole numbers only (steps, periods).
    log : bool, default False
        Logarithmic slider (learning rates spanning decades); ``min``/``max`` are
        then the values themselves, not their logarithms.
    """

    name: str
    value: float
    min: float
    max: float
    step: Optional[float] = None
    label: Optional[str] = None
    integer: bool = False
    log: bool = False

    def __post_init__(self) -> None:
        _checks.text("name", self.name)
        for field_name in ("value", "min", "max"):
            _checks.real(field_name, getattr(self, field_name), f"a finite number for slider {self.name!r}")
        if not self.min < self.max:
            raise ValueError(f"min must be < max for slider {self.name!r}; got min={self.min!r}, max={self.max!r}.")
        if self.step is not None and _checks.real("step", self.step, "None or a finite number > 0") <= 0:
            raise ValueError(f"step must be None or a finite number > 0; got step={self.step!r}.")
        if self.label is not None:
            _checks.text("label", self.label)
        for field_name in ("integer", "log"):
            if not isinstance(getattr(self, field_name), bool):
                raise TypeError(f"{field_name} must be True or False; got {field_name}={getattr(self, field_name)!r}.")
        if not self.min <= self.value <= self.max:
            raise ValueError(
                f"value must lie in [min, max] = [{self.min}, {self.max}] for slider "
                f"{self.name!r}; got value={self.value!r}."
            )
        if self.log and self.min <= 0:
            raise ValueError(f"min must be > 0 for a log slider {self.name!r}; got min={self.min!r}.")

    def text(self, value: Any) -> str:
        """The value as the controls' plain-text form shows it."""
        return _short(value)

    def build(self, continuous_update: bool = True) -> w.Widget:
        """The ipywidgets slider for this specification."""
        common = dict(
            description=self.label or self.name,
            continuous_update=continuous_update,
            style={"description_width": "initial"},
            layout=w.Layout(width="32em"),
        )
        if self.integer:
            return w.IntSlider(
                value=int(self.value), min=int(self.min), max=int(self.max), step=int(self.step or 1), **common
            )
        if self.log:
            low, high = np.log10(self.min), np.log10(self.max)
            return w.FloatLogSlider(
                value=self.value, base=10, min=low, max=high, step=self.step or (high - low) / 100,
                readout_format=".3g", **common
            )
        return w.FloatSlider(
            value=self.value, min=self.min, max=self.max,
            step=self.step or (self.max - self.min) / 100, readout_format=".3g", **common
        )


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
    label : str, optional
        Text before the dropdown; defaults to ``name``.
    """

    name: str
    value: Any
    options: Sequence[Any]
    label: Optional[str] = None

    def __post_init__(self) -> None:
        if self.value not in self.values:
            raise ValueError(f"value must be one of {list(self.values)} for dropdown {self.name!r}; "
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
        return w.Dropdown(options=list(self.options), value=self.value, description=self.label or self.name,
                          style={"description_width": "initial"}, layout=w.Layout(width="24em"))


class _Controls(w.VBox):
    """The sliders' box, whose plain-text form lists the current values."""

    def __init__(
        self, sliders: Mapping[str, w.Widget], specs: Mapping[str, Any], message: w.HTML, title: str
    ) -> None:
        super().__init__([w.HTML(f"<b>{title}</b>") if title else w.HTML(), *sliders.values(), message])
        self._sliders = sliders
        self._specs = specs
        self._title = title

    def _repr_mimebundle_(self, **kwargs: Any) -> Optional[dict]:
        bundle = super()._repr_mimebundle_(**kwargs)
        values = " · ".join(
            f"{name} = {self._specs[name].text(slider.value)}" for name, slider in self._sliders.items()
        )
        text = f"{self._title}: {values}" if self._title else values
        bundle["text/plain"] = f"[sliders — run the notebook to move them] {text}"
        return bundle


class SliderPanel:
    """Sliders that call ``draw(values) -> Figure`` and show the result in place.

    Parameters
    ----------
    draw : callable
        Takes a dict ``{name: value}`` (the sliders' values merged over ``fixed``)
        and returns a new :class:`matplotlib.figure.Figure`.
    sliders : sequence of Slider or Choice
        The controls (sliders and dropdowns), top to bottom.
    fixed : mapping, optional
        Further keyword values passed to ``draw`` that have no slider.
    title : str, optional
        Heading above the sliders.
    continuous_update : bool, default True
        Redraw while a slider is dragged (the redraw is fast enough; see the
        ``last_redraw_seconds`` attribute), or only on release.

    Notes
    -----
    A ``ValueError`` raised by ``draw`` (an invalid combination of values) is
    shown as a message below the sliders; the last good figure stays. Any other
    exception from ``draw`` is shown the same way, with its type, instead of
    leaving the panel silently unchanged.
    ``last_redraw_seconds`` times ``draw`` alone; ``last_update_seconds`` times a
    whole slider callback in a live notebook, PNG rendering included.
    """

    def __init__(
        self,
        draw: Callable[[dict], Figure],
        sliders: Sequence[Slider],
        fixed: Optional[Mapping[str, Any]] = None,
        title: str = "",
        continuous_update: bool = True,
    ) -> None:
        if not callable(draw):
            raise TypeError(f"draw must be a function draw(values) -> Figure; got draw={draw!r}.")
        if isinstance(sliders, (Slider, Choice)) or not isinstance(sliders, Sequence):
            raise TypeError(f"sliders must be a list of Slider or Choice; got sliders={sliders!r}.")
        if not sliders:
            raise ValueError("sliders must hold at least one Slider; got an empty sequence.")
        for i, spec in enumerate(sliders):
            if not isinstance(spec, (Slider, Choice)):
                raise TypeError(f"sliders[{i}] must be a Slider or a Choice; got sliders[{i}]={spec!r}.")
        if fixed is not None and not isinstance(fixed, Mapping):
            raise TypeError(f"fixed must be a dict of keyword values or None; got fixed={fixed!r}.")
        self._draw = draw
        self._fixed = dict(fixed or {})
        self.specs = {spec.name: spec for spec in sliders}
        self.sliders = {spec.name: spec.build(continuous_update) for spec in sliders}
        self.message = w.HTML()
        self.controls = _Controls(self.sliders, self.specs, self.message, title)
        self._handle = None
        self.last_redraw_seconds = float("nan")
        self.last_update_seconds = float("nan")
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")

    @property
    def values(self) -> dict:
        """The current keyword values: fixed ones updated with the sliders'."""
        return {**self._fixed, **{name: s.value for name, s in self.sliders.items()}}

    def figure(self) -> Optional[Figure]:
        """Draw for the current values; ``None`` (and a message) if they are invalid."""
        started = time.perf_counter()
        try:
            figure = self._draw(self.values)
        except ValueError as error:
            self.message.value = f'<span style="color:#b42318;font-size:1.1em">⚠ {error}</span>'
            return None
        except Exception as error:  # a learner's draw: show what went wrong rather than freeze the panel
            self.message.value = (
                f'<span style="color:#b42318;font-size:1.1em">⚠ draw raised {type(error).__name__}: '
                f"{html.escape(str(error))}</span>"
            )
            return None
        self.message.value = ""
        self.last_redraw_seconds = time.perf_counter() - started
        return figure

    def _on_change(self, change: Mapping[str, Any]) -> None:
        started = time.perf_counter()
        figure = self.figure()
        if figure is not None and self._handle is not None:
            self._handle.update(figure)  # renders the PNG: most of a redraw's time
            self.last_update_seconds = time.perf_counter() - started

    def _ipython_display_(self) -> None:
        display(self.controls)
        figure = self.figure()
        self._handle = display(figure if figure is not None else self.message, display_id=True)


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
) -> SliderPanel:
    """A slider panel for one schedule: each slider is one parameter of its formula.

    Parameters
    ----------
    schedule : callable
        A function from :mod:`lrdecay_lessons.schedules`.
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
        Curves drawn behind the schedule for comparison (e.g. the initial setting).
    """
    steps = np.arange(0, int(horizon) + 1)
    name = getattr(schedule, "__name__", "schedule")
    colour = SCHEDULE_COLOURS.get(name, "C0")
    keywords = [s.name for s in sliders]

    def draw(values: dict) -> Figure:
        lr = schedule(steps, **values)
        shown = ", ".join(f"{k}={_short(values[k])}" for k in keywords)
        curves = list(reference or []) + [Curve(shown, steps, lr, {"color": colour})]
        return plot_curves(curves, title=title, logy=logy, drawstyle=drawstyle)

    return SliderPanel(draw, sliders, fixed=fixed, title="Move the sliders")
