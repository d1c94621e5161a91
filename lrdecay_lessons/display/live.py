"""A figure that stays alive between slider moves and redraws only what moved.

Building a new Matplotlib figure and rendering it costs most of a slider panel's
redraw: the first draw of a figure lays it out (constrained layout), creates its
ticks and measures every text. A :class:`LiveFigure` keeps one figure on one Agg
canvas for a panel's whole life and, after a change, redraws in one of two ways:

* **blit** -- the artists that move (a schedule's line, the legend naming the
  slider values) and everything drawn above them are left out of a cached
  background (axes, grid, ticks, reference curves, titles); a redraw restores that
  background and draws only them, in the order a full draw would
  (:meth:`Figure.draw_artist`);
* **full** -- when an axis' limits moved by half a pixel or more (new ticks), or
  the caller asks for it: the layout is solved again, as for a new figure, the
  whole figure is drawn and the background cached anew.

The picture then goes out as PNG bytes (:func:`png_bytes`), encoded straight from
the canvas' pixels. So each picture is the one a new figure with the same content
would show (to within half a pixel for the blitted axes range), at a fraction of
the cost.
"""

from __future__ import annotations

import struct
import zlib
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence

import numpy as np
from ..errors import InvalidParameterError

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["LiveFigure", "png_bytes"]

#: zlib level for pictures sent while a slider moves: level 1 encodes about twice as fast as
#: level 6 for some 40 % more bytes (``benchmarks/bench_redraw.py``).
LIVE_COMPRESSION = 1
#: zlib level for the first picture, the one a saved notebook keeps (as small as Matplotlib's).
STORED_COMPRESSION = 6

#: A limit may move by this many pixels before a blit would misplace what it draws.
_HALF_PIXEL = 0.5


def png_bytes(figure: Figure, compress_level: int = LIVE_COMPRESSION) -> bytes:
    r"""The canvas' current pixels as a PNG file (nothing is drawn again).

    Written here rather than by Pillow: 8-bit RGBA rows, each with filter type 0
    (none), deflated by :func:`zlib.compress` -- two to three times faster than
    Pillow at level 1, whose adaptive row filters cost more than they save on a
    plot's flat colours (``benchmarks/bench_redraw.py``).

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A figure on an Agg canvas that has been drawn.
    compress_level : int, default 1
        zlib level, 0 (none) to 9 (smallest, slowest).
    """
    if not isinstance(compress_level, int) or isinstance(compress_level, bool) or not 0 <= compress_level <= 9:
        raise InvalidParameterError(f"compress_level must be a whole number from 0 to 9; got compress_level={compress_level!r}.")
    rgba = np.asarray(figure.canvas.buffer_rgba())
    height, width, _ = rgba.shape
    rows = np.empty((height, 1 + 4 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type: none
    rows[:, 1:] = rgba.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA, deflate, no interlace
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(rows.tobytes(), compress_level)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _limits(ax: Axes) -> tuple:
    return (ax.get_xscale(), ax.get_yscale(), ax.get_xlim(), ax.get_ylim())


def _tick_labels(axis: Any) -> tuple:
    """The labels the axis would draw (major and minor, within its view) and its offset text
    (such as ``×10⁵``), as strings."""
    low, high = sorted(axis.get_view_interval())
    labels = []
    for locs, formatter in ((axis.get_majorticklocs(), axis.get_major_formatter()),
                            (axis.get_minorticklocs(), axis.get_minor_formatter())):
        shown = [loc for loc in locs if low <= loc <= high]
        labels.append((*formatter.format_ticks(shown), formatter.get_offset()) if shown else ())
    return tuple(labels)


def _layout_key(figure: Figure) -> tuple:
    """What the constrained layout of a figure depends on that a panel's move can change: the tick
    labels, the number of lines of each title and axis label, and the texts of legends placed
    outside their axes. Equal keys give the same layout, so a full redraw may keep it."""
    key: list = []
    for ax in figure.axes:
        key.append(_tick_labels(ax.xaxis) + _tick_labels(ax.yaxis))
        texts = (ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label)
        key.append(tuple((bool(t.get_text()), t.get_text().count("\n")) for t in texts))
        legend = ax.get_legend()
        if legend is not None and legend.get_bbox_to_anchor() is not ax.bbox:
            key.append(tuple(t.get_text() for t in legend.get_texts()))
    key.append(tuple(t.get_text() for t in figure.texts))
    key.append(tuple(tuple(t.get_text() for t in legend.get_texts()) for legend in figure.legends))
    return tuple(key)


def _pixels_moved(ax: Axes, old: tuple, new: tuple) -> float:
    """How far (in pixels) the farthest of an axes' four limits moved, on its own scale."""
    if old[:2] != new[:2]:
        return float("inf")
    moved = 0.0
    for scale_name, (a0, a1), (b0, b1), size in (
        (old[0], old[2], new[2], ax.bbox.width),
        (old[1], old[3], new[3], ax.bbox.height),
    ):
        values = np.array([a0, a1, b0, b1], dtype=float)
        if scale_name == "log":
            if np.any(values <= 0):
                return float("inf")
            values = np.log10(values)
        elif scale_name != "linear":
            return float("inf") if (a0, a1) != (b0, b1) else 0.0
        span = abs(values[1] - values[0])
        if span == 0 or not np.all(np.isfinite(values)):
            return float("inf")
        moved = max(moved, float(np.max(np.abs(values[2:] - values[:2]))) / span * size)
    return moved


class LiveFigure:
    """One figure on one Agg canvas, redrawn in place (see the module docstring).

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure, built as for a static picture (its layout engine, if any, is kept
        and run again at every full redraw).
    moving : sequence of Artist, optional
        The artists a redraw changes (lines whose data follow the sliders, a legend
        naming their values), of the figure's axes or of the figure itself (a legend
        below the axes). Empty: every redraw is a full one.

    Nothing is drawn until the first :meth:`redraw` (a full one).

    Attributes
    ----------
    last_redraw : {"full", "blit", None}
        How the latest picture was made.
    full_redraws, blits : int
        How many of each so far.
    """

    def __init__(self, figure: Figure, moving: Sequence[Artist] = ()) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        if not isinstance(figure, Figure):
            raise InvalidParameterError(f"figure must be a matplotlib Figure; got figure={figure!r}.")
        FigureCanvasAgg(figure)
        self.figure = figure
        # Run by hand at a full redraw (not by every draw), so that one may keep the layout (layout=False).
        self._engine = figure.get_layout_engine()
        if self._engine is not None:
            figure.set_layout_engine("none")
        self._moving: list[Artist] = []
        self._overlay: list[tuple[Any, list[Artist]]] = []
        self._background = None
        self._drawn: dict[int, tuple] = {}
        self._laid_out_for: Optional[tuple] = None
        self.last_redraw: Optional[str] = None
        self.full_redraws = 0
        self.blits = 0
        self.set_moving(moving)

    @property
    def moving(self) -> list[Artist]:
        """The artists a blit redraws (see :meth:`set_moving`)."""
        return list(self._moving)

    def set_moving(self, moving: Iterable[Artist]) -> None:
        """Choose the artists that move; the next redraw is a full one."""
        for _, group in self._overlay:
            for artist in group:
                artist.set_animated(False)
        self._moving = list(moving)
        self._overlay = []
        from matplotlib.axes import Axes

        # Axes draw before the figure's own legends and texts, each in its z-order: the same here.
        for parent in [*self.figure.axes, self.figure]:
            mine = [a for a in self._moving if (getattr(a, "axes", None) or self.figure) is parent]
            if not mine:
                continue
            # What the parent draws, in its order; everything from the first moving artist on goes on top.
            order = sorted((a for a in parent.get_children() if a is not parent.patch), key=attrgetter("zorder"))
            missing = [a for a in mine if a not in order]
            if missing:
                raise InvalidParameterError(f"moving artists must belong to the figure; got {missing!r}.")
            group = order[min(order.index(a) for a in mine):]
            if any(isinstance(a, Axes) for a in group):
                raise InvalidParameterError(f"moving artists must be drawn above every axes; got {mine!r}.")
            for artist in group:
                artist.set_animated(True)
            self._overlay.append((parent, group))
        self._background = None

    def redraw(self, full: bool = False, layout: bool = True) -> str:
        """Draw the figure's current state; returns ``"full"`` or ``"blit"``.

        A blit is made unless ``full`` is true, there is no cached background, or an
        axes' limits moved by half a pixel or more since the last full redraw. When
        they moved by less, the drawn limits are kept, so what moves lines up with the
        background. A full redraw solves the layout again first when what it depends on
        changed (new tick labels may be wider; see ``_layout_key``), unless ``layout`` is false.
        """
        full = full or self._background is None
        if not full:
            for ax in self.figure.axes:
                drawn = self._drawn.get(id(ax))
                if drawn is None or _pixels_moved(ax, drawn, _limits(ax)) >= _HALF_PIXEL:
                    full = True
                    break
        if full:
            self._full(layout)
        else:
            self._blit()
        return self.last_redraw  # type: ignore[return-value]

    def png(self, compress_level: int = LIVE_COMPRESSION) -> bytes:
        """The latest picture as PNG bytes (see :func:`png_bytes`)."""
        return png_bytes(self.figure, compress_level)

    def _full(self, layout: bool = True) -> None:
        canvas = self.figure.canvas
        if self._engine is not None and layout:
            key = _layout_key(self.figure)
            if key != self._laid_out_for:  # new tick labels may be wider: solve the layout again
                self._engine.execute(self.figure)
                self._laid_out_for = key
        canvas.draw()
        self._background = canvas.copy_from_bbox(self.figure.bbox) if self._overlay else None
        self._draw_overlay()
        self._drawn = {id(ax): _limits(ax) for ax in self.figure.axes}
        self.last_redraw = "full"
        self.full_redraws += 1

    def _blit(self) -> None:
        for ax in self.figure.axes:  # within half a pixel: keep the drawn range
            _, _, xlim, ylim = self._drawn[id(ax)]
            if (ax.get_xlim(), ax.get_ylim()) != (xlim, ylim):
                ax.set_xlim(xlim, auto=None)
                ax.set_ylim(ylim, auto=None)
        self.figure.canvas.restore_region(self._background)
        self._draw_overlay()
        self.last_redraw = "blit"
        self.blits += 1

    def _draw_overlay(self) -> None:
        for _, group in self._overlay:
            for artist in group:
                if artist.get_visible():
                    self.figure.draw_artist(artist)
