"""Tie the numbers typed into a chapter's prose to what its code cells print.

    python -m lrdecay_lessons.authoring.prose_numbers notebooks/07_*.ipynb

Every number in a markdown cell must be one of

* **printed**: a number in a code cell's stored output (printed text, a returned value's text, an
  HTML or markdown table, a widget's text) that rounds to it: ``0.0027`` is supported by 0.00274,
  ``190×`` by 190.4, ``12 %`` by 12.3 or by 0.12;
* a **parameter**: a number written in a code cell's source (to the same rounding);
* **quoted** from the article or a cited paper, listed with its source in
  ``lrdecay_lessons/authoring/data/quoted_numbers.toml`` (keyed by notebook, so notebooks need no mark);
* **trivial**, by one of these rules, which need no tie:

  - a whole number from -10 to 10 ("3 seeds", "step 4", ``\\gamma^0 = 1``, ``t^{-1/2}``), unless it
    is written as a result: a ratio or percentage (``2×``, ``5 %``) or a count "5 of 5";
  - a chapter number ("chapter 7", "chapters 07 and 10", "07 · Hands-on", a zero-padded ``03``);
  - a reference: a section ``§4.1``, "Theorem 10", "eq. 3", "Figure 2", an arXiv id;
  - a year, 1950 to 2030, unless a count follows it ("2000 steps");
  - anything inside a link's address, an HTML tag, a DOI or an ordered list's marker; a fenced code
    block in markdown is code, so its numbers count as parameters.

A number that is none of these is *unsupported*: either the prose drifted from an output (a re-run
changed it) or it states a result nothing computes. The exit status is 1 if any is found.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import tomllib
from bisect import bisect_left
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from .number_text import WrittenNumber, normalise, scan

__all__ = ["Unsupported", "Evidence", "quoted_numbers", "prose_numbers", "trivial_reason", "evidence",
           "unsupported_numbers", "unused_quotes", "main"]

QUOTED_FILE = "quoted_numbers.toml"
_TEXT_OUTPUTS = ("text/plain", "text/markdown", "text/html")
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_WIDGET_TEXT_MODELS = {"HTMLModel", "HTMLMathModel", "LabelModel", "TextareaModel", "TextModel"}

# Parts of markdown that are not prose: blanked (same length) before numbers are looked for.
_NOT_PROSE = [
    re.compile(r"(?ms)^[ \t]*(```|~~~).*?^[ \t]*\1"),                # fenced code: its numbers are parameters
    re.compile(r"<!--.*?-->", re.S),                                  # HTML comments
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),                  # a link's or image's address
    re.compile(r"<[A-Za-z/][^>]*>"),                                   # HTML tags and autolinks
    re.compile(r"https?://\S+"),                                       # bare addresses
    re.compile(r"arXiv[:\s]\s*\d{4}\.\d{4,5}(?:v\d+)?", re.I),       # arXiv ids
    re.compile(r"(?:doi:\s*)?\b10\.\d{4,9}/\S+", re.I),                # DOIs
    re.compile(r"(?m)^\s*(?:>\s*)*\d+[.)](?=\s)"),                    # ordered-list markers
]
_CHAPTER_LIST = re.compile(
    r"(?:[Cc]hapters?|[Cc]h\.|[Nn]otebooks?|第)\s*(?:0?\d|1[0-4])\b"
    r"(?:\s*(?:,|and|or|to|–|-|&|、|，|和|与|或|至|到)\s*(?:第\s*)?(?:0?\d|1[0-4])\b)*")
_CHAPTER_LINK = re.compile(r"\]\((\d\d)_[^)\s]*\.ipynb")
_CHAPTER_TITLE = re.compile(r"(?<![\d.])(?:0\d|1[0-4])\s*·")
_REFERENCE = re.compile(
    r"(?:§|[Ss]ection|[Ss]ec\.|Theorem|Lemma|Proposition|Corollary|Definition|[Ee]q\.|[Ee]quation|"
    r"Fig\.|Figure|Table|Algorithm|Appendix|定理|引理|命题|推论|定义|公式|式|图|表|算法|附录)"
    r"\s*\(?\s*(?:\d+(?:\.\d+)*\s*[–-]\s*)?$")
_COUNT_AFTER = re.compile(r"\s*(?:steps?|updates?|epochs?|batch(?:es)?|iterations?|samples?|tokens?|runs?|"
                          r"seeds?|points?|images?|examples?|parameters?|units?|rows?|values?|times|for)\b"
                          r"|\s*(?:步|次|个|轮|批|组|种子|点|张|条|行|倍|项|样本|参数|单元)")
_RESULT_AFTER = re.compile(r"\s*(?:×|x\b|%|倍)")
# "5 of 5", and the Chinese "5 个种子中的 5 个" / "5 个中有 5 个".
_K_OF_N = re.compile(r"\d+\s+(?:of|out of)\s+\d+|\d+\s*个[^\d\n]{0,8}?中(?:的|有)\s*\d+")


@dataclass(frozen=True)
class Unsupported:
    """A number in a markdown cell that no output, parameter or quotation supports."""

    notebook: str
    cell: int
    number: str
    fragment: str

    def __str__(self) -> str:
        return f"{self.notebook} cell {self.cell}: {self.number}  «{self.fragment}»"


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _markdown_prose(source: str) -> str:
    """The markdown with link addresses, tags, arXiv ids and list markers blanked out (offsets kept)."""
    text = normalise(source)
    for pattern in _NOT_PROSE:
        text = _blank(text, pattern)
    return text


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _chapter_links(line: str) -> set[str]:
    """The two-digit chapter numbers of the notebooks a line links to (``](07_hands_on.ipynb)``)."""
    return set(_CHAPTER_LINK.findall(line))


def trivial_reason(text: str, number: WrittenNumber, unblanked: str | None = None) -> str | None:
    """Why ``number`` (found in normalised ``text``) needs no tie, or None if it does.

    ``unblanked`` is the text before link addresses were blanked (same offsets): a number on a line
    that links to that chapter's notebook is a chapter number.

    >>> text = "Chapter 07 (§4.1, Loshchilov & Hutter 2017) runs 3 seeds for 2000 steps: 5 of 5, 2×."
    >>> [(n.text, trivial_reason(text, n)) for n in scan(text)]  # doctest: +NORMALIZE_WHITESPACE
    [('07', 'chapter'), ('4.1', 'reference'), ('2017', 'year'), ('3', 'small whole number'),
     ('2000', None), ('5', None), ('5', None), ('2', None)]
    """
    unblanked = text if unblanked is None else unblanked
    line_end = unblanked.find("\n", number.start)
    line = unblanked[unblanked.rfind("\n", 0, number.start) + 1:len(unblanked) if line_end < 0 else line_end]
    if number.is_integer and f"{abs(int(number.value)):02d}" in _chapter_links(line):
        return "chapter"
    inside = any(start <= number.start < end for start, end in _spans(_CHAPTER_LIST, text))
    if inside or any(start <= number.start < end for start, end in _spans(_CHAPTER_TITLE, text)):
        return "chapter"
    if _REFERENCE.search(text[max(0, number.start - 30):number.start]):
        return "reference"
    if not number.is_integer:
        return None
    value = abs(number.value)
    looks_like_a_year = not number.signed and re.fullmatch(r"\d{4}", number.text) and 1950 <= value <= 2030
    if looks_like_a_year and not _COUNT_AFTER.match(text, number.end):
        return "year"
    if len(number.text) == 2 and number.text.startswith("0"):
        return "chapter"
    if value <= 10 and not number.percent and not _RESULT_AFTER.match(text, number.end):
        in_count = any(start <= number.start < end for start, end in _spans(_K_OF_N, text))
        return None if in_count else "small whole number"
    return None


def prose_numbers(source: str) -> list[tuple[WrittenNumber, str | None, str]]:
    """Each number of a markdown cell with its trivial reason (or None) and a fragment of its sentence."""
    unblanked = normalise(html.unescape(source))  # &#8722; is a minus, not the number 8722
    text = _markdown_prose(unblanked)
    found = []
    for number in scan(text, spaced_thousands=True):
        fragment = " ".join(text[max(0, number.start - 50):number.end + 30].split())
        found.append((number, trivial_reason(text, number, unblanked), fragment))
    return found


def _output_texts(cell: Mapping[str, Any]) -> Iterable[str]:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            yield "".join(output.get("text", ""))
        for kind in _TEXT_OUTPUTS:
            value = output.get("data", {}).get(kind)
            if value is not None:
                value = "".join(value)
                yield html.unescape(re.sub(r"<[^>]*>", " ", value)) if kind == "text/html" else value


def _widget_texts(notebook: Mapping[str, Any]) -> Iterable[str]:
    state = notebook.get("metadata", {}).get("widgets", {}).get(_WIDGET_STATE, {}).get("state", {})
    for model in state.values():
        if model.get("model_name") in _WIDGET_TEXT_MODELS:
            for key in ("value", "description"):
                value = model.get("state", {}).get(key)
                if isinstance(value, str):
                    yield html.unescape(re.sub(r"<[^>]*>", " ", value))


def _values(texts: Iterable[str]) -> list[float]:
    """Every value a text's numbers stand for; ``12 %`` also as 0.12; ``1,797`` also as 1 and 797."""
    values: list[float] = []
    for text in texts:
        text = re.sub(r"(?<=\d)_(?=\d)", "", text)  # Python's 2_000 is 2000
        for number in scan(text):
            values.append(number.value)
            if number.percent:
                values.append(number.value / 100)
            if "," in number.text:  # in code and printed lists, [300,600] is two numbers
                values.extend(float(part) for part in re.findall(r"\d+", number.text))
    return sorted(values)


@dataclass(frozen=True)
class Evidence:
    """What a notebook shows: the sorted values its outputs print and its code cells write."""

    printed: list[float]
    parameters: list[float]

    @staticmethod
    def _covers(values: list[float], number: WrittenNumber, exactly: bool = False) -> bool:
        """Whether a value rounds to ``number`` (``exactly``: equals it, as a parameter must)."""
        width = (1e-9 * abs(number.value) if exactly else number.half_width * (1 + 1e-9)) + 1e-15
        sizes = [(number.value, width)] + ([(number.value / 100, width / 100)] if number.percent else [])
        for size, half in sizes:
            for target in [size] if number.signed else [abs(size), -abs(size)]:
                index = bisect_left(values, target - half)
                if index < len(values) and values[index] <= target + half:
                    return True
        return False

    def supports(self, number: WrittenNumber) -> str | None:
        """``"printed"`` if an output shows a value that rounds to ``number``, ``"parameter"`` if a code
        cell writes that very value (a parameter is not rounded: 0.25 in the code is not "0.3")."""
        if self._covers(self.printed, number):
            return "printed"
        if self._covers(self.parameters, number, exactly=True):
            return "parameter"
        return None


def evidence(notebook: Mapping[str, Any]) -> Evidence:
    """The values a notebook's code cells print (outputs, widget text) and write (their sources)."""
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    printed = _values([text for cell in code for text in _output_texts(cell)] + list(_widget_texts(notebook)))
    parameters = _values("".join(cell["source"]) for cell in code)
    return Evidence(printed=printed, parameters=parameters)


def quoted_numbers() -> dict[str, dict[str, str]]:
    """The reviewed list of quoted numbers: notebook stem → number as written → its source."""
    text = resources.files(__package__).joinpath("data", QUOTED_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _quoted_values(quotes: Mapping[str, str]) -> list[float]:
    return sorted(number.value for key in quotes for number in scan(key))


def _is_quoted(values: list[float], number: WrittenNumber) -> bool:
    return any(abs(abs(value) - abs(number.value)) <= 1e-12 * max(1.0, abs(value)) for value in values)


def _load(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def unsupported_numbers(path: str | Path, quoted: Mapping[str, Mapping[str, str]] | None = None,
                        notebook: Mapping[str, Any] | None = None) -> list[Unsupported]:
    """The numbers of the notebook at ``path`` that nothing supports, in reading order.

    ``quoted`` defaults to :func:`quoted_numbers`; ``notebook`` (its parsed JSON) to the file's content.
    """
    path = Path(path)
    notebook = _load(path) if notebook is None else notebook
    quoted = quoted_numbers() if quoted is None else quoted
    quotes = _quoted_values(quoted.get(path.stem, {}))
    shown = evidence(notebook)
    found = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        for number, reason, fragment in prose_numbers("".join(cell["source"])):
            if reason is None and shown.supports(number) is None and not _is_quoted(quotes, number):
                found.append(Unsupported(path.stem, index, number.text, fragment))
    return found


def unused_quotes(path: str | Path, quoted: Mapping[str, Mapping[str, str]] | None = None) -> list[str]:
    """Entries of the quoted list for this notebook that its prose no longer writes (stale entries)."""
    path = Path(path)
    quoted = quoted_numbers() if quoted is None else quoted
    notebook = _load(path)
    written = [number for cell in notebook["cells"] if cell["cell_type"] == "markdown"
               for number, _, _ in prose_numbers("".join(cell["source"]))]
    return [key for key in quoted.get(path.stem, {})
            if not any(_is_quoted(_quoted_values({key: ""}), number) for number in written)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", help="notebooks to check, e.g. notebooks/07_*.ipynb")
    args = parser.parse_args(argv)
    quoted = quoted_numbers()
    total = 0
    for path in args.notebooks:
        found = unsupported_numbers(path, quoted)
        total += len(found)
        print(f"{path}: {len(found)} unsupported number{'s' * (len(found) != 1)}")
        for item in found:
            print(f"  cell {item.cell}: {item.number}  «{item.fragment}»")
        for key in unused_quotes(path, quoted):
            print(f"  stale entry in {QUOTED_FILE}: {key!r} is no longer in the prose")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
