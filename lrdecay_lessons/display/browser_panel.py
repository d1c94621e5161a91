"""A slider panel drawn by the browser: live in JupyterLab, in the offline book and in the slides, with no kernel.

A :class:`BrowserPanel` is an anywidget whose ES module (``display/static/panel.js``, built from
``webpanel/`` by ``make webpanel``) evaluates the panel's programs (:mod:`.panel_spec`) with the
schedule formulas in JavaScript and draws them with uPlot whenever a control moves: no kernel round
trip, no Matplotlib, no PNG. The controls' values are synced to the kernel where one runs
(:attr:`BrowserPanel.values`), so Python code after the panel sees them.

Its output also holds a PNG of the starting picture, drawn here with Matplotlib from the same programs:
what GitHub, nbviewer and a notebook read without its widget state show.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence

import anywidget
import numpy as np
import traitlets

from .panel_spec import Axes, fill
from .path_axes import PathAxes
from .plotting import Curve, display_size, figure_png_base64, new_figure, plot_curves
from .reruns import replace_in_cell
from ..errors import InvalidParameterError
from ..i18n import tr

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .widgets import Choice, Slider

__all__ = ["BrowserPanel", "PANEL_MODULE"]

#: The bundled ES module (uPlot, the formulas and the panel), committed; ``make webpanel`` rebuilds it.
PANEL_MODULE = Path(__file__).resolve().parent / "static" / "panel.js"


def _control_json(spec: Any, when: Optional[tuple[str, Sequence[Any]]] = None) -> dict:
    from .widgets import Choice, shown_label

    if isinstance(spec, Choice):
        options = [o[1] if isinstance(o, tuple) else o for o in spec.options]
        texts = [spec.text(o) for o in options]
    else:
        options = [int(x) for x in spec.grid()] if spec.integer else [float(x) for x in spec.grid()]
        texts = [spec.text(x) for x in options]
    out = {"name": spec.name, "label": shown_label(spec), "options": options, "texts": texts,
           "kind": "choice" if isinstance(spec, Choice) else "slider"}
    if when is not None:
        out["when"] = {"control": when[0], "in": list(when[1])}
    return out


class BrowserPanel(anywidget.AnyWidget):
    """Sliders and charts, the charts redrawn by the browser from the panel's programs.

    Parameters
    ----------
    sliders : sequence of Slider or Choice
        The controls, top to bottom; each offers its :meth:`~lrdecay_lessons.display.Slider.grid`
        and starts at its ``value``.
    axes : sequence of Axes or PathAxes
        The charts, top to bottom (or side by side with ``layout="row"``).
    heading : str, optional
        Text above the controls; by default "Move the sliders" in the course's language.
    derived : mapping, optional
        Further names the labels and programs may use, each an expression of the controls and of the
        derived names before it (e.g. ``{"marks": Sorted(("m1", "m2"))}``).
    layout : {"column", "row"}
        How the charts are placed.
    figsize : (float, float), optional
        Size of the stored picture in inches; by default the course's figure, taller per chart.
    compute : callable, optional
        ``compute(values) -> {key: array, "names": {...}}`` for :class:`~.panel_spec.Computed` lines: what
        only the kernel can compute (a training run), run again whenever a control moves; its ``"names"``
        fill labels too. A ``ValueError`` it raises is shown under the controls. Without a kernel (the
        book) such a panel keeps its starting picture. In the browser such a panel asks the kernel when a
        control is released (or a key moves it), not at every position a drag passes.
    shown_when : mapping, optional
        ``{control: (other control, values)}``: show ``control`` only while ``other control`` has one of
        ``values`` (e.g. a schedule's own parameters only while that schedule is chosen).

    Notes
    -----
    ``last_compute_seconds`` times the last ``compute`` call.
    """

    _esm = PANEL_MODULE
    spec = traitlets.Dict().tag(sync=True)
    values = traitlets.Dict().tag(sync=True)
    computed = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        sliders: Sequence["Slider | Choice"],
        axes: Sequence[Axes],
        *,
        heading: Optional[str] = None,
        derived: Optional[Mapping[str, Any]] = None,
        layout: str = "column",
        figsize: Optional[tuple[float, float]] = None,
        compute: Optional[Callable[[dict], Mapping[str, Any]]] = None,
        shown_when: Optional[Mapping[str, tuple[str, Sequence[Any]]]] = None,
    ) -> None:
        from .widgets import Choice, Slider

        heading = tr("Move the sliders") if heading is None else heading

        if isinstance(sliders, (Slider, Choice)) or not isinstance(sliders, Sequence) or not sliders:
            raise InvalidParameterError(f"sliders must be a non-empty list of Slider or Choice; got sliders={sliders!r}.")
        for i, spec in enumerate(sliders):
            if not isinstance(spec, (Slider, Choice)):
                raise InvalidParameterError(f"sliders[{i}] must be a Slider or a Choice; got sliders[{i}]={spec!r}.")
        if isinstance(axes, (Axes, PathAxes)) or not axes or not all(isinstance(a, (Axes, PathAxes)) for a in axes):
            raise InvalidParameterError(f"axes must be a non-empty list of Axes or PathAxes; got axes={axes!r}.")
        if layout not in ("column", "row"):
            raise InvalidParameterError(f"layout must be 'column' or 'row'; got layout={layout!r}.")
        names = [s.name for s in sliders]
        shown_when = dict(shown_when or {})
        for name, condition in shown_when.items():
            if name not in names or not isinstance(condition, tuple) or len(condition) != 2 or condition[0] not in names \
                    or isinstance(condition[1], str) or not isinstance(condition[1], Sequence):
                raise InvalidParameterError(f"shown_when must map a control to (another control, its values), both of "
                                            f"{names}; got shown_when[{name!r}]={condition!r}.")
        self._shown_when = shown_when
        self._sliders = list(sliders)
        self._axes = list(axes)
        self._derived = dict(derived or {})
        self._figsize = figsize
        self._arrangement = layout
        if compute is not None and not callable(compute):
            raise InvalidParameterError(f"compute must be None or a function compute(values) -> dict; got compute={compute!r}.")
        self._compute = compute
        self.last_compute_seconds = float("nan")
        start = {s.name: (int(s.value) if getattr(s, "integer", False) else s.value) for s in sliders}
        computed = self._computed(start)
        if "error" in computed:
            raise InvalidParameterError(f"compute fails for the controls' starting values: {computed['error']}")
        self.curves(start, computed)  # bad programs fail here, before a widget exists
        super().__init__(
            computed=computed,
            spec={"heading": heading, "layout": layout, "kernel": compute is not None,
                  "controls": [_control_json(s, shown_when.get(s.name)) for s in sliders],
                  # [name, expression] pairs: in order, which a notebook's stored (key-sorted) state keeps
                  "derived": [[name, getattr(e, "to_json", lambda e=e: e)()] for name, e in self._derived.items()],
                  "plots": [a.to_json() for a in axes]},
            values=start,
        )
        if compute is not None:
            self.observe(lambda change: setattr(self, "computed", self._computed(change["new"])), names="values")
        replace_in_cell(self)

    def _computed(self, values: Mapping[str, Any]) -> dict:
        """What ``compute`` gives for ``values``, as the browser reads it (lists; NaN as null), or its error."""
        if self._compute is None:
            return {}
        started = time.perf_counter()
        try:
            result = dict(self._compute(dict(values)))
        except ValueError as error:
            return {"values": dict(values), "error": str(error)}
        finally:
            self.last_compute_seconds = time.perf_counter() - started
        out: dict[str, Any] = {"values": dict(values), "names": dict(result.pop("names", {}))}
        for key, array in result.items():
            numbers = np.asarray(array, dtype=float).ravel()
            out[key] = [float(v) if math.isfinite(v) else None for v in numbers]
        return out

    @property
    def specs(self) -> dict:
        """The controls' specifications (:class:`~.widgets.Slider`, :class:`~.widgets.Choice`) by name."""
        return {s.name: s for s in self._sliders}

    def shown(self, values: Optional[Mapping[str, Any]] = None) -> list:
        """The controls on show for ``values`` (default: the current ones), top to bottom."""
        values = dict(self.values if values is None else values)
        return [s for s in self._sliders
                if s.name not in self._shown_when or values[self._shown_when[s.name][0]] in self._shown_when[s.name][1]]

    def names(self, values: Mapping[str, Any]) -> dict:
        """The names a label may use: the controls' values and the derived ones."""
        from .panel_spec import resolve

        names = dict(values)
        for name, expression in self._derived.items():  # in order: each may use the ones before it
            names[name] = resolve(expression, names)
        return names

    def curves(self, values: Optional[Mapping[str, Any]] = None,
               computed: Optional[Mapping[str, Any]] = None) -> list[list[tuple[str, np.ndarray, np.ndarray]]]:
        """Every chart's ``(label, steps, values)`` lines for ``values`` (default: the current ones),
        computed in Python with the package's functions: what the browser must draw."""
        values = dict(self.values if values is None else values)
        if computed is None:
            computed = self.computed if values == self.values and self.computed else self._computed(values)
        names = {**self.names(values), **computed.get("names", {})}
        return [axes.curves(values, names, computed) for axes in self._axes]

    def figure(self, values: Optional[Mapping[str, Any]] = None) -> "Figure":
        """The Matplotlib figure of ``values`` (default: the current ones): the stored picture."""
        values = dict(self.values if values is None else values)
        computed = self.computed if values == self.values and self.computed else self._computed(values)
        names = {**self.names(values), **computed.get("names", {})}
        if self._figsize is not None:
            size = self._figsize
        else:
            size = (10.0, 5.2 * (1 if len(self._axes) == 1 else 0.8 * len(self._axes))) if self._arrangement == "column" \
                else (6.0 * len(self._axes), 5.2)
        shape = (len(self._axes), 1) if self._arrangement == "column" else (1, len(self._axes))
        ratios = {"height_ratios": [a.height for a in self._axes]} if self._arrangement == "column" else {}
        figure, grid = new_figure(*shape, figsize=size, squeeze=False, gridspec_kw=ratios)
        for ax, axes, lines in zip(grid.flat, self._axes, self.curves(values, computed)):
            if isinstance(axes, PathAxes):
                axes.draw(ax, values, names, computed)
                continue
            for (steps, low, high), band in zip(axes.band_values(values, computed), axes.bands):
                colour = fill(band.colour, names) if "{" in band.colour else band.colour
                ax.fill_between(steps, low, high, color=colour, alpha=band.alpha, linewidth=0)
            # NaN is no value (e.g. after a run stopped): the stored picture draws the values there are.
            curves = [Curve(label, steps[np.isfinite(ys)], ys[np.isfinite(ys)], line.style(names))
                      for (label, steps, ys), line in zip(lines, axes.lines) if np.isfinite(ys).any()]
            placed = axes.legend in ("below", "outside right") or bool(axes.legend_title)
            if curves:
                plot_curves(curves, title=fill(axes.title, names), ax=ax, xlabel=axes.xlabel, ylabel=axes.ylabel,
                            logy=axes.logy, legend_loc=None if placed else axes.legend)
            else:  # nothing to draw (every run diverged): the axes still say what they would show
                ax.set(title=fill(axes.title, names), xlabel=axes.xlabel, ylabel=axes.ylabel,
                       yscale="log" if axes.logy else "linear")
            if not axes.from_zero and not axes.logy:
                ax.set_autoscaley_on(True)
                ax.autoscale_view(scalex=False)
            title = (fill(axes.legend_title, names) if axes.legend_title else "") or None
            if placed and any(curve.label for curve in curves):
                if axes.legend == "below":  # under the axes, two columns, as a figure legend below the plot
                    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14 if axes.xlabel else -0.08), ncol=2,
                              title=title)
                elif axes.legend == "outside right":
                    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title=title, alignment="left")
                elif axes.legend is not None:
                    ax.legend(loc=axes.legend, title=title)
            guides = axes.guides(names)
            for x in guides:
                ax.axvline(x, color="0.6", linestyle=":", linewidth=1.5)
            if guides:  # the x ticks at the guides and both ends, as the browser's
                steps = lines[0][1]
                ax.set_xticks([float(steps[0]), *guides, float(steps[-1])])
                ax.set_xlim(float(steps[0]), float(steps[-1]))
            if axes.ylim is not None:
                ax.set_ylim(*axes.ylim)
        return figure

    def close(self) -> None:
        """Close the widget and its layout (a re-run of its cell does this: :mod:`.reruns`)."""
        layout = self.layout
        super().close()
        layout.close()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        data = dict(data or {})
        figure = self.figure()
        data["image/png"] = figure_png_base64(figure)
        data["text/plain"] = tr("[slider panel: ") + " · ".join(
            f"{s.name} = {s.text(self.values[s.name])}" for s in self.shown()) + "]"
        return data, {**(metadata or {}), "image/png": display_size(figure)}
