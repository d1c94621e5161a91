"""The Chinese edition (中文版) of the chapters, generated from the English ones and a catalog per chapter.

    .venv/bin/python -m lrdecay_lessons.authoring.translation update    # catalogs follow the English cells
    .venv/bin/python -m lrdecay_lessons.authoring.translation check     # what is missing or stale, per chapter
    .venv/bin/python -m lrdecay_lessons.authoring.translation generate  # write and run notebooks/zh/*.ipynb
    .venv/bin/python -m lrdecay_lessons.authoring.translation update-package  # the package's own strings
    .venv/bin/python -m lrdecay_lessons.authoring.translation compile   # their .mo, which the package reads

The English notebooks are the source. ``i18n/zh/NN_name.po`` (gettext; every translation tool
reads it) holds, for chapter ``NN_name.ipynb``, three kinds of message, told apart by ``msgctxt``:

``markdown``
    a whole markdown cell: msgid is the English cell, msgstr the Chinese cell;
``code``
    a string literal of a code cell that a reader sees (a title, a label, a printed sentence),
    as written in Python, quotes and ``f`` prefix included: msgstr is the Chinese literal.
    An f-string's translation keeps the same replacement fields (in any order) with the same
    conversions and format specs; a string inside a field may change with the literal it names
    (a label used as a key is translated the same way everywhere in the chapter);
``comment``
    a code comment, ``#`` included.

A literal that reads like a key (no space: ``"step_decay"``, ``"steps-post"``, ``"tail"``) is not a
message, unless it stands where a reader sees it: a column header (in the list given first to
``Table``, or as ``columns=``/``headers=``) or the value of a ``label``, ``title``, ``xlabel``, ``ylabel``, ``heading`` or ``caption``
keyword. A message whose Chinese is the English on purpose (a key the package defines) carries the
flag ``keep``. A message is *missing* when its msgstr is empty and *stale* when gettext's update marked
it fuzzy: its English changed after it was translated (the old translation is kept beside it to edit).

The generated chapter has the same cells: markdown from the catalog, code with its literals and
comments replaced, and the setup cell's ``use_course_style()`` given ``lang="zh"``, which makes the
package speak Chinese. It is run and saved like an English chapter
(:mod:`lrdecay_lessons.authoring.notebooks`), so an unchanged catalog gives an unchanged notebook.

What the package itself shows (figure titles, table headers, verdicts, widget labels, exercises) is
written in English as the first argument of :func:`lrdecay_lessons.i18n.tr` or
:class:`lrdecay_lessons.i18n.Text`; ``update-package`` collects those messages per subpackage into
``lrdecay_lessons/i18n/locale/zh/parts/<subpackage>.po`` and ``compile`` merges the parts into the
``.mo`` the package reads at run time (committed; a test checks it is compiled from the parts).
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import nbformat

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
CATALOGS = REPO / "i18n"
#: The languages with an edition besides the English source, and where each edition's chapters go.
EDITIONS = {"zh": NOTEBOOKS / "zh"}
KINDS = ("markdown", "code", "comment")
KEEP = "keep"
_KEY_LIKE = re.compile(r"[\w.\-/:%+*#=<>|,]*")
_SETUP_CALL = re.compile(r"use_course_style\(\)")


class CatalogGapError(Exception):
    """A chapter cannot be generated: its catalog lacks translations, has stale ones, or unusable ones."""


@dataclass(frozen=True)
class Message:
    """One translatable piece of a chapter: ``kind`` (see the module docstring), its English ``text``
    and the index of the cell it comes from."""

    kind: str
    text: str
    cell: int


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str
    text: str


def _literal_text(node: ast.expr) -> str:
    """What a reader sees of a literal: a constant's value, or an f-string's constant parts."""
    if isinstance(node, ast.Constant):
        return node.value
    return "".join(part.value for part in node.values if isinstance(part, ast.Constant))


def _shown(node: ast.expr) -> bool:
    text = _literal_text(node)
    return bool(re.search(r"[A-Za-z]{2}", text)) and not _KEY_LIKE.fullmatch(text)


#: Where a literal is shown whatever it looks like: a table's column headers (the first argument of ``Table``)
#: and these keywords' values.
SHOWN_CALLS = ("Table",)
SHOWN_KEYWORDS = ("label", "title", "xlabel", "ylabel", "heading", "caption")
#: Keywords whose list or tuple holds shown words (a table's ``columns``).
SHOWN_SEQUENCES = ("columns", "headers")


def _shown_positions(tree: ast.AST) -> set[int]:
    """Ids of the literals in a position a reader sees (see :data:`SHOWN_CALLS`, :data:`SHOWN_KEYWORDS`)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name in SHOWN_CALLS and node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
            found.update(id(element) for element in node.args[0].elts)
        for keyword in node.keywords:
            if keyword.arg in SHOWN_SEQUENCES and isinstance(keyword.value, (ast.List, ast.Tuple)):
                found.update(id(element) for element in keyword.value.elts)
        found.update(id(keyword.value) for keyword in node.keywords if keyword.arg in SHOWN_KEYWORDS)
    return found


def _line_offsets(source: str) -> list[int]:
    offsets, total = [0], 0
    for line in source.splitlines(keepends=True):
        total += len(line)
        offsets.append(total)
    return offsets


def _offset(source: str, lines: list[int], lineno: int, byte_col: int) -> int:
    """Character offset of ``ast``'s (line, UTF-8 byte column) position."""
    start = lines[lineno - 1]
    line = source[start:lines[lineno]] if lineno < len(lines) else source[start:]
    return start + len(line.encode("utf-8")[:byte_col].decode("utf-8"))


def _spans(source: str) -> list[_Span]:
    """The literals a reader sees and the comments of one code cell, in source order."""
    tree = ast.parse(source)
    lines = _line_offsets(source)
    inner: set[int] = set()
    spans: list[_Span] = []
    positions = _shown_positions(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for child in ast.walk(node):
                if child is not node:
                    inner.add(id(child))
    for node in ast.walk(tree):
        if id(node) in inner:
            continue
        is_text = isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))
        if is_text and (_shown(node) or (id(node) in positions and re.search(r"[A-Za-z]{2}", _literal_text(node)))):
            start = _offset(source, lines, node.lineno, node.col_offset)
            end = _offset(source, lines, node.end_lineno, node.end_col_offset)
            spans.append(_Span(start, end, "code", source[start:end]))
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            start = lines[token.start[0] - 1] + token.start[1]
            spans.append(_Span(start, start + len(token.string), "comment", token.string))
    return sorted(spans, key=lambda span: span.start)


def messages(notebook: nbformat.NotebookNode) -> Iterator[Message]:
    """Every translatable piece of a chapter, cell by cell."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            if cell.source.strip():
                yield Message("markdown", cell.source, index)
        elif cell.cell_type == "code":
            for span in _spans(cell.source):
                yield Message(span.kind, span.text, index)


def _field_signature(node: ast.JoinedStr) -> list[str]:
    """An f-string's fields, with the strings inside them blanked (they may follow the translation)."""

    class Blank(ast.NodeTransformer):
        def visit_Constant(self, constant: ast.Constant) -> ast.Constant:
            return ast.Constant("") if isinstance(constant.value, str) else constant

    fields = []
    for part in node.values:
        if isinstance(part, ast.FormattedValue):
            spec = ast.dump(part.format_spec) if part.format_spec is not None else ""
            fields.append(f"{ast.dump(Blank().visit(part.value))}!{part.conversion}:{spec}")
    return sorted(fields)


def translation_problem(kind: str, english: str, chinese: str) -> str | None:
    """Why ``chinese`` cannot stand in for ``english`` in the generated chapter, or ``None``."""
    if kind == "comment":
        return None if chinese.startswith("#") and "\n" not in chinese else "a comment is one line starting with #"
    if kind != "code":
        return None
    try:
        # In parentheses: a literal continued on the next line (implicit concatenation) is indented there.
        old = ast.parse(f"(\n{english.strip()}\n)", mode="eval").body
        new = ast.parse(f"(\n{chinese.strip()}\n)", mode="eval").body
    except SyntaxError as error:
        return f"not a Python literal ({error.msg})"
    if type(old) is not type(new):
        return f"a {type(old).__name__} must stay a {type(old).__name__}, not {type(new).__name__}"
    if isinstance(old, ast.JoinedStr) and _field_signature(old) != _field_signature(new):
        return "the f-string's fields, conversions or format specs differ from the English"
    if english.count("\n") != chinese.count("\n"):
        return "a literal keeps its number of lines (the cell's layout and line numbers)"
    return None


def catalog_path(notebook: Path, lang: str = "zh") -> Path:
    return CATALOGS / lang / f"{Path(notebook).stem}.po"


def edition_path(notebook: Path, lang: str = "zh") -> Path:
    return EDITIONS[lang] / Path(notebook).name


def read_catalog(path: Path):
    from babel.messages.pofile import read_po

    with open(path, "rb") as file:
        return read_po(file, locale="zh_Hans_CN" if "zh" in path.parts else None)


def write_catalog(catalog, path: Path) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False, sort_output=False, include_previous=True)
    text = re.sub(r'"POT-Creation-Date: [^"]*"\n', "", buffer.getvalue().decode("utf-8"))
    path.write_text(text, encoding="utf-8")


def _follow(template, path: Path):
    """Make the catalog at ``path`` follow ``template`` (the English messages): new ones empty, changed ones
    fuzzy with their old translation, gone ones dropped; a new catalog when there is none. Returns it."""
    from babel.messages.catalog import Catalog

    if path.exists():
        catalog = read_catalog(path)
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
    else:
        catalog = Catalog(locale="zh_Hans_CN", project="lrdecay-lessons", fuzzy=False)
        for message in template:
            if message.id:
                catalog.add(message.id, context=message.context, locations=message.locations)
    catalog.obsolete.clear()
    write_catalog(catalog, path)
    return catalog


def update(notebook: Path, lang: str = "zh") -> tuple[int, int]:
    """Bring ``notebook``'s catalog in step with its English: new messages empty, changed ones fuzzy.

    Returns the number of messages missing and stale after the update.
    """
    from babel.messages.catalog import Catalog

    notebook = Path(notebook)
    template = Catalog(locale=None, project="lrdecay-lessons", fuzzy=False)
    for message in messages(nbformat.read(notebook, as_version=4)):
        template.add(message.text, context=message.kind, locations=[(notebook.name, message.cell)])
    path = catalog_path(notebook, lang)
    _follow(template, path)
    return len(missing(notebook, lang)), len(stale(notebook, lang))


def _entries(notebook: Path, lang: str) -> dict[tuple[str, str], object]:
    path = catalog_path(notebook, lang)
    if not path.exists():
        return {}
    return {(m.context, m.id): m for m in read_catalog(path) if m.id}


def missing(notebook: Path, lang: str = "zh") -> list[Message]:
    """Messages of the English chapter with no translation (none in the catalog, or an empty one)."""
    entries = _entries(notebook, lang)
    found = []
    for message in messages(nbformat.read(notebook, as_version=4)):
        entry = entries.get((message.kind, message.text))
        if entry is None or not entry.string:
            found.append(message)
    return found


def stale(notebook: Path, lang: str = "zh") -> list[Message]:
    """Messages whose translation was made for an older English text (fuzzy after an update)."""
    entries = _entries(notebook, lang)
    found = []
    for message in messages(nbformat.read(notebook, as_version=4)):
        entry = entries.get((message.kind, message.text))
        if entry is not None and entry.string and entry.fuzzy:
            found.append(message)
    return found


def problems(notebook: Path, lang: str = "zh") -> list[str]:
    """Translations that are present but cannot be used (see :func:`translation_problem`), and
    translations equal to the English without the ``keep`` flag."""
    found = []
    for (kind, english), entry in _entries(notebook, lang).items():
        if not entry.string:
            continue
        problem = translation_problem(kind, english, entry.string)
        if problem is None and entry.string == english and kind != "comment" and KEEP not in entry.flags:
            problem = f"same as the English without the '{KEEP}' flag"
        if problem:
            found.append(f"{Path(notebook).name} [{kind}] {english[:60]!r}: {problem}")
    return found


def _replace_spans(source: str, table: dict[tuple[str, str], str]) -> str:
    pieces, position = [], 0
    for span in _spans(source):
        pieces.append(source[position:span.start])
        pieces.append(table[(span.kind, span.text)])
        position = span.end
    pieces.append(source[position:])
    return "".join(pieces)


def translate(notebook: Path, lang: str = "zh") -> nbformat.NotebookNode:
    """The chapter in ``lang``, outputs cleared (see the module docstring); fails on any gap."""
    notebook = Path(notebook)
    gaps = missing(notebook, lang) + stale(notebook, lang)
    if gaps:
        raise CatalogGapError(f"{notebook.name}: {len(gaps)} messages missing or stale in {catalog_path(notebook, lang)}; "
                         f"the first in cell {gaps[0].cell}: {gaps[0].text[:80]!r}")
    bad = problems(notebook, lang)
    if bad:
        raise CatalogGapError("; ".join(bad[:5]))
    table = {key: entry.string for key, entry in _entries(notebook, lang).items()}
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.strip():
            cell.source = table[("markdown", cell.source)]
        elif cell.cell_type == "code":
            cell.source = _SETUP_CALL.sub(f'use_course_style(lang="{lang}")', _replace_spans(cell.source, table))
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nb.metadata["language"] = {"zh": "zh-CN"}[lang]
    return nb


def generate(notebooks: Iterable[Path], lang: str = "zh", run: bool = True, jobs: int = 2) -> list[Path]:
    """Write (and by default run and save) the ``lang`` edition of each chapter."""
    written = []
    for notebook in notebooks:
        out = edition_path(notebook, lang)
        out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(translate(notebook, lang), out)
        written.append(out)
    if run and written:
        from concurrent.futures import ProcessPoolExecutor

        from .notebooks import run as run_notebook

        with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
            list(pool.map(run_notebook, written))
    return written


PACKAGE = REPO / "lrdecay_lessons"
PACKAGE_LOCALE = PACKAGE / "i18n" / "locale"
#: The calls whose first argument is a package message: ``tr("...")`` and ``Text("...", ...)``.
MESSAGE_CALLS = ("tr", "Text")


def package_messages(subpackage: str) -> dict[str, list[tuple[str, int]]]:
    """The package's messages in ``lrdecay_lessons.<subpackage>``: each English template with where it is used.

    A message is the string literal given first to :func:`lrdecay_lessons.i18n.tr` or
    :class:`lrdecay_lessons.i18n.Text`; the test of the catalogs rejects any other first argument
    there, so that every string the package shows can be found here.
    """
    found: dict[str, list[tuple[str, int]]] = {}
    for path in sorted((PACKAGE / subpackage).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            first = node.args[0]
            if name in MESSAGE_CALLS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, []).append((str(path.relative_to(REPO)), node.lineno))
    return found


def dynamic_message_calls(subpackage: str) -> list[str]:
    """``tr``/``Text`` calls whose message is not a string literal (their text cannot be extracted)."""
    found = []
    for path in sorted((PACKAGE / subpackage).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                first = node.args[0]
                if name in MESSAGE_CALLS and not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def subpackages() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists() and p.name != "i18n")


def package_catalog_path(subpackage: str, lang: str = "zh") -> Path:
    return PACKAGE_LOCALE / lang / "parts" / f"{subpackage}.po"


def update_package(lang: str = "zh") -> dict[str, tuple[int, int]]:
    """Bring each subpackage's catalog in step with its ``tr``/``Text`` messages; (missing, stale) per part."""
    from babel.messages.catalog import Catalog

    counts = {}
    for subpackage in subpackages():
        found = package_messages(subpackage)
        path = package_catalog_path(subpackage, lang)
        if not found and not path.exists():
            continue
        template = Catalog(locale=None, project="lrdecay-lessons")
        for text, where in found.items():
            template.add(text, locations=where)
        catalog = _follow(template, path)
        entries = [m for m in catalog if m.id]
        counts[subpackage] = (sum(not m.string for m in entries), sum(bool(m.string) and m.fuzzy for m in entries))
    return counts


def package_problems(lang: str = "zh") -> list[str]:
    """Package messages missing, stale, unusable (fields differ) or dynamic, as lines to print."""
    found = [f"{where}: the message of tr()/Text() must be a string literal" for sub in subpackages()
             for where in dynamic_message_calls(sub)]
    for subpackage in subpackages():
        messages_here = package_messages(subpackage)
        path = package_catalog_path(subpackage, lang)
        entries = {m.id: m for m in read_catalog(path) if m.id} if path.exists() else {}
        for text, where in messages_here.items():
            entry = entries.get(text)
            place = f"{where[0][0]}:{where[0][1]}"
            if entry is None or not entry.string:
                found.append(f"{place}: no translation of {text[:70]!r}")
            elif entry.fuzzy:
                found.append(f"{place}: stale translation of {text[:70]!r}")
            elif _fields(text) != _fields(entry.string):
                found.append(f"{place}: the translation's fields {sorted(_fields(entry.string))} are not "
                             f"{sorted(_fields(text))} in {text[:70]!r}")
    return found


def _fields(template: str) -> set[str]:
    import string

    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return {"<not a format string>"}


def compiled_package_catalog(lang: str = "zh") -> bytes:
    """The ``.mo`` the package reads: every subpackage's catalog in one, translated entries only."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    import datetime

    fixed = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)  # no clock in the file: same parts, same bytes
    merged = Catalog(locale="zh_Hans_CN", project="lrdecay-lessons", fuzzy=False, creation_date=fixed,
                     revision_date=fixed)
    for path in sorted((PACKAGE_LOCALE / lang / "parts").glob("*.po")):
        for message in read_catalog(path):
            if message.id and message.string and not message.fuzzy:
                merged.add(message.id, message.string)
    buffer = io.BytesIO()
    write_mo(buffer, merged, use_fuzzy=False)
    return buffer.getvalue()


def compile_package(lang: str = "zh") -> Path:
    from ..i18n import catalog_path as mo_path

    path = mo_path(lang, ".mo")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(compiled_package_catalog(lang))
    return path


def chapters() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("update", "check", "generate", "update-package", "check-package",
                                           "compile"))
    parser.add_argument("notebooks", nargs="*", type=Path, help="English chapters (default: all)")
    parser.add_argument("--lang", default="zh", choices=sorted(EDITIONS))
    parser.add_argument("--no-run", action="store_true", help="generate: write the notebooks without running them")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    notebooks = args.notebooks or chapters()
    if args.action == "update-package":
        for subpackage, (gaps, old) in update_package(args.lang).items():
            print(f"{package_catalog_path(subpackage, args.lang).relative_to(REPO)}: {gaps} missing, {old} stale")
        return 0
    if args.action == "check-package":
        found = package_problems(args.lang)
        for line in found:
            print(line)
        print(f"{len(found)} problems")
        return bool(found)
    if args.action == "compile":
        print(f"wrote {compile_package(args.lang).relative_to(REPO)}")
        return 0
    if args.action == "update":
        for notebook in notebooks:
            gaps, old = update(notebook, args.lang)
            print(f"{catalog_path(notebook, args.lang).relative_to(REPO)}: {gaps} missing, {old} stale")
        return 0
    if args.action == "check":
        status = 0
        for notebook in notebooks:
            gaps, old, bad = missing(notebook, args.lang), stale(notebook, args.lang), problems(notebook, args.lang)
            total = sum(1 for _ in messages(nbformat.read(notebook, as_version=4)))
            print(f"{notebook.name}: {total} messages, {len(gaps)} missing, {len(old)} stale, {len(bad)} unusable")
            for line in bad:
                print("   ", line)
            status |= bool(gaps or old or bad)
        return status
    for path in generate(notebooks, args.lang, run=not args.no_run, jobs=args.jobs):
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
