// Copies the few built files the screens use from node_modules into
// fellesskap/web/static/vendor/, so Django's staticfiles serves them from our
// own origin (no CDN: the service runs on closed networks). Run by `make static`.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "..", "node_modules");
const vendor = join(here, "..", "..", "fellesskap", "web", "static", "vendor");

// [package, file inside the package, name under vendor/]
const files = [
  ["@digdir/designsystemet-css", "dist/src/index.css", "designsystemet/designsystemet.css"],
  ["@digdir/designsystemet-css", "LICENSE", "designsystemet/LICENSE-css"],
  ["@digdir/designsystemet-theme", "src/themes/designsystemet.css", "designsystemet/theme.css"],
  ["@digdir/designsystemet-theme", "LICENSE", "designsystemet/LICENSE-theme"],
  ["htmx.org", "dist/htmx.min.js", "htmx/htmx.min.js"],
  ["htmx.org", "LICENSE", "htmx/LICENSE"],
  ["vega", "build/vega.min.js", "vega/vega.min.js"],
  ["vega-lite", "build/vega-lite.min.js", "vega/vega-lite.min.js"],
  ["vega-embed", "build/vega-embed.min.js", "vega/vega-embed.min.js"],
  ["vega", "LICENSE", "vega/LICENSE-vega"],
  ["vega-lite", "LICENSE", "vega/LICENSE-vega-lite"],
  ["vega-embed", "LICENSE", "vega/LICENSE-vega-embed"],
  ["vega-interpreter", "LICENSE", "vega/LICENSE-vega-interpreter"],
  // Only the browser tests inject axe-core; no page loads it.
  ["axe-core", "axe.min.js", "axe-core/axe.min.js"],
  ["axe-core", "LICENSE", "axe-core/LICENSE"],
];

rmSync(vendor, { recursive: true, force: true });
const manifest = {};
for (const [pkg, src, dest] of files) {
  const from = join(modules, pkg, src);
  const to = join(vendor, dest);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  manifest[dest] = `${pkg}@${JSON.parse(readFileSync(join(modules, pkg, "package.json"))).version}`;
}
// vega-interpreter evaluates Vega's expressions from their syntax tree instead of
// compiling them with Function(), so the chart pages need no 'unsafe-eval'. The
// package ships only an ES module that imports three helpers from 'vega-util'
// (a bare name a browser cannot resolve without an inline import map, which the
// CSP forbids); the helpers are all exported by vega.min.js too, so the module
// is wrapped as a classic script that takes them from the global `vega` and
// exposes `vegaInterpreter.expressionInterpreter`.
{
  const pkg = "vega-interpreter";
  const source = readFileSync(join(modules, pkg, "build", "vega-interpreter.js"), "utf8");
  const importLine = /^import \{([^}]*)\} from 'vega-util';$/m;
  const exportLine = /^export \{ expression as expressionInterpreter \};$/m;
  if (!importLine.test(source) || !exportLine.test(source)) {
    throw new Error(`${pkg}: the build no longer has the expected import/export lines; update copy-vendor.mjs`);
  }
  const body = source
    .replace(importLine, (_, names) => `const {${names}} = globalThis.vega;`)
    .replace(exportLine, "globalThis.vegaInterpreter = { expressionInterpreter: expression };")
    .replace(/^\/\/# sourceMappingURL=.*$/m, "");
  const dest = "vega/vega-interpreter.js";
  writeFileSync(join(vendor, dest), `/* ${pkg}, wrapped by frontend/scripts/copy-vendor.mjs */\n(function () {\n${body}\n})();\n`);
  manifest[dest] = `${pkg}@${JSON.parse(readFileSync(join(modules, pkg, "package.json"))).version}`;
}
// vega-embed's tooltip handler (vega-tooltip) styles its tooltip by adding a <style>
// element, which style-src 'self' blocks; the pages turn that off
// (tooltip.disableDefaultStyle) and link the same rules as a file instead.
{
  const pkg = "vega-tooltip";
  const tooltip = await import(pathToFileURL(join(modules, pkg, "build", "index.js")).href);
  const dest = "vega/vega-tooltip.css";
  writeFileSync(join(vendor, dest), `/* ${pkg}'s default style */\n${tooltip.createDefaultStyle("vg-tooltip-element")}`);
  copyFileSync(join(modules, pkg, "LICENSE"), join(vendor, "vega/LICENSE-vega-tooltip"));
  manifest[dest] = `${pkg}@${JSON.parse(readFileSync(join(modules, pkg, "package.json"))).version}`;
}
writeFileSync(join(vendor, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`copied ${files.length + 2} files into ${vendor}`);
