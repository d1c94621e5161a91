// MathJax 4, served from the book (_static/mathjax); Sphinx (mathjax_config_path) puts this into every
// page after the configuration myst-nb writes (window.MathJax.options.processHtmlClass), kept here.
(function () {
  var config = window.MathJax || {};
  config.loader = config.loader || {};
  config.loader.paths = Object.assign({}, config.loader.paths, {
    // Its font (npm @mathjax/mathjax-newcm-font) from the book too; without this path it asks a CDN.
    fonts: '[mathjax]/../@mathjax',
  });
  if (location.protocol === 'file:') {
    // Chromium refuses to start a web worker for a file:// page, and MathJax's start-up promise then
    // never settles: from file:// the speech and Braille labels (made in a worker) are turned off;
    // over http they stay on.
    config.options = Object.assign({}, config.options, {menuOptions: {settings: {speech: false, braille: false}}});
  }
  // The widget manager (html-manager 1.x) typesets widget labels through MathJax 2's
  // `MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])`: forward that to MathJax 4.
  var hub = {
    Queue: function () {
      Array.prototype.forEach.call(arguments, function (job) {
        if (Array.isArray(job) && job[0] === 'Typeset' && window.MathJax.startup) {
          window.MathJax.startup.promise.then(function () {
            return window.MathJax.typesetPromise(job[2] ? [job[2]] : undefined);
          });
        }
      });
    },
  };
  config.Hub = hub;
  config.startup = Object.assign({}, config.startup, {
    ready: function () {
      window.MathJax.startup.defaultReady();
      window.MathJax.Hub = hub;
    },
  });
  window.MathJax = config;
})();
