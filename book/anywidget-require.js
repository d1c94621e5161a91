// Where require.js finds the widget module "anywidget" in the offline book and slides (book/vendor.py copies
// this file, and anywidget's front-end as anywidget/index.js, into the same folder). The Jupyter widget
// manager (@jupyter-widgets/html-manager) loads a widget's module with require.js by its name before it
// would try a CDN: with this path it never asks one. Load it after require.js, before the widget manager.
// The path is made from this script's own address, so it holds for a page at any depth and from file://.
(function () {
    var here = document.currentScript.src;
    require.config({paths: {anywidget: new URL("anywidget/index", here).href}});
}());
