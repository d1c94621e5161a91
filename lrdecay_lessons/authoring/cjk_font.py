"""The Chinese font the package ships for its figures: a subset of Noto Sans CJK SC (SIL OFL 1.1).

    .venv/bin/python -m lrdecay_lessons.authoring.cjk_font     # rebuild after new characters reach a catalog

Why this font: Matplotlib's default fonts have no Chinese glyphs, and a learner's machine (or a
JupyterHub image) often has no CJK font at all, so the figures of the Chinese edition would show
empty boxes and print a warning. Noto Sans CJK is a sans-serif like the course's DejaVu Sans, drawn
for screens, with a simplified-Chinese face (SC) and a bold weight for the titles. Its licence, the
SIL Open Font License 1.1, allows a modified copy (a subset is one) to ship with software, under its
name unless that is a declared Reserved Font Name; the font's own notice declares none. Each whole face is
about 16 MB; the subset keeps the 3,755 characters of GB 2312's first level (the common ones),
every character of the course's Chinese catalogs and the CJK punctuation. Matplotlib falls back to
it glyph by glyph, so Latin letters and digits stay DejaVu Sans.

Built from Debian's ``fonts-noto-cjk`` (``/usr/share/fonts/opentype/noto``), an authoring tool
only: the package ships the result (``lrdecay_lessons/i18n/fonts``), which
``tests/test_translation.py`` checks against the catalogs' characters.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .translation import CATALOGS, REPO

SOURCE = Path("/usr/share/fonts/opentype/noto")
FONTS = REPO / "lrdecay_lessons" / "i18n" / "fonts"
#: Index of the simplified-Chinese face in Debian's NotoSansCJK-*.ttc collections.
SC_FACE = 2
WEIGHTS = ("Regular", "Bold")
PACKAGE_CATALOGS = REPO / "lrdecay_lessons" / "i18n" / "locale"


def common_hanzi() -> set[str]:
    """GB 2312's first level: 3,755 characters, rows 16 to 55 (0xB0A1 to 0xD7F9)."""
    found = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def catalog_characters() -> set[str]:
    """Every non-ASCII character of the Chinese catalogs (the chapters' and the package's)."""
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(CATALOGS.glob("zh/*.po")))
    text += "".join(path.read_text(encoding="utf-8") for path in sorted(PACKAGE_CATALOGS.rglob("*.po")))
    return {c for c in text if ord(c) > 0x7F}


def wanted() -> set[str]:
    punctuation = {chr(c) for c in range(0x3000, 0x3040)} | {chr(c) for c in range(0xFF01, 0xFF5F)}
    return common_hanzi() | catalog_characters() | punctuation | {"·", "—", "…", "“", "”", "‘", "’"}


def font_path(weight: str) -> Path:
    return FONTS / f"NotoSansCJKsc-{weight}-subset.otf"


def build() -> list[Path]:
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    FONTS.mkdir(parents=True, exist_ok=True)
    written = []
    characters = wanted()
    for weight in WEIGHTS:
        face = TTCollection(SOURCE / f"NotoSansCJK-{weight}.ttc").fonts[SC_FACE]
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in characters))
        subsetter.subset(face)
        face.save(font_path(weight))
        written.append(font_path(weight))
    licence = (FONTS / "OFL.txt")
    licence.write_text(_licence(), encoding="utf-8")
    return written


def _licence() -> str:
    """The font's copyright notice and the OFL's text, as Debian's copyright file gives it."""
    from fontTools.ttLib import TTCollection

    notice = TTCollection(SOURCE / "NotoSansCJK-Regular.ttc").fonts[SC_FACE]["name"].getDebugName(0)
    lines = Path("/usr/share/doc/fonts-noto-cjk/copyright").read_text(encoding="utf-8").splitlines()
    start = lines.index("License: SIL-1.1", lines.index("Files: debian/*"))
    ofl = "\n".join("" if line == " ." else line[1:] for line in lines[start + 1:])
    return (f"Noto Sans CJK SC, Regular and Bold, subset by lrdecay_lessons/authoring/cjk_font.py from\n"
            f"Debian's fonts-noto-cjk (https://github.com/googlefonts/noto-cjk).\n\n{notice}\n\n{ofl.strip()}\n")


def main() -> int:
    for path in build():
        print(f"wrote {path.relative_to(REPO)} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
