"""Move a kept figure to a newly drawn one's state, when they differ only in what lines show.

A slider panel whose ``draw`` builds a new figure at every move
(:class:`~lrdecay_lessons.display.widgets.SliderPanel` without ``update``) pays for the
new figure's first draw: its layout, ticks and texts. Building it without drawing is
cheap. :func:`follow` compares the new figure with the one the panel keeps and, when
they have the same make-up -- the same axes, the same lines in the same styles, the
same titles, ticks and scales -- copies what may differ into the kept one: the lines'
data and labels, the texts of annotations and legends, the axes' limits. The panel
then redraws only those (:class:`~lrdecay_lessons.display.live.LiveFigure`). Anything
else that differs (another number of lines, a new colour, a band, a picture) and the
answer is ``None``: the new figure is drawn as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import numpy as np

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["follow", "movable"]


def movable(figure: Figure) -> list[Artist]:
    """What :func:`follow` may change: every line, text and legend of the axes, and the figure's legends."""
    artists: list[Artist] = []
    for ax in figure.axes:
        artists += [*ax.lines, *ax.texts, *([ax.get_legend()] if ax.get_legend() is not None else [])]
    return artists + list(figure.legends)


def _transform_kind(artist: Any) -> str:
    ax, transform = artist.axes, artist.get_transform()
    if ax is None:
        return ""
    for name, known in (("data", ax.transData), ("xaxis", ax.get_xaxis_transform()),
                        ("yaxis", ax.get_yaxis_transform()), ("axes", ax.transAxes)):
        if transform is known:
            return name
    return "other"


def _line_style(line: Any) -> tuple:
    return (line.get_color(), str(line.get_linestyle()), line.get_linewidth(), str(line.get_marker()),
            line.get_markersize(), str(line.get_markerfacecolor()), str(line.get_markeredgecolor()),
            line.get_drawstyle(), line.get_alpha(), line.get_zorder(), line.get_visible(), _transform_kind(line))


def _text_style(text: Any) -> tuple:
    return (str(text.get_color()), text.get_fontsize(), str(text.get_fontweight()), text.get_ha(), text.get_va(),
            text.get_rotation(), text.get_visible(), text.get_zorder(), str(getattr(text, "xycoords", "")),
            str(getattr(text, "anncoords", "")))


def _ticks(axis: Any) -> tuple:
    locator, formatter = axis.get_major_locator(), axis.get_major_formatter()
    fixed = tuple(getattr(locator, "locs", ())) if type(locator).__name__ == "FixedLocator" else ()
    params = tuple(sorted((k, str(v)) for k, v in axis.get_tick_params().items()))
    return (type(locator).__name__, fixed, type(formatter).__name__, axis.get_visible(), params)


def _legend_make_up(legend: Any) -> tuple:
    if legend is None:
        return ()
    handles = tuple(_line_style(h)[:-1] if hasattr(h, "get_drawstyle") else type(h).__name__
                    for h in legend.legend_handles)
    return (legend._loc, len(legend.get_texts()), legend.get_title().get_text(), legend._ncols, handles)


def _grid(ax: Axes) -> tuple:
    spec = ax.get_subplotspec()
    if spec is None:
        return (tuple(ax.get_position(original=True).bounds),)
    grid = spec.get_gridspec()
    return (spec.rowspan, spec.colspan, grid.nrows, grid.ncols, tuple(grid.get_height_ratios() or ()),
            tuple(grid.get_width_ratios() or ()))


def _axes_make_up(ax: Axes) -> Optional[tuple]:
    if ax.collections or ax.patches or ax.images or ax.child_axes or ax.artists or ax.tables:
        return None  # bands, bars, pictures: not followed
    return (
        _grid(ax), ax.get_xscale(), ax.get_yscale(),
        ax.get_title("center"), ax.get_title("left"), ax.get_title("right"), ax.get_xlabel(), ax.get_ylabel(),
        ax.axison, ax.get_frame_on(), _ticks(ax.xaxis), _ticks(ax.yaxis),
        len(ax.lines), len(ax.texts),
        tuple(_line_style(line) for line in ax.lines), tuple(_text_style(t) for t in ax.texts),
        _legend_make_up(ax.get_legend()),
    )


def _figure_make_up(figure: Figure) -> Optional[tuple]:
    if figure.patches or figure.images or figure.lines or figure.subfigs or figure.artists:
        return None
    return (tuple(figure.get_size_inches()), figure.dpi, len(figure.axes),
            tuple(_legend_make_up(legend) for legend in figure.legends),
            tuple((t.get_text(), _text_style(t)) for t in figure.texts))


def follow(kept: Figure, new: Figure) -> bool:
    """Copy ``new``'s lines, texts and limits into ``kept`` when the two have the same make-up.

    Returns whether it did; when not (``False``), ``kept`` is untouched. Only artists
    of :func:`movable` change.
    """
    make_up = _figure_make_up(kept)
    if make_up is None or make_up != _figure_make_up(new):
        return False
    for a, b in zip(kept.axes, new.axes):
        ours = _axes_make_up(a)
        if ours is None or ours != _axes_make_up(b):
            return False
    for a, b in zip(kept.axes, new.axes):
        for ours, theirs in zip(a.lines, b.lines):
            ours.set_data(theirs.get_xdata(), theirs.get_ydata())
            ours.set_label(theirs.get_label())
        for ours, theirs in zip(a.texts, b.texts):
            ours.set_text(theirs.get_text())
            if hasattr(theirs, "xy"):
                ours.xy = theirs.xy
            ours.set_position(theirs.get_position())
        if a.get_legend() is not None:
            _follow_legend(a.get_legend(), b.get_legend())
        a.set_xlim(b.get_xlim())
        a.set_ylim(b.get_ylim())
    for ours, theirs in zip(kept.legends, new.legends):
        _follow_legend(ours, theirs)
    return True


def _follow_legend(ours: Any, theirs: Any) -> None:
    for text, source in zip(ours.get_texts(), theirs.get_texts()):
        text.set_text(source.get_text())
