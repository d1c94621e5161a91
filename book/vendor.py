"""Stage the pinned npm assets (``book/node_modules``, from ``package-lock.json``) for the book or the slides.

``python book/vendor.py book DEST`` copies what the book's pages load (MathJax 4 and its CHTML font,
require.js, the widget manager) into ``DEST``, which Sphinx then copies to ``_static/``;
``python book/vendor.py slides DEST`` copies what the reveal.js decks load (reveal.js 4, MathJax 2,
require.js, jQuery, font-awesome 4, the widget manager). Only the files a page can ask for are
copied, so the sites stay small; nothing is ever fetched from a CDN.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parent / "node_modules"

# (source inside node_modules, destination inside DEST); a folder is copied whole.
WIDGETS = [
    ("@jupyter-widgets/html-manager/dist", "html-manager"),
    ("requirejs/require.js", "require.js"),
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


def stage(kind: str, dest: Path) -> int:
    """Copy the files of manifest ``kind`` into ``dest``; return the number of files copied."""
    if kind not in MANIFESTS:
        raise ValueError(f"kind={kind!r} is not a manifest; expected one of {sorted(MANIFESTS)}")
    if not NODE_MODULES.is_dir():
        raise SystemExit(f"{NODE_MODULES} is missing: run `npm ci --prefix book` first")
    if dest.exists():
        shutil.rmtree(dest)
    for source, target in MANIFESTS[kind]:
        src, out = NODE_MODULES / source, dest / target
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
