"""Chapter 11's views (``chapters/ch11_batch_size.py``): the noisy quadratic's best rates per batch size as a table
and a figure (the network's batch-size views are tested with their study, the weight-decay views with theirs)."""

from __future__ import annotations

import pytest

from lrdecay_lessons.chapters import ch11_batch_size as ch11
from lrdecay_lessons.training import noisy_quadratic


def test_batch_table_rows_follow_the_model():
    model = noisy_quadratic(dimension=10)
    table = ch11.batch_table(model, 256, (1, 4))
    lr, loss = model.best_constant_rate(256, 4, "adam")
    assert table.rows[1][0] == 4 and table.rows[1][1] == 64
    assert table.rows[1][5] == lr and table.rows[1][6] == pytest.approx(lr / 2) and table.rows[1][7] == loss


def test_the_batch_figure_has_a_title_labels_a_legend_and_both_rules():
    figure = ch11.batch_figure(ch11.batch_table(noisy_quadratic(dimension=5), 64, (1, 2, 4)))
    ax = figure.axes[0]
    assert (ax.get_title(loc="left") or ax.get_title()) and ax.get_xlabel() and ax.get_ylabel()
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    labels = [line.get_label() for line in ax.get_lines()]
    assert any("linear rule" in label for label in labels) and any("square-root rule" in label for label in labels)
