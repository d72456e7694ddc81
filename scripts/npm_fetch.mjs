// Fetch released npm packages at pinned versions and check them against pinned integrity hashes,
// so files we commit from them (map outlines, vendored browser libraries) have a reproducible origin.
// Uses the ordinary npm client (`npm pack`), which reads the registry configured for npm.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Download `name@version` into a fresh folder, verify its sha512, unpack it; return the package folder. */
export function fetchPackage(spec, integrity, workDir = mkdtempSync(join(tmpdir(), "sitrep-npm-"))) {
  const out = execFileSync("npm", ["pack", spec, "--json", "--pack-destination", workDir], { encoding: "utf8" });
  const tarball = join(workDir, JSON.parse(out)[0].filename);
  const actual = "sha512-" + createHash("sha512").update(readFileSync(tarball)).digest("base64");
  if (actual !== integrity) {
    throw new Error(`${spec}: integrity ${actual} differs from the pinned ${integrity}`);
  }
  const dest = join(workDir, spec.replace(/[@/]/g, "_"));
  mkdirSync(dest, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", dest, "--strip-components=1"]);
  return dest;
}

/** Install pinned build-time tools (not shipped) into a scratch folder; return a require() for them. */
export async function installTools(specs, workDir = mkdtempSync(join(tmpdir(), "sitrep-npm-"))) {
  const dir = join(workDir, "tools");
  execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", dir, ...specs], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const { createRequire } = await import("node:module");
  return createRequire(join(dir, "node_modules", "_"));
}
