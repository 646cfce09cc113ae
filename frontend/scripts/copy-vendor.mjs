// Copies the few built files the screens use from node_modules into
// fellesskap/web/static/vendor/, so Django's staticfiles serves them from our
// own origin (no CDN: the service runs on closed networks). Run by `make static`.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
writeFileSync(join(vendor, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`copied ${files.length} files into ${vendor}`);
