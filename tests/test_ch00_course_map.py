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


TABLE_WITH_ONE_PROCESS = """Measured 2026-12-07 04:21 UTC, Python 3.11.7; load average 0.22 (1 min) / 0.09 (5 min) on 2 cores at the start, load average 0.5 at the end.

| chapter | CPU s | wall s (Run All) | peak memory (MB) | CPU s, one process | wall s, one process | peak memory, one process (MB) |
|---|---:|---:|---:|---:|---:|---:|
| 00_course_map | 1.6 | 1.2 | 128 | 1.4 | 1.1 | 128 |
| 11_batch_size_and_weight_decay | 12.1 | 7.4 | 297 | 11.2 | 10.0 | 159 |
| **all 2** | **13.7** | **8.6** | | | **11.1** | |
"""


def test_the_course_map_adds_the_time_in_one_process_where_the_table_has_it(tmp_path: Path):
    table = tmp_path / "chapters.md"
    table.write_text(TABLE_WITH_ONE_PROCESS, encoding="utf-8")
    lines = chapter_times(table).splitlines()
    assert lines[1].split() == ["00", "course", "map", "1.2", "s", "(1.6", "CPU", "s;", "1.1", "s", "in", "one",
                                "process)"]
    assert lines[2].split()[-8:] == ["7.4", "s", "(12.1", "CPU", "s;", "10.0", "s", "in", "one", "process)"][-8:]
    assert lines[3].split() == ["the", "whole", "course", "8.6", "s", "(13.7", "CPU", "s;", "11.1", "s", "in", "one",
                                "process)"]
    # a name longer than the usual column (chapter 11's) moves every line's seconds, not only its own
    assert len({line.index(" s  (") for line in lines[1:]}) == 1


def test_a_copy_without_the_table_says_how_to_measure(tmp_path: Path):
    assert "run benchmarks/bench_chapters.py --chapters" in chapter_times(tmp_path / "missing.md")
    assert CHAPTER_TIMES.name == "chapters.md" and CHAPTER_TIMES.parent.name == "results"


def _chinese_lines(tmp_path: Path, text: str) -> list[str]:
    """What the course map prints in Chinese for the table ``text``."""
    from lrdecay_lessons.i18n import set_language

    table = tmp_path / "chapters.md"
    table.write_text(text, encoding="utf-8")
    try:
        set_language("zh")
        return chapter_times(table).splitlines()
    finally:
        set_language("en")


def test_in_chinese_the_chapters_are_named_by_their_chinese_titles_and_aligned(tmp_path: Path):
    from lrdecay_lessons.i18n.width import display_width

    lines = _chinese_lines(tmp_path, TABLE)
    assert lines[0].startswith("在全新内核中运行全部单元格") and "开始时" in lines[0]
    assert lines[1].split()[:2] == ["00", "课程导览"] and lines[2].split()[:2] == ["07", "代码实例"]
    assert lines[3].split()[0] == "整门课程"
    # The seconds start in the same column of a monospace font, Chinese characters being two columns wide.
    assert len({display_width(line[:line.index(" s  (")]) for line in lines[1:]}) == 1


def test_in_chinese_the_time_in_one_process_is_named_in_chinese(tmp_path: Path):
    lines = _chinese_lines(tmp_path, TABLE_WITH_ONE_PROCESS)
    assert lines[1].endswith("(1.6 CPU s; 单进程 1.1 s)") and lines[3].endswith("(13.7 CPU s; 单进程 11.1 s)")
