"""Projector-friendly plots of learning-rate schedules.

Figures are built with :class:`matplotlib.figure.Figure` directly, not through
``pyplot``: a notebook cell shows the figure it returns exactly once, slider
callbacks can redraw without leaking figures, and nothing depends on global
pyplot state.

Figure text is English, or Chinese after ``use_course_style(lang="zh")``: the
default fonts have no Chinese glyphs (a missing glyph would print a warning into
the notebook), so the package ships a subset of Noto Sans CJK SC
(:mod:`lrdecay_lessons.i18n`'s ``fonts``), which Matplotlib falls back to glyph by
glyph after DejaVu Sans.
"""

from __future__ import annotations

import base64
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.ticker import ScalarFormatter

from . import _checks
from .png import png_bytes
from ..errors import InvalidParameterError
from ..i18n import cjk_fonts, set_language, tr

if TYPE_CHECKING:  # matplotlib.figure costs about 0.3 s: loaded by the first figure, not on import
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "COURSE_STYLE",
    "PALETTE",
    "palette_colour",
    "DISTINCT_STYLES",
    "Curve",
    "use_course_style",
    "new_figure",
    "plot_curves",
    "full_y_range",
    "display_size",
    "figure_png",
    "figure_png_base64",
    "DISPLAY_DPI",
    "PIXEL_DENSITY",
    "schedule_curve",
    "mark_points",
    "mark_step",
    "steps_for",
]


#: Pixels per inch of the page a figure is shown on: a 10-inch figure is 1000 CSS pixels wide.
DISPLAY_DPI = 100
#: Pixels drawn per CSS pixel: the PNGs have 1.5 times the shown size in each direction, so that
#: lines and text stay sharp on laptop and projector screens (a compromise with the file size).
PIXEL_DENSITY = 1.5

COURSE_STYLE: dict[str, Any] = {
    "figure.figsize": (10.0, 5.2),
    "figure.dpi": DISPLAY_DPI * PIXEL_DENSITY,
    "font.size": 15,
    "axes.titlesize": 18,
    "axes.titleweight": "bold",
    "axes.labelsize": 16,
    "legend.fontsize": 13,
    "legend.framealpha": 0.9,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "lines.linewidth": 2.8,
    "lines.markersize": 9,
    "axes.grid": True,
    "grid.alpha": 0.35,
    "axes.spines.top": False,
    "axes.spines.right": False,
    # Tick labels such as 0.000175 become 1.75 with "×10⁻⁴" at the end of the axis.
    "axes.formatter.limits": (-3, 4),
    "axes.formatter.use_mathtext": True,
}


#: The course's colours by name: the colour-blind-safe Okabe-Ito palette, then Paul Tol's for more.
#: Each schedule names its colour in the schedule registry; the display layer knows only the names.
PALETTE: Mapping[str, str] = MappingProxyType({
    "black": "#000000",
    "blue": "#0072B2",
    "vermilion": "#D55E00",
    "bluish green": "#009E73",
    "reddish purple": "#CC79A7",
    "sky blue": "#56B4E9",
    "orange": "#E69F00",
    "purple": "#AA3377",
    "grey": "#555555",
    "wine": "#882255",
    "olive": "#999933",
    "indigo": "#332288",
    "teal": "#44AA99",
})


def palette_colour(key: str) -> str:
    """The colour of ``key`` in :data:`PALETTE`, e.g. ``palette_colour("blue") == "#0072B2"``."""
    if key not in PALETTE:
        raise InvalidParameterError(f"key must be one of {', '.join(map(repr, PALETTE))}; got key={key!r}.")
    return PALETTE[key]


#: Line styles told apart on a projector: Okabe-Ito colours, each with its own dash pattern
#: (for families of curves, where shades of one colour map would blur together).
DISTINCT_STYLES: tuple[dict, ...] = (
    {"color": "#0072B2", "linestyle": "-"},
    {"color": "#D55E00", "linestyle": "--"},
    {"color": "#009E73", "linestyle": "-."},
    {"color": "#CC79A7", "linestyle": ":"},
    {"color": "#000000", "linestyle": (0, (5, 1, 1, 1, 1, 1))},
    {"color": "#E69F00", "linestyle": (0, (8, 2))},
    {"color": "#56B4E9", "linestyle": (0, (1, 2))},
)


@dataclass(frozen=True)
class Curve:
    """A labelled line: ``values`` against ``steps``, with matplotlib style keywords."""

    label: str
    steps: np.ndarray
    values: np.ndarray
    style: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _checks.text("label", self.label)
        steps = _checks.number_array("steps", self.steps)
        values = _checks.number_array("values", self.values)
        if steps.shape != values.shape:
            raise InvalidParameterError(
                f"steps and values must have the same length; got {steps.size} steps and {values.size} values."
            )
        if not isinstance(self.style, Mapping):
            raise InvalidParameterError(f"style must be a dict of matplotlib keywords; got style={self.style!r}.")
        object.__setattr__(self, "steps", steps)
        object.__setattr__(self, "values", values)


def display_size(figure: Figure) -> dict:
    """How large to show ``figure``'s PNG, in CSS pixels (``DISPLAY_DPI`` per inch): the
    ``image/png`` metadata that lets a PNG of :data:`PIXEL_DENSITY` times the pixels keep its size."""
    width, height = figure.get_size_inches()
    return {"width": round(width * DISPLAY_DPI), "height": round(height * DISPLAY_DPI)}


def figure_png(figure: Figure) -> Optional[bytes]:
    """``figure`` as PNG bytes, pixel for pixel the picture IPython's ``print_figure(figure, fmt="png",
    bbox_inches=None)`` gives (``None`` for a figure with nothing on it, as there), encoded faster.

    The figure is drawn by Matplotlib's own ``savefig`` with the same settings (its dpi, face and
    edge colours, no tight box), into raw RGBA bytes; those are written as an RGB PNG when every
    pixel is opaque (as the course's figures are: the alpha channel, all 255, is dropped) and as RGBA
    otherwise (:func:`.png.png_bytes`), with no timestamp (the bytes are deterministic).
    """
    if not figure.axes and not figure.lines:
        return None
    from io import BytesIO

    raw = BytesIO()
    canvas, engine = figure.canvas, figure.get_layout_engine()
    # Laid out here, then no engine while savefig draws (with one, even a placeholder, savefig draws every
    # artist once more before the picture); where rcParams would put an engine back, savefig's own way.
    lay_out_here = engine is not None and not (mpl.rcParams["figure.autolayout"]
                                               or mpl.rcParams["figure.constrained_layout.use"])
    _course_canvas_class()(figure)  # as savefig's own switch to an Agg canvas, with a kept renderer
    try:
        if lay_out_here:
            _lay_out(figure, engine)
            figure.set_layout_engine(None)
        figure.savefig(raw, format="rgba", dpi=figure.dpi, facecolor=figure.get_facecolor(),
                       edgecolor=figure.get_edgecolor(), bbox_inches=None)
    finally:
        if lay_out_here:
            figure.set_layout_engine(engine)
        figure.set_canvas(canvas)
    width, height = (int(side) for side in figure.bbox.size)
    pixels = np.frombuffer(raw.getbuffer(), dtype=np.uint8)
    if pixels.size != width * height * 4:  # pragma: no cover - Agg draws int(width) × int(height) pixels
        raise RuntimeError(f"expected {width}×{height} RGBA pixels, got {pixels.size} bytes")
    return png_bytes(pixels.reshape(height, width, 4), figure.dpi)


def _lay_out(figure: Figure, engine: Any) -> None:
    """What savefig's first drawing of a figure with a layout engine does before it draws anything:
    each axes' aspect applied, then the layout run (``Figure.draw``'s first steps).

    Savefig then draws every artist once with rendering switched off, for nothing here (that pass serves
    a tight bounding box, which the course's figures do not use), and draws them again with the layout
    turned off; running the layout alone first saves that pass, and the picture is the same.
    """
    renderer = figure.canvas.get_renderer()
    renderer.new_picture()
    for ax in figure.axes:
        for axes in (ax, *ax.get_children()):
            if hasattr(axes, "apply_aspect"):
                locator = axes.get_axes_locator()
                axes.apply_aspect(locator(axes, renderer) if locator else None)
    if figure.axes:
        try:
            engine.execute(figure)
        except ValueError:  # as Figure.draw: a figure too small for its layout is drawn as it is
            pass


#: How many Agg renderers (one per picture size, 4.7 MB each at the course's size) the figures share.
RENDERERS_KEPT = 2


@lru_cache(maxsize=None)
def _course_canvas_class() -> type:
    """Matplotlib's Agg canvas, drawing with a renderer kept from the last figure of the same size.

    Matplotlib caches the measured size of every text (the tick labels, titles and legends that
    constrained layout measures again and again) per renderer, and its mathtext parses too; savefig
    gives every figure a new renderer, so every figure measured the same texts again. A kept
    renderer is cleared before each drawing (``FigureCanvasAgg.draw``), so the pixels are the same.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.font_manager import fontManager, get_font

    class CourseRenderer(RendererAgg):
        """Matplotlib's Agg renderer, remembering each font's line heights for the picture it draws.

        ``Text._get_layout`` asks a renderer for a font's ascent, descent and line gap
        (``_get_font_height_metrics``, Matplotlib's hook for its PDF and PostScript renderers); without
        the hook it finds the font file and reads two of its tables for every text it measures, thousands
        of times a figure. The numbers here are that computation's, in the same order
        (scale = 1 / unitsPerEm × size in points × dpi / 72), once per font
        and picture: forgotten when a picture starts, so a change of fonts between pictures is seen.
        """

        def __init__(self, width: float, height: float, dpi: float) -> None:
            super().__init__(width, height, dpi)
            self._font_heights: dict = {}

        def new_picture(self) -> None:
            self._font_heights.clear()

        def clear(self) -> None:
            super().clear()
            self.new_picture()

        def _get_font_height_metrics(self, prop: Any) -> tuple:
            heights = self._font_heights.get(prop)
            if heights is None:
                heights = (None, None, None)
                font = get_font(fontManager._find_fonts_by_props(prop))
                for table_name, gap_key, ascent_key, descent_key in (
                        ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                        ("hhea", "lineGap", "ascent", "descent")):
                    table = font.get_sfnt_table(table_name)
                    if table is None:
                        continue
                    scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * self.dpi / 72
                    heights = (table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale)
                    break
                self._font_heights[prop.copy()] = heights
            return heights

    kept: OrderedDict[tuple, RendererAgg] = OrderedDict()

    class CourseCanvas(FigureCanvasAgg):
        def get_renderer(self) -> RendererAgg:
            width, height = self.get_width_height(physical=True)
            key = (width, height, self.figure.dpi)
            renderer = kept.pop(key, None)
            if renderer is None:
                renderer = CourseRenderer(width, height, self.figure.dpi)
            kept[key] = renderer
            while len(kept) > RENDERERS_KEPT:
                kept.popitem(last=False)
            self.renderer, self._lastKey = renderer, key
            return renderer

    return CourseCanvas


def figure_png_base64(figure: Figure) -> Optional[str]:
    """:func:`figure_png` in base64 (ASCII, no line breaks), as a notebook stores ``image/png``."""
    data = figure_png(figure)
    return None if data is None else base64.b64encode(data).decode("ascii")


def _png_with_size(figure: Figure) -> tuple[Optional[str], dict]:
    return figure_png_base64(figure), display_size(figure)


def use_course_style(lang: str = "en") -> None:
    """Large fonts, thick lines and a light grid, readable from the back of a room; the course in ``lang``.

    ``lang="zh"`` makes everything the package shows Chinese (:func:`lrdecay_lessons.i18n.set_language`)
    and draws Chinese figure text with the shipped Noto Sans CJK SC subset.

    In a notebook it also shows a cell's returned :class:`~matplotlib.figure.Figure` as a
    PNG picture, with the formatter ``%matplotlib inline`` would install, registered by
    name: matplotlib's figure machinery (about 0.3 s) then loads with the chapter's first
    figure, not with its first cell. The figures use a constrained layout already, so the
    picture is saved without a tight bounding box (which would render every redraw twice).
    """
    set_language(lang)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        get_ipython = None
    shell = get_ipython() if get_ipython is not None else None
    if shell is not None and hasattr(shell, "kernel"):
        png = shell.display_formatter.formatters["image/png"]
        png.for_type_by_name("matplotlib.figure", "Figure", _png_with_size)
    mpl.rcParams.update(COURSE_STYLE)
    mpl.rcParams["font.family"] = _font_families(lang)


def _font_families(lang: str) -> list[str]:
    """DejaVu Sans, then (in Chinese) the shipped CJK subset, which Matplotlib falls back to glyph by glyph."""
    names = ["DejaVu Sans"]
    if lang == "zh":
        from matplotlib import font_manager

        for path in cjk_fonts():
            font_manager.fontManager.addfont(str(path))
        names.append(font_manager.FontProperties(fname=str(cjk_fonts()[0])).get_name())
    return names


def new_figure(nrows: int = 1, ncols: int = 1, **subplot_kw: Any) -> tuple[Figure, Any]:
    """A fresh figure and its axes, outside pyplot (see the module docstring).

    ``figsize`` defaults to the course style's size, stretched for extra rows/columns.
    """
    from matplotlib.figure import Figure

    width, height = mpl.rcParams["figure.figsize"]
    figsize = subplot_kw.pop("figsize", (width * max(1, 0.75 * ncols), height * max(1, 0.7 * nrows)))
    figure = Figure(figsize=figsize, layout="constrained")
    axes = figure.subplots(nrows, ncols, **subplot_kw)
    for ax in figure.axes:
        ax.xaxis.set_major_formatter(PlainTickFormatter())
        ax.yaxis.set_major_formatter(PlainTickFormatter())
    return figure, axes


class PlainTickFormatter(ScalarFormatter):
    """Matplotlib's number formatter with ``×10⁻⁴`` offsets in math text, but tick labels as plain text.

    With ``axes.formatter.use_mathtext`` every tick label, such as ``0.2``, is typeset as math in the
    same font: a parse per new label, about a fifth of the time a figure takes to draw. Plain text
    looks the same and its size is cached. The offset keeps its superscript.
    """

    _MATH_DEFAULT = "$\\mathdefault{"

    def __init__(self) -> None:
        super().__init__(useMathText=True)

    def __call__(self, x: float, pos: Optional[int] = None) -> str:
        label = super().__call__(x, pos)
        if label.startswith(self._MATH_DEFAULT) and label.endswith("}$"):
            return label[len(self._MATH_DEFAULT):-2]
        return label


def steps_for(total_steps: int, past_end: float = 0.0) -> np.ndarray:
    """Integer steps ``0 .. total_steps`` plus ``past_end`` × ``total_steps`` more."""
    total_steps = _checks.whole("total_steps", total_steps, 1, _checks.MAX_POINTS)
    past_end = _checks.real("past_end", past_end, "a finite number >= 0")
    if past_end < 0:
        raise InvalidParameterError(f"past_end must be a finite number >= 0; got past_end={past_end!r}.")
    last = round(total_steps * (1 + past_end))
    if last + 1 > _checks.MAX_POINTS:
        raise InvalidParameterError(
            f"total_steps × (1 + past_end) must be at most {_checks.MAX_POINTS:,} steps; got "
            f"total_steps={total_steps}, past_end={past_end!r}: {last + 1:,} steps."
        )
    return np.arange(0, last + 1)


def schedule_curve(
    schedule: Callable[..., Any],
    steps: np.ndarray,
    label: Optional[str] = None,
    colour: Optional[str] = None,
    **params: Any,
) -> Curve:
    """Evaluate ``schedule(steps, **params)`` as a :class:`Curve` (in ``colour`` if given)."""
    name = getattr(schedule, "__name__", "schedule")
    style = {"color": colour} if colour is not None else {}
    values = np.asarray(schedule(steps, **params), dtype=float)
    return Curve(label or name.replace("_", " "), np.asarray(steps), values, style)


def plot_curves(
    curves: Sequence[Curve],
    *,
    title: str,
    ax: Optional[Axes] = None,
    xlabel: Optional[str] = None,
    ylabel: Optional[str] = None,
    logy: bool = False,
    legend_loc: Optional[str] = "best",
    drawstyle: str = "default",
) -> Figure:
    """Draw ``curves`` on one axes with a title, labelled axes and a legend.

    Parameters
    ----------
    curves : sequence of Curve
        The lines to draw, in legend order.
    title : str
        Axes title (English; see the module docstring).
    ax : matplotlib Axes, optional
        Draw into this axes; by default a new figure is made.
    xlabel, ylabel : str, optional
        Axis labels; by default "step t" and "learning rate η" in the course's language.
    logy : bool, default False
        Logarithmic learning-rate axis (shows exponential decay as a straight line).
        On a linear axis the y range starts at 0 whenever every value is >= 0 (a full range;
        set ``ax.set_ylim`` afterwards to cut it, and say so in the title).
    legend_loc : str or None
        Where the legend goes; ``None`` draws none (to place one yourself).
    drawstyle : str
        ``'steps-post'`` draws piecewise-constant schedules with vertical jumps.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not curves:
        raise InvalidParameterError("curves must hold at least one Curve; got an empty sequence.")
    if ax is None:
        figure, ax = new_figure()
    else:
        figure = ax.figure
    for curve in curves:
        style = {"drawstyle": drawstyle, **curve.style}
        ax.plot(curve.steps, curve.values, label=curve.label, **style)
    full_y_range(ax, [c.values for c in curves], logy=logy)
    ax.set_title(title)
    ax.set_xlabel(tr("step t") if xlabel is None else xlabel)
    ax.set_ylabel(tr("learning rate η") if ylabel is None else ylabel)
    if legend_loc is not None:
        ax.legend(loc=legend_loc)
    return figure


def full_y_range(ax: Axes, values: Sequence[np.ndarray], *, logy: bool = False) -> None:
    """The y range of :func:`plot_curves`: matplotlib's autoscaled range, starting at 0
    on a linear axis whenever every value is >= 0 (a cut axis makes a 10 % decline look
    like a plunge); on a logarithmic axis (``logy``) matplotlib's range as it is.

    Called by :func:`plot_curves` after plotting, and by a slider panel after it moved
    its lines (:meth:`matplotlib.axes.Axes.relim` first), so both give the same range.
    """
    if logy:
        if ax.get_yscale() != "log":
            ax.set_yscale("log")
    elif all(np.nanmin(np.asarray(v, dtype=float), initial=np.inf) >= 0 for v in values):
        ax.set_ylim(bottom=0)


def mark_step(ax: Axes, step: float, label: str) -> None:
    """A dotted vertical line at ``step`` (e.g. ``t = T``, where a schedule ends), labelled
    directly beside its top (the legend is left as it is)."""
    step = _checks.real("step", step, "a finite number")
    _checks.text("label", label)
    ax.axvline(step, color="0.3", linestyle=":", linewidth=2.2)
    ax.annotate(label, xy=(step, 0.97), xycoords=("data", "axes fraction"), xytext=(6, 0),
                textcoords="offset points", ha="left", va="top", fontsize=13, color="0.2")


def mark_points(
    ax: Axes,
    steps: Sequence[float],
    values: Sequence[float],
    *,
    label: str,
    annotate: bool = True,
    digits: int = 4,
    **style: Any,
) -> None:
    """Mark worked-example points on ``ax`` and write their values beside them."""
    style = {"marker": "o", "linestyle": "none", "color": "black", "zorder": 5, **style}
    ax.plot(steps, values, label=label, **style)
    if annotate:
        for t, value in zip(steps, values):
            ax.annotate(
                f"{value:.{digits}g}",
                (t, value),
                textcoords="offset points",
                xytext=(8, 8),
                fontsize=mpl.rcParams["legend.fontsize"],
            )
    ax.legend()
