"""The Chinese edition stays in step with the English one: catalogs complete and current, the generated
chapters equal to what their catalogs give, the glossary's terms used, the package's strings translated,
and the shipped font able to draw every Chinese character the course shows."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest

from lrdecay_lessons import i18n
from lrdecay_lessons.authoring import translation
from lrdecay_lessons.errors import InvalidParameterError

ENGLISH = translation.chapters()
EDITION = translation.EDITIONS["zh"]
#: Chapters whose Chinese edition exists: each must be complete and current.
TRANSLATED = [nb for nb in ENGLISH if translation.edition_path(nb).exists()]
GLOSSARY = Path(translation.CATALOGS, "glossary.tsv")


def test_every_chapter_has_a_chinese_edition():
    assert [p.name for p in ENGLISH] == sorted(p.name for p in EDITION.glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("notebook", TRANSLATED, ids=lambda p: p.stem)
def test_catalog_translates_every_message_of_the_current_english(notebook):
    gaps = translation.missing(notebook)
    old = translation.stale(notebook)
    bad = translation.problems(notebook)
    assert not gaps, f"{len(gaps)} English messages have no translation, the first in cell {gaps[0].cell}: " \
                     f"{gaps[0].text[:100]!r} (run: python -m lrdecay_lessons.authoring.translation update)"
    assert not old, f"{len(old)} translations were made for an older English text, the first in cell " \
                    f"{old[0].cell}: {old[0].text[:100]!r}"
    assert not bad, bad[:3]


@pytest.mark.parametrize("notebook", TRANSLATED, ids=lambda p: p.stem)
def test_chinese_chapter_is_what_its_catalog_generates(notebook):
    """Cell for cell, the stored Chinese chapter's sources are the catalog's: nothing edited by hand,
    nothing left from an older catalog (its outputs are checked by nbval)."""
    expected = translation.translate(notebook)
    stored = nbformat.read(translation.edition_path(notebook), as_version=4)
    assert [c.cell_type for c in stored.cells] == [c.cell_type for c in expected.cells]
    for index, (mine, theirs) in enumerate(zip(stored.cells, expected.cells)):
        assert mine.source == theirs.source, f"cell {index} differs from what the catalog generates"
    assert 'use_course_style(lang="zh")' in "".join(c.source for c in stored.cells if c.cell_type == "code")


def _glossary() -> list[tuple[str, str]]:
    with open(GLOSSARY, encoding="utf-8") as file:
        rows = [row for row in csv.reader((line for line in file if not line.startswith("#")), delimiter="\t")]
    assert rows[0] == ["english", "chinese", "source"]
    return [(english, chinese) for english, chinese, _ in rows[1:]]


def test_glossary_starts_from_the_article_terms():
    terms = dict(_glossary())
    source = Path(translation.REPO, "..", "shared", "source", "000_419ff396eeb3adb2.txt")
    for english in ("learning rate decay", "step decay", "exponential decay", "polynomial decay",
                    "cosine annealing", "initial learning rate", "decay factor", "total training steps"):
        assert english in terms
        if source.exists():
            assert terms[english] in source.read_text(encoding="utf-8"), english
    for english, chinese in (("warm-up", "预热"), ("momentum", "动量"), ("weight decay", "权重衰减"),
                             ("batch size", "批量大小")):
        assert terms[english] == chinese


@pytest.mark.parametrize("notebook", TRANSLATED, ids=lambda p: p.stem)
def test_chinese_cells_use_the_glossary_terms(notebook):
    terms = _glossary()
    entries = translation._entries(notebook, "zh")
    wrong = []
    for message in translation.messages(nbformat.read(notebook, as_version=4)):
        if message.kind != "markdown":
            continue
        chinese = entries[("markdown", message.text)].string
        english = re.sub(r"`[^`]*`|\$[^$]*\$|\]\([^)]*\)", " ", message.text)  # code, math, link targets
        for term, translated in terms:
            if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", english, flags=re.IGNORECASE) \
                    and translated not in chinese:
                wrong.append(f"cell {message.cell}: {term!r} without {translated!r}")
    assert not wrong, wrong[:10]


def test_package_strings_are_all_translated_and_current():
    assert translation.package_problems() == []


def test_compiled_package_catalog_is_compiled_from_the_parts():
    assert i18n.catalog_path("zh", ".mo").read_bytes() == translation.compiled_package_catalog(), \
        "run: python -m lrdecay_lessons.authoring.translation compile"


def _font_characters(path: Path) -> set[str]:
    from fontTools.ttLib import TTFont

    return {chr(code) for code in TTFont(path)["cmap"].getBestCmap()}


def test_shipped_font_draws_every_chinese_character_of_the_course():
    wanted = {c for c in translation_text() if re.match(r"[\u2E80-\u9FFF\u3000-\u303F\uFF00-\uFFEF]", c)}
    assert len(wanted) > 50
    for path in i18n.cjk_fonts():
        missing = wanted - _font_characters(path)
        assert not missing, f"{path.name} lacks {''.join(sorted(missing))[:40]} " \
                            "(run: python -m lrdecay_lessons.authoring.cjk_font)"
    licence = path.parent / "OFL.txt"
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence.read_text(encoding="utf-8")


def translation_text() -> str:
    parts = sorted(translation.CATALOGS.glob("zh/*.po")) + sorted(translation.PACKAGE_LOCALE.rglob("*.po"))
    return "".join(p.read_text(encoding="utf-8") for p in parts)


# ---- the machinery, on small made-up chapters -------------------------------------------------------

def _chapter(tmp_path: Path, markdown: str, code: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(markdown), nbformat.v4.new_code_cell(code)]
    path = tmp_path / "99_made_up.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture
def catalogs(tmp_path, monkeypatch):
    monkeypatch.setattr(translation, "CATALOGS", tmp_path / "i18n")
    return tmp_path


def _fill(notebook: Path, table: dict[str, str]) -> None:
    path = translation.catalog_path(notebook)
    catalog = translation.read_catalog(path)
    for message in catalog:
        if message.id in table:
            message.string = table[message.id]
    translation.write_catalog(catalog, path)


CODE = ('use_course_style()\nkey = "step_decay"  # the schedule\n'
        'print(f"lower on {k} of {n} seeds", "steps-post")\nax.set_title("Step decay: move the sliders")\n'
        'Table(["cosine", "η₀"], rows[key], title="warm-up")\n')


def test_messages_are_cells_shown_literals_and_comments_not_keys(catalogs):
    notebook = _chapter(catalogs, "# Step Decay 阶梯衰减", CODE)
    found = [(m.kind, m.text) for m in translation.messages(nbformat.read(notebook, as_version=4))]
    assert found == [("markdown", "# Step Decay 阶梯衰减"), ("comment", "# the schedule"),
                     ("code", 'f"lower on {k} of {n} seeds"'), ("code", '"Step decay: move the sliders"'),
                     ("code", '"cosine"'), ("code", '"warm-up"')]


def test_update_then_translate_then_a_changed_english_cell_is_stale(catalogs):
    notebook = _chapter(catalogs, "# Step Decay 阶梯衰减", CODE)
    assert translation.update(notebook) == (6, 0)
    _fill(notebook, {'"cosine"': '"余弦"', '"warm-up"': '"预热"', "# Step Decay 阶梯衰减": "# 阶梯衰减（Step Decay）", "# the schedule": "# 衰减策略",
                     'f"lower on {k} of {n} seeds"': 'f"在 {n} 个种子中的 {k} 个上更低"',
                     '"Step decay: move the sliders"': '"阶梯衰减：拖动滑块"'})
    assert translation.missing(notebook) == [] and translation.problems(notebook) == []
    zh = translation.translate(notebook)
    assert zh.cells[0].source == "# 阶梯衰减（Step Decay）"
    assert zh.cells[1].source == ('use_course_style(lang="zh")\nkey = "step_decay"  # 衰减策略\n'
                                  'print(f"在 {n} 个种子中的 {k} 个上更低", "steps-post")\n'
                                  'ax.set_title("阶梯衰减：拖动滑块")\n'
                                  'Table(["余弦", "η₀"], rows[key], title="预热")\n')
    changed = nbformat.read(notebook, as_version=4)
    changed.cells[0].source = "# Step Decay, again 阶梯衰减"
    nbformat.write(changed, notebook)
    assert [m.text for m in translation.missing(notebook)] == ["# Step Decay, again 阶梯衰减"]
    assert translation.update(notebook) == (0, 1)
    assert [m.text for m in translation.stale(notebook)] == ["# Step Decay, again 阶梯衰减"]
    with pytest.raises(translation.CatalogGapError, match="missing or stale"):
        translation.translate(notebook)


@pytest.mark.parametrize("english, chinese, problem", [
    ('f"{k} of {n}"', 'f"{n} 中的 {k}"', None),
    ('f"{k} of {n}"', 'f"{n} 中的 {n}"', "fields"),
    ('f"{x:.2g} left"', 'f"剩下 {x:.3g}"', "fields"),
    ('f"{tail[\'constant 0.2\']:.2g} tail"', 'f"{tail[\'常数 0.2\']:.2g} 尾部"', None),
    ('"a title"', 'f"标题"', "JoinedStr"),
    ('"a title"', '"标题', "not a Python literal"),
    ('"a title"', '"标\\n题"', None),
    ('"a\\ntitle"', '"标题"', None),
    ('f"{k} of "\n      f"{n}"', 'f"{n} 中的 "\n      f"{k}"', None),
    ('f"{k} of "\n      f"{n}"', 'f"{n} 中的 {k}"', "number of lines"),
])
def test_a_code_translation_keeps_the_literal_kind_and_its_fields(english, chinese, problem):
    found = translation.translation_problem("code", english, chinese)
    assert (found is None) if problem is None else (problem in found)


def test_tr_and_text_speak_the_chosen_language():
    try:
        assert i18n.tr("Hello") == "Hello"
        i18n.set_language("zh")
        assert i18n.language() == "zh"
        assert i18n.tr("a message nobody translated") == "a message nobody translated"
        with pytest.raises(InvalidParameterError, match="lang must be one of 'en', 'zh'; got lang='fr'"):
            i18n.set_language("fr")
        assert i18n.language() == "zh"
        text = i18n.Text("{k} of {n}", k=3, n=5)
        assert str(text) == "3 of 5" and f"{text:>8}" == "  3 of 5"
    finally:
        i18n.set_language("en")
