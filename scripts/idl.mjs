#!/usr/bin/env node
// Generates the program's IDL natively (no SBF toolchain): builds the program's `idl-build`
// test functions with cargo, collects what they print, and writes idl/atelier.json, the same
// document `anchor idl build` produces. `--check` fails when the committed IDL drifts from the code.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeOrCheck } from "./generated-file.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const programDir = join(root, "programs", "atelier");
const outFile = join(root, "idl", "atelier.json");
const check = process.argv.includes("--check");

console.error("[idl] building the program with the idl-build feature (native)...");
const env = {
  ...process.env,
  ANCHOR_IDL_BUILD_PROGRAM_PATH: programDir,
  ANCHOR_IDL_BUILD_RESOLUTION: "TRUE",
  ANCHOR_IDL_BUILD_SKIP_LINT: "FALSE",
  ANCHOR_IDL_BUILD_NO_DOCS: "FALSE",
};
const run = spawnSync(
  "cargo",
  ["test", "-p", "atelier", "--lib", "--features", "idl-build", "__anchor_private_print_idl", "--", "--show-output", "--quiet", "--test-threads=1"],
  { cwd: programDir, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 },
);
if (run.status !== 0) {
  console.error("[idl] cargo failed; see the compiler output above");
  process.exit(1);
}

/** Parses the sections the idl-build test functions print, as anchor-lang-idl's builder does. */
function parse(stdout) {
  const sections = { address: "", constants: [], events: [], errors: [], program: null, types: new Map() };
  let kind = null;
  let lines = [];
  for (const line of stdout.split("\n")) {
    const begin = /^--- IDL begin (\w+) ---$/.exec(line);
    const end = /^--- IDL end (\w+) ---$/.exec(line);
    if (begin) {
      kind = begin[1];
      lines = [];
    } else if (end && kind) {
      const text = lines.join("\n");
      if (kind === "address") sections.address = text.replace(/[^A-Za-z0-9]/g, "");
      else if (kind === "const") sections.constants.push(JSON.parse(text));
      else if (kind === "errors") sections.errors = JSON.parse(text);
      else if (kind === "program") sections.program = JSON.parse(text);
      else if (kind === "event") {
        const { event, types } = JSON.parse(text);
        sections.events.push(event);
        for (const t of types) sections.types.set(t.name, t);
      }
      kind = null;
    } else if (kind) {
      lines.push(line);
    }
  }
  if (!sections.program) throw new Error("the idl-build output has no program section");
  return sections;
}

/** Shortens `a::b::Name` type paths to `Name` where no two paths share a name (as Anchor does). */
function shortenPaths(json) {
  const paths = new Map();
  for (const [, full, name] of json.matchAll(/"((?:\w+::)+(\w+))"/g)) {
    if (!paths.has(name)) paths.set(name, new Set());
    paths.get(name).add(full);
  }
  let out = json;
  for (const [name, fulls] of paths) {
    if (fulls.size !== 1) continue;
    const [full] = fulls;
    out = out.split(`"${full}"`).join(`"${name}"`);
  }
  return out;
}

const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const s = parse(run.stdout);
const program = s.program;
for (const t of program.types ?? []) s.types.set(t.name, t);
const idl = {
  address: s.address,
  metadata: program.metadata,
  ...(program.docs ? { docs: program.docs } : {}),
  instructions: program.instructions,
  accounts: program.accounts,
  // The idl-build test functions print in test-harness order; sort so the file is reproducible.
  events: [...s.events].sort(byName),
  errors: s.errors,
  types: [...s.types.keys()].sort().map((k) => s.types.get(k)),
  constants: [...s.constants].sort(byName),
};
const text = shortenPaths(JSON.stringify(idl, null, 2)) + "\n";

writeOrCheck({
  outFile,
  text,
  check,
  label: "idl",
  drift: "idl/atelier.json is out of date with the program. Run `npm run idl` and commit the result.",
  ok: "idl/atelier.json matches the program",
  wrote: `wrote ${outFile} (${idl.instructions.length} instructions, ${idl.accounts.length} accounts, ${idl.events.length} events, ${idl.errors.length} errors)`,
});
