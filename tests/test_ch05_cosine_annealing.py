"""Chapter 05 (``chapters/ch05_cosine_annealing.py``): the article's §4.4 cosine example, completed."""

from __future__ import annotations

from lrdecay_lessons.chapters.ch05_cosine_annealing import completed_cosine_example


def test_the_completed_cosine_example():
    lines = completed_cosine_example()
    assert len(lines) == 4
    assert lines[0].endswith("= 0.0854")  # 0.1 (1 + cos(π/4)) / 2 = 0.085355
    assert lines[1].endswith("= 0.0500")
    assert lines[2].endswith("= 0.0146")
    assert "14.6%" in lines[3] and "85.4%" in lines[3] and "(η = 0)" in lines[3]
