"""Sphinx configuration of the offline web book (``make book``): the notebooks as they are stored.

Built with ``sphinx-build -c book notebooks build/book`` (the English edition) and, with
``LRDECAY_EDITION=zh``, ``sphinx-build -c book notebooks/zh build/book/zh`` (the Chinese one: Sphinx's
and the theme's own words in Chinese, the same search). Every page links to the same chapter in the
other edition (``book/stored_copy.py``). Nothing is executed (the stored outputs
are shown), and every script the pages load is served from the book itself: MathJax 4, require.js
and the Jupyter widget manager come from the pinned npm packages in ``book/package.json``, staged by
``book/vendor.py`` into ``build/vendor/book`` and copied here to ``_static/``. No page asks a CDN.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from lrdecay_lessons.chapters.course import CHAPTERS
from sphinx.search.zh import SearchChinese

BOOK = Path(__file__).resolve().parent
VENDOR = BOOK.parent / "build" / "vendor" / "book"
sys.path.insert(0, str(BOOK))  # the book's own extension, readable.py

#: Which edition this build is: "en" (notebooks/) or "zh" (notebooks/zh/, built into build/book/zh/).
EDITION = os.environ.get("LRDECAY_EDITION", "en")
if EDITION not in ("en", "zh"):
    raise ValueError(f"LRDECAY_EDITION must be 'en' or 'zh'; got LRDECAY_EDITION={EDITION!r}.")
project = "Learning-Rate Decay 学习率衰减" if EDITION == "en" else "学习率衰减 Learning-Rate Decay"
author = "lrdecay-lessons"
copyright = "lrdecay-lessons contributors, MIT licence"
language = "en" if EDITION == "en" else "zh_CN"
# One search for both languages: Sphinx's Chinese index cuts Chinese text into words with jieba and
# stems English words as the English index does; the page text gives the results their snippets.
html_search_language = "zh"

# readable: figures' alt text and readable output tables (book/readable.py, static/reading.css);
# stored_copy: each page says it is a stored copy, how to run it, and offers its notebook (book/stored_copy.py);
# sphinx_copybutton: a copy button on every code block.
extensions = ["myst_nb", "readable", "stored_copy", "sphinx_copybutton"]
root_doc = Path(CHAPTERS[0].notebook).stem  # the course map is the landing page
include_patterns = [chapter.notebook for chapter in CHAPTERS]
exclude_patterns = ["**.ipynb_checkpoints"]

# The stored outputs, never a kernel.
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
# Callouts, tables and slider panels are the package's own HTML: shown as stored.
nb_render_markdown_format = "myst"

# MathJax 4 from the book; its font files too (mathjax-config.js: without the fonts path it asks a CDN).
mathjax_path = "mathjax/tex-mml-chtml.js"
mathjax_config_path = "mathjax-config.js"
# The widget manager renders the sliders' stored state (no kernel); no CDN for unknown widget modules.
# anywidget-require.js tells require.js where the vendored anywidget front-end is (book/vendor.py), so
# panels built with anywidget load it from _static/anywidget/ and run their ES module in the page.
nb_ipywidgets_js = {
    "require.js": {},
    "anywidget-require.js": {},
    "html-manager/embed-amd.js": {"data-jupyter-widgets-cdn": "_static/none/"},
}

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = [str(VENDOR), str(BOOK / "static")]
html_css_files = ["print.css", "one-search.css"]
html_extra_path = [str(BOOK / "extra" / EDITION)]  # index.html: a redirect to the course map
html_copy_source = False  # the notebooks' JSON is not copied into the site (about 8 MB)
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "home_page_in_toc": True,
    "navigation_with_keys": True,
}


if EDITION == "zh":
    html_theme_options["search_bar_text"] = "搜索本书……"


def _hidden_toctree(app, docname, source):
    """Give the course map a hidden table of contents: every chapter, in ``CHAPTERS`` order.

    The notebook on disk stays as it is; only the text Sphinx parses gets one more markdown cell.
    """
    if docname != root_doc:
        return
    notebook = json.loads(source[0])
    entries = "\n".join(Path(chapter.notebook).stem for chapter in CHAPTERS[1:])
    notebook["cells"].append(
        {
            "cell_type": "markdown",
            "id": "book-toctree",
            "metadata": {},
            "source": f"```{{toctree}}\n:hidden:\n:maxdepth: 1\n\n{entries}\n```\n",
        }
    )
    source[0] = json.dumps(notebook)


class SearchChineseAndEnglish(SearchChinese):
    """Sphinx's Chinese search (jieba for Chinese, the English stemmer for English words), its stemmer
    named right: Sphinx 9.0 ships ``EnglishStemmer`` for it but sets ``window.Stemmer = ChineseStemmer``,
    which does not exist, so the search page stops with "ChineseStemmer is not defined"."""

    language_name = "English"


def setup(app):
    app.add_search_language(SearchChineseAndEnglish)
    app.connect("source-read", _hidden_toctree)
