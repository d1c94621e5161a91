"""Stage the pinned npm assets (``book/node_modules``, from ``package-lock.json``) for the book or the slides.

``python book/vendor.py book DEST`` copies what the book's pages load (MathJax 4 and its CHTML font,
require.js, the widget manager) into ``DEST``, which Sphinx then copies to ``_static/``;
``python book/vendor.py slides DEST`` copies what the reveal.js decks load (reveal.js 4, MathJax 2,
require.js, jQuery, font-awesome 4, the widget manager). Only the files a page can ask for are
copied, so the sites stay small; nothing is ever fetched from a CDN.

Both also get the front-end of anywidget (widgets whose ES module draws in the browser, issue 25): its AMD
build ``anywidget/nbextension/index.js`` from the Python package installed in this interpreter (the version
pinned in constraints.txt, the one that wrote the notebooks' widget state), as ``anywidget/index.js``, and
``anywidget-require.js``, which points require.js at it: the widget manager then loads module
``anywidget`` from there, never from a CDN. A widget's ``_esm`` (a string in the stored state) is imported
by that front-end from a ``blob:`` URL made in the page.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

BOOK_DIR = Path(__file__).resolve().parent
NODE_MODULES = BOOK_DIR / "node_modules"
#: Files taken from elsewhere than node_modules: ``python:PACKAGE/PATH`` is a file of an installed Python
#: package (found without importing it), ``book:PATH`` a file of this folder.
ANYWIDGET = [
    ("python:anywidget/nbextension/index.js", "anywidget/index.js"),
    ("book:anywidget-require.js", "anywidget-require.js"),
]

# (source inside node_modules, or with a prefix of ANYWIDGET's; destination inside DEST); a folder is copied whole.
WIDGETS = [
    ("@jupyter-widgets/html-manager/dist", "html-manager"),
    ("requirejs/require.js", "require.js"),
    *ANYWIDGET,
]
BOOK = WIDGETS + [
    ("mathjax/tex-mml-chtml.js", "mathjax/tex-mml-chtml.js"),
    *[(f"mathjax/{folder}", f"mathjax/{folder}") for folder in ("a11y", "input", "output", "sre", "ui")],
    ("@mathjax/mathjax-newcm-font/chtml.js", "@mathjax/mathjax-newcm-font/chtml.js"),
    ("@mathjax/mathjax-newcm-font/chtml", "@mathjax/mathjax-newcm-font/chtml"),
]
SLIDES = WIDGETS + [
    ("reveal.js/dist", "reveal.js/dist"),
    ("reveal.js/plugin/notes", "reveal.js/plugin/notes"),
    ("jquery/dist/jquery.min.js", "jquery.min.js"),
    ("font-awesome/css", "font-awesome/css"),
    ("font-awesome/fonts", "font-awesome/fonts"),
    ("mathjax2/MathJax.js", "mathjax2/MathJax.js"),
    ("mathjax2/config/TeX-AMS_CHTML-full.js", "mathjax2/config/TeX-AMS_CHTML-full.js"),
    ("mathjax2/config/Safe.js", "mathjax2/config/Safe.js"),
    ("mathjax2/extensions", "mathjax2/extensions"),
    ("mathjax2/jax/element", "mathjax2/jax/element"),
    ("mathjax2/jax/input/TeX", "mathjax2/jax/input/TeX"),
    ("mathjax2/jax/output/CommonHTML", "mathjax2/jax/output/CommonHTML"),
    ("mathjax2/fonts/HTML-CSS/TeX/woff", "mathjax2/fonts/HTML-CSS/TeX/woff"),
    ("mathjax2/localization/en", "mathjax2/localization/en"),
]
# Source maps, the non-AMD widget bundle and the CommonJS/ESM builds are never loaded by a page.
SKIP = shutil.ignore_patterns("*.map", "embed.js", "embed.js.LICENSE.txt", "libembed-amd.js", "*.d.ts")
MANIFESTS = {"book": BOOK, "slides": SLIDES}


def source_path(source: str) -> Path:
    """The file or folder a manifest's ``source`` names (see ``ANYWIDGET`` for the prefixes)."""
    if source.startswith("book:"):
        return BOOK_DIR / source.removeprefix("book:")
    if source.startswith("python:"):
        package, _, inside = source.removeprefix("python:").partition("/")
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit(f"the Python package {package!r} is not installed in {sys.executable}: "
                             "run `make setup` and stage with .venv/bin/python")
        return Path(next(iter(spec.submodule_search_locations))) / inside
    return NODE_MODULES / source


def stage(kind: str, dest: Path) -> int:
    """Copy the files of manifest ``kind`` into ``dest``; return the number of files copied."""
    if kind not in MANIFESTS:
        raise ValueError(f"kind={kind!r} is not a manifest; expected one of {sorted(MANIFESTS)}")
    if not NODE_MODULES.is_dir():
        raise SystemExit(f"{NODE_MODULES} is missing: run `npm ci --prefix book` first")
    if dest.exists():
        shutil.rmtree(dest)
    for source, target in MANIFESTS[kind]:
        src, out = source_path(source), dest / target
        out.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, out, ignore=SKIP)
        else:
            shutil.copy2(src, out)
    return sum(1 for path in dest.rglob("*") if path.is_file())


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python book/vendor.py {book|slides} DEST")
    count = stage(sys.argv[1], Path(sys.argv[2]))
    print(f"vendor: {count} files staged in {sys.argv[2]}")
