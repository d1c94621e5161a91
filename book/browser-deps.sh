#!/usr/bin/env bash
# Make sure Debian's Chromium (for `make handouts` and `make test-browser`) and a font with Chinese
# glyphs (the headings carry Chinese terms) are installed. As root (CI, containers) they are
# installed with apt; anyone else gets the command to run. Playwright never downloads a browser here.
# poppler-utils gives `pdfimages`, with which the browser tests measure the handouts' pictures.
set -euo pipefail
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
command -v pdfimages >/dev/null || missing+=(poppler-utils)
if ! fc-list :lang=zh family 2>/dev/null | grep -q .; then missing+=(fonts-wqy-microhei); fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "browser-deps: installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q "${missing[@]}" >/dev/null
    exit 0
fi
if [[ " ${missing[*]} " == *" chromium "* || " ${missing[*]} " == *" poppler-utils "* ]]; then
    echo "browser-deps: missing ${missing[*]} (Debian's Chromium at $CHROMIUM, pdfimages): sudo apt-get install -y ${missing[*]}" >&2
    echo "  (or point CHROMIUM=/path/to/chromium at another Chromium or Chrome)" >&2
    exit 1
fi
echo "browser-deps: warning: no font with Chinese glyphs (sudo apt-get install -y fonts-wqy-microhei);" \
     "Chinese headings will print as boxes" >&2
