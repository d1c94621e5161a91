r"""A chart of paths in a plane for a browser-drawn panel: x–y lines over the contours of a quadratic bowl.

:class:`PathAxes` is to :class:`~.panel_spec.Axes` what a phase portrait is to a curve: each
:class:`PathLine` has an x and a y program (e.g. the two coordinates of a :class:`~.panel_spec.Descent`),
drawn over the filled contours of :math:`f(x) = \tfrac12 \sum_i \lambda_i x_i^2` (:class:`Contours`),
with a black square at the start and a gold star at the minimum. The browser draws it on a canvas of its
own (``PathChart`` in ``webpanel/src/chart.js``); :meth:`PathAxes.draw` draws the stored picture with
Matplotlib from the same programs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence

import numpy as np

from .panel_spec import _NOTHING, Program, fill
from ..errors import InvalidParameterError
from ..i18n import tr

if TYPE_CHECKING:
    from matplotlib.axes import Axes as MplAxes

__all__ = ["Contours", "PathLine", "PathAxes"]


@dataclass(frozen=True)
class Contours:
    r"""Filled contours of :math:`\tfrac12 (\lambda_1 x^2 + \lambda_2 y^2)` at ``levels`` (increasing);
    ``colours[i]`` fills the band between ``levels[i]`` and ``levels[i + 1]`` (opaque colours)."""

    curvatures: tuple[float, float]
    levels: Sequence[float]
    colours: Sequence[str]
    line_colour: str = "#4a6a8a"

    def __post_init__(self) -> None:
        if len(self.colours) != len(self.levels) - 1:
            raise InvalidParameterError(f"colours must hold one colour per band ({len(self.levels) - 1}); "
                                        f"got {len(self.colours)}.")
        if any(b <= a for a, b in zip(self.levels, self.levels[1:])):
            raise InvalidParameterError(f"levels must increase; got levels={list(self.levels)!r}.")

    def to_json(self) -> dict:
        from matplotlib.colors import to_hex

        return {"curvatures": [float(c) for c in self.curvatures], "levels": [float(v) for v in self.levels],
                "colours": [to_hex(c) for c in self.colours], "line_colour": to_hex(self.line_colour)}


@dataclass(frozen=True)
class PathLine:
    """One path: its label template, its x and y programs (one value per point, NaN for none), its look."""

    label: str
    x: Program
    y: Program
    colour: str = "#0072B2"
    width: float = 1.8
    markers: bool = True

    def to_json(self) -> dict:
        from matplotlib.colors import to_hex

        return {"label": self.label, "x": self.x.to_json(), "y": self.y.to_json(), "colour": to_hex(self.colour),
                "width": self.width, "markers": self.markers}


@dataclass(frozen=True)
class PathAxes:
    """A chart of :class:`PathLine` s over ``xlim`` × ``ylim``, with optional contours, start and minimum."""

    title: str
    lines: Sequence[PathLine]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    xlabel: str = "x₁"
    ylabel: str = "x₂"
    contours: Optional[Contours] = None
    start: Optional[tuple[float, float]] = None
    minimum: Optional[tuple[float, float]] = None
    legend: str = "lower right"
    height: int = 520

    def __post_init__(self) -> None:
        if not self.lines:
            raise InvalidParameterError("lines must hold at least one PathLine; got an empty sequence.")
        for name in ("xlim", "ylim"):
            low, high = getattr(self, name)
            if not low < high:
                raise InvalidParameterError(f"{name} must be (low, high) with low < high; got {name}={(low, high)!r}.")
        if self.legend not in ("lower right", "lower left", "upper right", "upper left"):
            raise InvalidParameterError(f"legend must be a corner such as 'lower right'; got legend={self.legend!r}.")

    def curves(self, values: Mapping[str, Any], names: Mapping[str, Any],
               computed: Mapping[str, Any] = _NOTHING) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """``(label, x, y)`` of every path for these values."""
        names = {**values, **names}
        none = np.zeros(0)
        return [(fill(line.label, names), line.x(none, names, computed), line.y(none, names, computed))
                for line in self.lines]

    def draw(self, ax: "MplAxes", values: Mapping[str, Any], names: Mapping[str, Any],
             computed: Mapping[str, Any] = _NOTHING) -> None:
        """The stored picture: the same chart drawn by Matplotlib."""
        names = {**values, **names}
        if self.contours is not None:
            c = self.contours
            x1 = np.linspace(*self.xlim, 241)
            x2 = np.linspace(*self.ylim, 161)
            g1, g2 = np.meshgrid(x1, x2)
            f = 0.5 * (c.curvatures[0] * g1**2 + c.curvatures[1] * g2**2)
            ax.contourf(x1, x2, f, levels=list(c.levels), colors=list(c.colours))
            ax.contour(x1, x2, f, levels=list(c.levels), colors=c.line_colour, linewidths=0.8)
        if self.minimum is not None:
            ax.plot([self.minimum[0]], [self.minimum[1]], marker="*", markersize=20, color="gold",
                    markeredgecolor="black", linestyle="none", label=tr("minimum"), zorder=6)
        for line, (label, xs, ys) in zip(self.lines, self.curves(values, names, computed)):
            ax.plot(xs, ys, marker="o" if line.markers else None, markersize=4, linewidth=line.width,
                    color=line.colour, label=label, zorder=4)
        if self.start is not None:
            ax.plot(*self.start, marker="s", markersize=10, color="black", linestyle="none", zorder=5)
        ax.set_xlim(*self.xlim)
        ax.set_ylim(*self.ylim)
        ax.set_xlabel(self.xlabel)
        ax.set_ylabel(self.ylabel)
        ax.grid(False)
        ax.set_title(fill(self.title, names), fontsize=16)
        ax.legend(loc=self.legend, fontsize=12)

    def to_json(self) -> dict:
        return {"kind": "path", "title": self.title, "xlabel": self.xlabel, "ylabel": self.ylabel,
                "xlim": [float(v) for v in self.xlim], "ylim": [float(v) for v in self.ylim],
                "contours": self.contours.to_json() if self.contours else None,
                "start": [float(v) for v in self.start] if self.start else None,
                "minimum": [float(v) for v in self.minimum] if self.minimum else None,
                "legend": self.legend, "height": self.height, "series": [line.to_json() for line in self.lines]}
