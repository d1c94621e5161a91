"""`chapters/ch12_recorded_calls.py`: chapter 12's views of the recorded framework calls."""

from __future__ import annotations

import pytest

from lrdecay_lessons import frameworks as F
from lrdecay_lessons.chapters import ch12_recorded_calls as T
from lrdecay_lessons.frameworks import replay_agreement


def test_the_views_arrange_every_recorded_call_of_their_framework():
    trainer = T.trainer_view()
    assert trainer.rows[0] == ("linear (default)", "get_linear_schedule_with_warmup")
    assert len(trainer.rows) == len(F.HF_TRAINER_SCHEDULERS)
    for framework in T.RECORDED_CALL_FRAMEWORKS:
        view = T.recorded_calls_view(framework)
        assert len(view.rows) == sum(r["framework"] == framework for r in replay_agreement())
    timm_rows = T.recorded_calls_view("timm").rows
    assert timm_rows[2][1] == "with_warmup(cosine_annealing(T=50), W=5)" and timm_rows[1][1] == "—"
    with pytest.raises(ValueError, match="framework must be one of"):
        T.recorded_calls_view("lightning")
    with pytest.raises(ValueError, match="names and labels must be"):
        T.recorded_figure(["torch_chained"], [], "t")
    figure = T.recorded_figure(["torch_chained", "torch_sequential"], ["a", "b"], "title", vline=4)
    assert [line.get_label() for line in figure.axes[0].get_lines()][:2] == ["a", "b"]
