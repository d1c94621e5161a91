// Bundle src/panel.js (with uPlot and its CSS) into the package's ES module for anywidget:
// lrdecay_lessons/display/static/panel.js, committed, so no machine needs npm to run the course.
import * as esbuild from "esbuild";

await esbuild.build({
  entryPoints: ["src/panel.js"],
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  loader: { ".css": "text" },
  legalComments: "inline",
  outfile: "../lrdecay_lessons/display/static/panel.js",
  logLevel: "info",
});
