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
    spec: "supercluster@9.1.0",
    integrity: "sha512-WMhsJPm8Tf9f5mKxJ1D0mB5tbCMOFi8wTrm/LGnsJHGg8xkeNT/TWDZuFauOGRISnclbYgnxD7g3xJAfQO3FLg==",
    folder: "supercluster",
    files: { "dist/supercluster.min.js": "supercluster.min.js", LICENSE: "LICENSE" },
  },
  {
    // bundled inside supercluster's dist file; vendored for its licence
    spec: "kdbush@4.1.0",
    integrity: "sha512-e9vurzrXJQrFX6ckpHP3bvj5l+9CnYzkxDNnNQ1h2QTqdWsUAJgXiKdGNcOa1EY85dU8KbQ+z/FdQdB7P+9yfQ==",
    folder: "supercluster/kdbush",
    files: { LICENSE: "LICENSE" },
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
