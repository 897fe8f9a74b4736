// Snapshot tests of the TextMate grammar through VS Code's own tokenizer
// (vscode-textmate with oniguruma, as vscode-tmgrammar-snap runs it), over
// every model in the repository's examples/ and tests/grammar/*.usm (a file
// with every construct of the language).
//
//   node tests/grammar/run.mjs            compare with tests/grammar/snapshots/
//   node tests/grammar/run.mjs --update   write the snapshots again
//
// vscode-tmgrammar-snap keeps a snapshot beside each file it tokenizes, so the
// files are copied into a scratch folder with their committed snapshots.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const extension = path.resolve(here, "..", "..");
const examples = path.resolve(extension, "..", "..", "examples");
const snapshots = path.join(here, "snapshots");
const update = process.argv.includes("--update");

function usmFiles(folder, prefix) {
  const found = [];
  for (const entry of readdirSync(folder).sort()) {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) {
      found.push(...usmFiles(full, `${prefix}${entry}__`));
    } else if (entry.endsWith(".usm")) {
      found.push([full, `${prefix}${entry}`]);
    }
  }
  return found;
}

const cases = [...usmFiles(examples, "examples__"),
               ...readdirSync(here).filter((f) => f.endsWith(".usm")).map((f) => [path.join(here, f), f])];
const scratch = mkdtempSync(path.join(tmpdir(), "usm-grammar-"));
for (const [source, name] of cases) {
  copyFileSync(source, path.join(scratch, name));
  const snapshot = path.join(snapshots, `${name}.snap`);
  if (existsSync(snapshot)) {
    copyFileSync(snapshot, path.join(scratch, `${name}.snap`));
  } else if (!update) {
    console.error(`no snapshot for ${name}: run \`npm run test:grammar -- --update\``);
    process.exit(1);
  }
}
const snap = path.join(extension, "node_modules", ".bin", "vscode-tmgrammar-snap");
const run = spawnSync(snap, [
  "--scope", "source.usm", "--grammar", path.join(extension, "syntaxes", "usm.tmLanguage.json"),
  ...(update ? ["--updateSnapshot"] : []), path.join(scratch, "*.usm"),
], { stdio: "inherit" });
if (run.status === 0 && update) {
  for (const [, name] of cases) {
    copyFileSync(path.join(scratch, `${name}.snap`), path.join(snapshots, `${name}.snap`));
  }
  console.log(`wrote ${cases.length} snapshots`);
}
process.exit(run.status ?? 1);
