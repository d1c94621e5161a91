"""Small tables that look right in JupyterLab, on nbviewer and in a terminal.

A :class:`Table` renders as HTML in a notebook and as aligned plain text elsewhere,
so nbval can compare both and a static reader still sees a proper table.
"""

from __future__ import annotations

import html
import math
import numbers
from dataclasses import dataclass, field
from typing import Any, Sequence

from . import _checks
from ..errors import InvalidParameterError
from ..i18n import Text
from ..i18n.width import column_width, pad
from ..i18n import tr as catalog_lookup  # a heading a notebook names in English, looked up (not a new message)

__all__ = [
    "Table",
    "format_number",
    "Callout",
]


def format_number(value: Any, digits: int = 6) -> str:
    """Format a number with ``digits`` significant digits; text passes through.

    ``None`` shows as an em dash, booleans as ✓ / ✗, floats in ``%g`` style.
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        value = float(value)
        if math.isnan(value):
            return "—"
        return f"{value:.{digits}g}"
    return str(value)


@dataclass(frozen=True)
class Table:
    """A titled table of rows.

    Parameters
    ----------
    columns : sequence of str
        Column headings.
    rows : sequence of sequence
        One sequence of cells per row; numbers are formatted with ``digits``
        significant digits.
    title : str, optional
        Caption shown above the table.
    digits : int, default 6
        Significant digits for floats.
    highlight : sequence of bool, optional
        Rows to highlight (e.g. where the article disagrees with its formula).
    """

    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    title: str = ""
    digits: int = 6
    highlight: Sequence[bool] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if isinstance(self.columns, str) or not isinstance(self.columns, Sequence):
            raise InvalidParameterError(f"columns must be a list of headings; got columns={self.columns!r}.")
        for i, heading in enumerate(self.columns):
            _checks.text(f"columns[{i}]", heading)
        if isinstance(self.rows, str) or not isinstance(self.rows, Sequence):
            raise InvalidParameterError(f"rows must be a list of rows (each a list of cells); got rows={self.rows!r}.")
        _checks.text("title", self.title)
        _checks.whole("digits", self.digits, 1, 17)
        for i, row in enumerate(self.rows):
            if isinstance(row, str) or not isinstance(row, Sequence):
                raise InvalidParameterError(f"rows[{i}] must be a list of cells; got rows[{i}]={row!r}.")
            if len(row) != len(self.columns):
                raise InvalidParameterError(
                    f"rows[{i}] must have {len(self.columns)} cells (one per column); got {len(row)}."
                )

    def cells(self) -> list[list[str]]:
        """The formatted cells, row by row."""
        return [[format_number(v, self.digits) for v in row] for row in self.rows]

    def column(self, name: str) -> list[Any]:
        """The raw values of one column, named as shown or by its English heading (before translation)."""
        headings = list(self.columns)
        index = headings.index(name if name in headings or catalog_lookup(name) not in headings else catalog_lookup(name))
        return [row[index] for row in self.rows]

    def __repr__(self) -> str:
        cells = self.cells()
        # in Chinese, columns as wide as drawn (a Chinese character takes two); in English, by length as published
        widths = [max([column_width(c)] + [column_width(r[i]) for r in cells]) for i, c in enumerate(self.columns)]
        lines = [self.title] if self.title else []
        lines.append("  ".join(pad(c, w) for c, w in zip(self.columns, widths)))
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(pad(v, w) for v, w in zip(r, widths)) for r in cells]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.columns)
        body = []
        for i, row in enumerate(self.cells()):
            marked = i < len(self.highlight) and self.highlight[i]
            style = ' style="background:#fde2e1"' if marked else ""
            body.append(f"<tr{style}>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>")
        caption = f"<caption><b>{html.escape(self.title)}</b></caption>" if self.title else ""
        return (
            '<table class="lrdecay-table" style="font-size:1.1em">'
            f"{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )


_CALLOUT_COLOURS = {
    "erratum": ("#b42318", "#fef3f2", Text("Erratum 勘误")),
    "note": ("#175cd3", "#eff8ff", Text("Note 注")),
    "ok": ("#067647", "#ecfdf3", Text("Checked 已核对")),
}


@dataclass(frozen=True)
class Callout:
    """A coloured box (erratum, note, or check) whose text is built from computed values."""

    kind: str
    lines: Sequence[str]

    def __post_init__(self) -> None:
        if self.kind not in _CALLOUT_COLOURS:
            raise InvalidParameterError(
                f"kind must be one of {sorted(_CALLOUT_COLOURS)}; got kind={self.kind!r}."
            )
        if isinstance(self.lines, str) or not isinstance(self.lines, Sequence):
            raise InvalidParameterError(
                f"lines must be a list of str (one per line; wrap a single line in a list); got lines={self.lines!r}."
            )
        for i, line in enumerate(self.lines):
            _checks.text(f"lines[{i}]", line)

    def __repr__(self) -> str:
        heading = str(_CALLOUT_COLOURS[self.kind][2])
        return "\n".join([f"[{heading}]"] + [f"  {line}" for line in self.lines])

    def _repr_html_(self) -> str:
        border, background, heading = _CALLOUT_COLOURS[self.kind]
        heading = str(heading)
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.lines)
        return (
            f'<div style="border-left:6px solid {border};background:{background};'
            f'padding:0.6em 1em;margin:0.5em 0;font-size:1.1em">'
            f'<b style="color:{border}">{heading}</b><ul style="margin:0.3em 0">{items}</ul></div>'
        )
