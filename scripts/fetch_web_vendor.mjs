// Vendor the dashboard's third-party browser libraries into src/sitrep/web/vendor/ from their
// released npm packages at pinned versions (hash-checked), with their licence files.
// Run: node scripts/fetch_web_vendor.mjs
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fetchPackage } from "./npm_fetch.mjs";

const VENDOR = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "sitrep", "web", "vendor");
const LIBRARIES = [
  {
    spec: "leaflet@1.9.4",
    integrity: "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
    folder: "leaflet",
    files: {
      "dist/leaflet.js": "leaflet.js",
      "dist/leaflet.css": "leaflet.css",
      "dist/images/layers.png": "images/layers.png",
      "dist/images/layers-2x.png": "images/layers-2x.png",
      "dist/images/marker-icon.png": "images/marker-icon.png",
      "dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
      "dist/images/marker-shadow.png": "images/marker-shadow.png",
      LICENSE: "LICENSE",
    },
  },
  {
    spec: "leaflet.markercluster@1.5.3",
    integrity: "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
    folder: "leaflet.markercluster",
    files: {
      "dist/leaflet.markercluster.js": "leaflet.markercluster.js",
      "dist/MarkerCluster.css": "MarkerCluster.css",
      "dist/MarkerCluster.Default.css": "MarkerCluster.Default.css",
      "MIT-LICENCE.txt": "MIT-LICENCE.txt",
    },
  },
];

const scratch = mkdtempSync(join(tmpdir(), "sitrep-vendor-"));
try {
  const provenance = [];
  for (const library of LIBRARIES) {
    const unpacked = fetchPackage(library.spec, library.integrity, scratch);
    const target = join(VENDOR, library.folder);
    rmSync(target, { recursive: true, force: true });
    for (const [from, to] of Object.entries(library.files)) {
      mkdirSync(dirname(join(target, to)), { recursive: true });
      copyFileSync(join(unpacked, from), join(target, to));
      chmodSync(join(target, to), 0o644);
    }
    provenance.push(`- \`${library.folder}/\`: npm \`${library.spec}\` (${library.integrity})`);
  }
  writeFileSync(
    join(VENDOR, "README.md"),
    "# Vendored browser libraries\n\nReleased files copied unchanged by `scripts/fetch_web_vendor.mjs` from the npm packages\n" +
      "below (tarballs checked against these hashes); each folder keeps the package's licence file.\n\n" +
      provenance.join("\n") +
      "\n",
  );
} catch (error) {
  console.error(`fetch_web_vendor: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
