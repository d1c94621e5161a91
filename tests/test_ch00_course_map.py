"""Chapter 00's helpers: the measured chapter times it prints come from the benchmark's table."""

from pathlib import Path

from lrdecay_lessons.chapters.ch00_course_map import CHAPTER_TIMES, chapter_times

TABLE = """# Chapters in a fresh kernel

Measured 2026-12-06 15:40 UTC, Python 3.11.7; load average 1.20 (1 min) / 1.50 (5 min) on 2 cores at the start, load average 1.1 at the end.

| chapter | CPU s | wall s (Run All) | peak kernel memory (MB) |
|---|---:|---:|---:|
| 00_course_map | 1.3 | 1.0 | 132 |
| 07_hands_on_training | 13.5 | 12.4 (over 10 s) | 403 |
| **all 2** | **14.8** | **13.4** | |
"""


def test_the_course_map_prints_each_chapters_measured_time_and_the_load(tmp_path: Path):
    table = tmp_path / "chapters.md"
    table.write_text(TABLE, encoding="utf-8")
    lines = chapter_times(table).splitlines()
    assert lines[0] == ("Run All in a fresh kernel, measured 2026-12-06 15:40 UTC, Python 3.11.7 "
                        "(load average 1.20 (1 min) / 1.50 (5 min) on 2 cores at the start):")
    assert lines[1].split() == ["00", "course", "map", "1.0", "s", "(1.3", "CPU", "s)"]
    assert lines[2].split() == ["07", "hands", "on", "training", "12.4", "s", "(13.5", "CPU", "s)"]
    assert lines[3].split() == ["the", "whole", "course", "13.4", "s", "(14.8", "CPU", "s)"]


def test_a_copy_without_the_table_says_how_to_measure(tmp_path: Path):
    assert "run benchmarks/bench_chapters.py --chapters" in chapter_times(tmp_path / "missing.md")
    assert CHAPTER_TIMES.name == "chapters.md" and CHAPTER_TIMES.parent.name == "results"


def test_in_chinese_the_chapters_are_named_by_their_chinese_titles_and_aligned(tmp_path: Path):
    from lrdecay_lessons.i18n import set_language
    from lrdecay_lessons.i18n.width import display_width

    table = tmp_path / "chapters.md"
    table.write_text(TABLE, encoding="utf-8")
    try:
        set_language("zh")
        lines = chapter_times(table).splitlines()
    finally:
        set_language("en")
    assert lines[0].startswith("在全新内核中运行全部单元格") and "开始时" in lines[0]
    assert lines[1].split()[:2] == ["00", "课程导览"] and lines[2].split()[:2] == ["07", "代码实例"]
    assert lines[3].split()[0] == "整门课程"
    # The seconds start in the same column of a monospace font, Chinese characters being two columns wide.
    assert len({display_width(line[:line.index(" s  (")]) for line in lines[1:]}) == 1
