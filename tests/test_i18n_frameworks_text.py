"""What frameworks/ shows a reader in Chinese (issue 28, item 2), and plain-text tables that stay aligned in Chinese.

Trap texts, conversion rules, agreements and the like are built at import time as ``Text``: translated when
shown, so the language chosen later in the setup cell applies; keys, code and API names stay English.
"""

from __future__ import annotations

import pytest

from lrdecay_lessons.i18n import language, set_language, tr
from lrdecay_lessons.i18n.width import display_width, pad


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def test_tr_round_trip_of_framework_messages(chinese):
    assert tr("this course") == "本课程"
    assert tr("{package} {version} (recorded)").format(package="torch", version="2.9.1") == "torch 2.9.1（记录值）"
    assert tr("warm-up updates for warmup_steps = {w}, N = {n}").format(w=0.05, n=1000) == \
        "warmup_steps = 0.05、N = 1000 时的预热更新次数"
    set_language("en")
    assert tr("{package} {version} (recorded)").format(package="torch", version="2.9.1") == "torch 2.9.1 (recorded)"


def test_every_framework_message_has_its_chinese():
    from lrdecay_lessons.authoring.translation import package_messages, package_problems

    assert len(package_messages("frameworks")) > 250
    assert [p for p in package_problems() if "lrdecay_lessons/frameworks/" in p] == []


def test_a_trap_built_at_import_speaks_the_language_chosen_later():
    import lrdecay_lessons.frameworks as F

    trap = F.TRAPS["gamma_per_step"]
    assert language() == "en"
    assert str(trap.title) == "ExponentialLR's gamma is per step"
    assert trap.label("course_gamma_0.9_over_T_1000") == "this course, gamma over T"
    set_language("zh")
    try:
        assert str(trap.title) == "ExponentialLR 的 gamma 是每步的"
        assert trap.label("course_gamma_0.9_over_T_1000") == "本课程，gamma 按 T 步计"
        assert F.TRAPS["warmup_inside_or_outside_horizon"].label("keras_decay_steps_90") == \
            "Keras, decay_steps = T - W"  # no words, only code: not a message
        assert str(F.STEPPING["optax"]).startswith("t = count，")
    finally:
        set_language("en")
    assert str(F.STEPPING["optax"]) == "t = count, the updates applied so far (per batch)"


def test_the_framework_table_speaks_chinese_and_keeps_names_and_code(chinese):
    import lrdecay_lessons.frameworks as F

    row = F.framework_records(["exponential_decay"], ["pytorch"])[0]
    assert row["name"] == "torch.optim.lr_scheduler.ExponentialLR"
    assert row["example"].startswith("ExponentialLR(SGD(params, lr=0.1), gamma=0.99989")
    assert "lr0 → lr — 优化器的 lr" in row["parameters"]
    assert row["agrees"] == "每一步（gamma ** (1/T) 的舍入误差以内）"
    assert "ExponentialLR 的 gamma 是每步的" in row["traps"]
    missing = F.framework_records(["exponential_decay"], ["huggingface"])[0]
    assert missing["name"] == "—（无内置）" and missing["parameters"].startswith("没有指数调度")


def test_a_reason_a_framework_cannot_express_shows_in_chinese(chinese):
    import lrdecay_lessons.frameworks as F
    from lrdecay_lessons.errors import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="需要整数 T_mult；得到的是 period_mult=1.5"):
        F.translation("cosine_restarts", "pytorch").translate({"lr0": 0.1, "period": 10, "period_mult": 1.5})
    set_language("en")
    with pytest.raises(InvalidParameterError, match="needs a whole T_mult; got period_mult=1.5 "):
        F.translation("cosine_restarts", "pytorch").translate({"lr0": 0.1, "period": 10, "period_mult": 1.5})


def test_a_trap_view_reads_chinese_with_code_in_english(chinese):
    from lrdecay_lessons.chapters import ch12_frameworks as V

    view = V.trap_view("gamma_per_step")
    assert view.title == "ExponentialLR 的 gamma 是每步的"
    assert view.call == "ExponentialLR(optimizer(lr=0.1), gamma=0.9)，每个 batch 步进一次，共 1000 个 batch"
    assert "本课程，gamma 按 T 步计" in repr(view)


# ---------------------------------------------------------------- plain-text tables padded by display width

def _starts(line: str, text: str) -> int:
    """The display column at which ``text`` starts in ``line``."""
    return display_width(line[:line.index(text)])


def test_display_width_counts_a_chinese_character_as_two_columns():
    assert display_width("step t") == len("step t")
    assert display_width("η — ± → ✓") == 9  # ambiguous-width characters: one column, as before
    assert display_width("学习率 η") == 8
    assert display_width("（无）") == 6  # full-width parentheses are wide too
    assert pad("longer than wide", 4) == "longer than wide"
    assert pad("学习率", 8) == "学习率     "  # English: padded by length, as the English chapters were published
    set_language("zh")
    try:
        assert pad("学习率", 8) == "学习率  " and pad("学习率", 8, ">") == "  学习率"
    finally:
        set_language("en")


def test_a_chinese_table_lines_up_in_plain_text(chinese):
    from lrdecay_lessons.display import Table

    table = Table(["调度", "最终学习率", "x"], [["余弦衰减", 0.5, "a"], ["step decay", 0.25, "b"], ["阶梯衰减", 1, "c"]])
    lines = repr(table).splitlines()
    assert len({_starts(line, cell) for line, cell in zip(lines, ["最终学习率", "-", "0.5", "0.25", "1"])
                if cell != "-"}) == 1
    assert len({_starts(line, cell) for line, cell in zip(lines[2:], ["a", "b", "c"])} | {_starts(lines[0], "x")}) == 1
    assert display_width(lines[1]) == max(display_width(line.rstrip()) for line in lines)


def test_an_english_table_renders_exactly_as_padding_by_length_did():
    from lrdecay_lessons.display import Table

    table = Table(["schedule", "η at 50 %", "agrees 一致"], [["cosine", 0.05, True], ["step — γ=0.5", 0.1, False]],
                  title="t")  # a bilingual heading, as chapters 02-05 have: padded by length in English
    cells = table.cells()
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(table.columns)]
    expected = ["t", "  ".join(c.ljust(w) for c, w in zip(table.columns, widths)), "  ".join("-" * w for w in widths)]
    expected += ["  ".join(v.ljust(w) for v, w in zip(r, widths)) for r in cells]
    assert repr(table) == "\n".join(expected)


def _comparison(names):
    from lrdecay_lessons.training import Comparison, ScheduleSummary

    rows = tuple(ScheduleSummary(name, 5, i, 0.1234 + i, 0.01, 0.9, "accuracy", 5 - i, 3.0 + i)
                 for i, name in enumerate(names))
    return Comparison("digits", 0.5, {}, rows)


def test_comparison_table_lines_up_in_chinese(chinese):
    lines = _comparison(["余弦衰减", "constant"]).table().splitlines()
    body = lines[1:]
    # every column but the first is right-aligned: each line ends at the same display column
    assert len({display_width(line) for line in body}) == 1
    assert len({_starts(line, "±") for line in body[1:]}) == 1


def test_comparison_table_in_english_is_unchanged():
    text = _comparison(["cosine", "constant"]).table()
    assert text.splitlines()[1] == (f"{'schedule':<8}  {'final val loss':>17}  {'val accuracy':>12}  {'diverged':>8}"
                                    f"  {'epochs to loss<=0.5':>22}")
    assert text.splitlines()[3] == f"{'constant':<8}  {'1.1234 ± 0.0100':>17}  {'0.9000':>12}  {'1/5':>8}  {'4.0 (4/5 runs)':>22}"


def test_every_chinese_framework_message_has_its_glyphs_in_the_shipped_font():
    from fontTools.ttLib import TTFont

    from lrdecay_lessons.authoring.translation import package_catalog_path, read_catalog
    from lrdecay_lessons.i18n import cjk_fonts

    chinese_text = {ch for m in read_catalog(package_catalog_path("frameworks")) if m.id for ch in m.string
                    if ord(ch) > 0x2E7F}
    assert len(chinese_text) > 300
    for font in cjk_fonts():
        cmap = TTFont(font).getBestCmap()
        assert sorted(ch for ch in chinese_text if ord(ch) not in cmap) == []
