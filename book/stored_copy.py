"""A small Sphinx extension of the book (``book/conf.py``): every page says honestly that it is a stored copy.

* **Once per page, under its title**, a short note (``div.stored-copy``): the page shows the outputs
  saved when the notebook last ran, nothing runs here, and how to run the chapter: ``make lab`` in the
  course folder, or the notebook itself, downloaded from the note's button (the notebooks are copied to
  ``notebooks/`` in the built book).
* **Slider panels**: above each panel a one-line caption (``p.stored-sliders``) says what its sliders do
  on this page. A *schedule panel* (a browser panel, an anywidget ``AnyModel`` whose ``spec`` has no
  ``kernel``: ``lrdecay_lessons/display/browser_panel.py``) is live: the page redraws it from the formulas
  (class ``panel-live``). A *training panel* (``spec["kernel"]`` true: its lines come from ``compute`` in
  the kernel) and a panel drawn by Python (an ipywidgets panel, its picture a PNG from the kernel) need a
  kernel: their controls move, but the picture stays as saved (``panel-kernel``, ``panel-stored``).
  A sentence of the chapter that promises a redraw or a retraining ("Move one and the picture below
  redraws at once") is followed by "(in JupyterLab: ``make lab`` …)", unless the first panel after it in
  its section is a live one (which keeps the promise on this page).

* **The other edition**: under the note, on every page, a link (``a.edition-switch``) to the same chapter in
  the other language: from ``build/book/NN.html`` to ``zh/NN.html`` ("中文版") and back ("English").

The notebooks are never edited: the note, the captions, the qualifiers and the link are added to the
parsed pages, in the language of the edition being built (``language`` in ``book/conf.py``).
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path

from docutils import nodes

#: A sentence that promises the picture moves with the sliders, per edition.
PROMISES = {
    "en": re.compile(r"\b(re-?draws?|re-?trains?|redrawn|retrained)\b", re.I),
    "zh": re.compile(r"(重绘|重新绘制|重画|重新画|重新训练)"),
}
QUALIFIERS = {
    "en": " (in JupyterLab: make lab; on this stored page the picture stays as saved)",
    "zh": "（在 JupyterLab 中：make lab；在这个保存的页面上，图保持保存时的样子）",
}
#: Where a sentence of each language ends (the qualifier goes before it).
FULL_STOPS = {"en": ".", "zh": "。"}
PROMISE, QUALIFIER = PROMISES["en"], QUALIFIERS["en"]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MODEL_ID = re.compile(r'"model_id"\s*:\s*"([^"]+)"')

#: The caption above a panel, by kind (see :func:`panel_kind`), per edition.
CAPTIONS_BY_EDITION = {
    "en": {
        "live": "Live: move a slider and the picture redraws in this page, with no kernel.",
        "kernel": "Stored copy: this panel trains a model, which needs a kernel; its controls move, "
                  "but the picture stays as saved (make lab runs it).",
        "stored": "Stored copy: these controls move, but the picture stays as saved (make lab runs it).",
    },
    "zh": {
        "live": "实时：拖动滑块，图就在本页重绘，无需内核。",
        "kernel": "保存的副本：这个面板要训练模型，需要内核；控件可以拖动，但图保持保存时的样子（make lab 可以运行它）。",
        "stored": "保存的副本：控件可以拖动，但图保持保存时的样子（make lab 可以运行它）。",
    },
}
CAPTIONS = CAPTIONS_BY_EDITION["en"]
#: The link to the other edition: its text, its language and where it points from this edition's pages.
SWITCH = {
    "en": ("中文版", "zh-CN", "zh/{page}.html"),
    "zh": ("English", "en", "../{page}.html"),
}


def edition(app) -> str:
    """``"zh"`` when the book being built is the Chinese edition (``language = "zh_CN"``), else ``"en"``."""
    return "zh" if str(app.config.language or "en").startswith("zh") else "en"


def switch_html(docname: str, lang: str) -> str:
    """The link from page ``docname`` of edition ``lang`` to the same page of the other edition."""
    text, hreflang, target = SWITCH[lang]
    return (f'<p class="edition-switch"><a class="edition-switch" hreflang="{hreflang}" lang="{hreflang}" '
            f'href="{target.format(page=docname)}">{text}</a></p>')


@functools.lru_cache(maxsize=64)
def _widget_state(path: str, mtime_ns: int) -> dict:
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    return notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def panel_kind(state: dict, model_id: str) -> str:
    """``"live"`` for a schedule panel the page redraws (an ``AnyModel`` with a ``spec`` and no
    ``spec["kernel"]``), ``"kernel"`` for a training panel (``spec["kernel"]`` true), ``"stored"`` for any
    other widget (an ipywidgets panel: its picture comes from the kernel)."""
    model = state.get(model_id, {})
    spec = model.get("state", {}).get("spec") if model.get("model_name") == "AnyModel" else None
    if not isinstance(spec, dict):
        return "stored"
    return "kernel" if spec.get("kernel") else "live"


def note_html(notebook: str, kinds: frozenset[str] = frozenset(), lang: str = "en") -> str:
    """The stored-copy note of one page, with the download button of its ``notebook`` (a file name);
    ``kinds``: the kinds of its panels (:func:`panel_kind`), which the note describes."""
    if lang == "zh":
        return _note_html_zh(notebook, kinds)
    if "live" in kinds:
        panels = " Its schedule panels are live: move a slider and the picture redraws in the page."
        if kinds - {"live"}:
            panels += " Panels whose picture the kernel computes keep it as saved."
    elif kinds:
        panels = " Its panels need a kernel: their controls move, but the pictures stay as saved."
    else:
        panels = " No code runs here."
    return (
        '<div class="stored-copy" role="note"><p><strong>Stored copy.</strong> This page shows the outputs '
        f"saved when the notebook last ran.{panels} "
        "To run the chapter, type <code>make lab</code> in the course folder, or open the notebook "
        f'in Jupyter: <a class="stored-copy-download" href="notebooks/{notebook}" download="{notebook}">'
        f"⬇ Download {notebook}</a></p></div>"
    )


def _note_html_zh(notebook: str, kinds: frozenset[str]) -> str:
    if "live" in kinds:
        panels = "本页的衰减策略面板是实时的：拖动滑块，图就在页面中重绘。"
        if kinds - {"live"}:
            panels += "由内核计算的面板保持保存时的图。"
    elif kinds:
        panels = "本页的面板需要内核：控件可以拖动，但图保持保存时的样子。"
    else:
        panels = "这里不运行任何代码。"
    return (
        '<div class="stored-copy" role="note"><p><strong>保存的副本。</strong>本页显示的是 notebook '
        f"上次运行时保存的输出。{panels}"
        "要运行本章，请在课程文件夹中输入 <code>make lab LANG=zh</code>，或在 Jupyter 中打开这个 notebook："
        f'<a class="stored-copy-download" href="notebooks/{notebook}" download="{notebook}">'
        f"⬇ 下载 {notebook}</a></p></div>"
    )


def _is_panel(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and WIDGET_VIEW in node.astext()


def _output_of(node: nodes.Node) -> nodes.Node:
    """The cell output container holding ``node`` (or ``node`` itself)."""
    parent = node
    while parent.parent is not None and not (
            isinstance(parent, nodes.container) and "cell_output" in parent.get("classes", [])):
        parent = parent.parent
    return parent if parent.parent is not None else node


def mark_stored_copy(app, doctree: nodes.document) -> None:
    """Add the page's note under its title, captions over its panels, qualifiers after its promises."""
    notebook = f"{app.env.docname}.ipynb"
    path = Path(app.srcdir) / notebook
    if not path.is_file():
        return
    lang = edition(app)
    state = _widget_state(str(path), path.stat().st_mtime_ns)
    panels = [r for r in doctree.findall(nodes.raw) if _is_panel(r)]
    kinds = {}
    for raw in panels:
        found = MODEL_ID.search(raw.astext())
        kinds[id(raw)] = panel_kind(state, found.group(1)) if found else "stored"
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, nodes.raw("", note_html(notebook, frozenset(kinds.values()), lang), format="html"))
        section.insert(2, nodes.raw("", switch_html(app.env.docname, lang), format="html"))
    for raw in panels:
        output = _output_of(raw)
        kind = kinds[id(raw)]
        caption = nodes.paragraph("", "", nodes.Text(CAPTIONS_BY_EDITION[lang][kind]),
                                  classes=["stored-sliders", f"panel-{kind}"])
        output.parent.insert(output.parent.index(output), caption)
    for paragraph in list(doctree.findall(nodes.paragraph)):
        if "stored-sliders" in paragraph["classes"] or not PROMISES[lang].search(paragraph.astext()):
            continue
        if any(isinstance(p, nodes.container) and "cell_output" in p.get("classes", [])
               for p in _ancestors(paragraph)):
            continue
        following = _next_caption(paragraph)
        if following is not None and "panel-live" in following["classes"]:
            continue  # the panel it speaks of redraws on this page
        _qualify(paragraph, lang)


def _next_caption(paragraph: nodes.paragraph) -> nodes.paragraph | None:
    """The first panel caption after ``paragraph`` in its own (innermost) section, or None."""
    section = next((p for p in _ancestors(paragraph) if isinstance(p, nodes.section)), None)
    if section is None:
        return None
    after = False
    for node in section.findall(include_self=False):
        if node is paragraph:
            after = True
        elif after and isinstance(node, nodes.paragraph) and "stored-sliders" in node["classes"]:
            return node
    return None


def _qualify(paragraph: nodes.paragraph, lang: str = "en") -> None:
    """Put the edition's qualifier before the full stop of the paragraph's first sentence that promises a redraw."""
    for text in list(paragraph.findall(nodes.Text)):
        if isinstance(text.parent, (nodes.literal, nodes.math)):
            continue
        found = PROMISES[lang].search(str(text))
        if not found:
            continue
        stop = str(text).find(FULL_STOPS[lang], found.end())
        stop = len(text) if stop < 0 else stop
        parent = text.parent
        at = parent.index(text)
        parent.replace(text, nodes.Text(str(text)[:stop]))
        parent.insert(at + 1, nodes.inline("", QUALIFIERS[lang], classes=["stored-qualifier"]))
        if str(text)[stop:]:
            parent.insert(at + 2, nodes.Text(str(text)[stop:]))
        return


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def copy_notebooks(app, exception) -> None:
    """Put every page's notebook into the built book's ``notebooks/``, for the download buttons."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "notebooks"
    target.mkdir(exist_ok=True)
    for docname in app.env.found_docs:
        source = Path(app.srcdir) / f"{docname}.ipynb"
        if source.is_file():
            shutil.copyfile(source, target / source.name)


def setup(app):
    app.connect("doctree-read", mark_stored_copy)
    app.connect("build-finished", copy_notebooks)
    app.add_css_file("stored-copy.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
