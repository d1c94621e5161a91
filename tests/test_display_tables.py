"""``display/tables.py``: tables, callouts and number formatting."""

from __future__ import annotations

import pytest

from lrdecay_lessons.display import Callout, Table, format_number


def test_format_number():
    assert format_number(0.1 * 3) == "0.3"
    assert format_number(None) == "—"
    assert format_number(float("nan")) == "—"
    assert format_number(True) == "✓"
    assert format_number(7) == "7"
    assert format_number(1 / 3, digits=3) == "0.333"


def test_table_renders_text_and_html():
    table = Table(("t", "η"), [(0, 0.1), (100, 0.05)], title="demo", highlight=[False, True])
    text = repr(table).splitlines()
    assert text[0] == "demo"
    assert text[1].split() == ["t", "η"]
    assert text[3].split() == ["0", "0.1"]
    html = table._repr_html_()
    assert html.count("<tr") == 3
    assert html.count("background:#fde2e1") == 1
    assert table.column("η") == [0.1, 0.05]


def test_table_rejects_ragged_rows():
    with pytest.raises(ValueError, match=r"rows\[1\] must have 2 cells"):
        Table(("a", "b"), [(1, 2), (3,)])


def test_callout():
    box = Callout("erratum", ["x < y"])
    assert "x &lt; y" in box._repr_html_()
    assert repr(box).startswith("[Erratum")
    with pytest.raises(ValueError, match="kind must be one of"):
        Callout("warning", ["..."])
