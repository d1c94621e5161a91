"""nbconvert's settings for the offline decks (``make slides``; the browser tests build with them too).

    jupyter nbconvert --to slides --config book/slides_config.py --output-dir build/slides DECKS.ipynb
    python book/vendor.py slides build/slides/_assets

The template ``book/templates/offline-slides`` (nbconvert's reveal.js template, offline) and every script
and style sheet from ``ASSETS/`` beside the decks, staged there by ``book/vendor.py`` from the pinned npm
packages (and anywidget's front-end from the installed Python package): no deck asks a CDN.
"""

from pathlib import Path

#: The folder beside the decks that holds their scripts (``python book/vendor.py slides DECKS/_assets``).
ASSETS = "_assets"

c = get_config()  # noqa: F821 (traitlets gives a config file get_config)
c.TemplateExporter.extra_template_basedirs = [str(Path(__file__).resolve().parent / "templates")]
c.SlidesExporter.template_name = "offline-slides"
c.SlidesExporter.reveal_theme = "white"
c.SlidesExporter.reveal_url_prefix = f"{ASSETS}/reveal.js"
c.SlidesExporter.mathjax_url = f"{ASSETS}/mathjax2/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
c.SlidesExporter.require_js_url = f"{ASSETS}/require.js"
c.SlidesExporter.jquery_url = f"{ASSETS}/jquery.min.js"
c.SlidesExporter.font_awesome_url = f"{ASSETS}/font-awesome/css/font-awesome.min.css"
c.SlidesExporter.widget_renderer_url = f"{ASSETS}/html-manager/embed-amd.js"
