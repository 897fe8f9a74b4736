// The executable lookup and version checks, against real files and a real process.
import { strict as assert } from "node:assert";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { test } from "node:test";

import {
  checkExecutable, isOlder, onPath, parseVersion, resolveExecutable,
} from "../dist/test/resolve.mjs";

function fakeUsmLint(version) {
  const folder = mkdtempSync(path.join(tmpdir(), "usm-lint-"));
  const file = path.join(folder, "usm-lint");
  writeFileSync(file, `#!/bin/sh\necho "usm-lint ${version}"\n`);
  chmodSync(file, 0o755);
  return { folder, file };
}

test("the setting wins, then PATH, then the interpreter's folder", () => {
  const onSearchPath = fakeUsmLint("0.1.0");
  const inEnvironment = fakeUsmLint("0.1.0");
  const python = path.join(inEnvironment.folder, "python");
  assert.equal(resolveExecutable(" /opt/usm-lint ", onSearchPath.folder, python), "/opt/usm-lint");
  assert.equal(resolveExecutable("", `/nowhere${path.delimiter}${onSearchPath.folder}`, python),
               onSearchPath.file);
  assert.equal(resolveExecutable("", "/nowhere", python), inEnvironment.file);
  assert.equal(resolveExecutable("", "/nowhere", undefined), undefined);
  assert.equal(onPath(undefined), undefined);
});

test("versions are read and compared", () => {
  assert.deepEqual(parseVersion("usm-lint 0.12.3\n"), [0, 12, 3]);
  assert.equal(parseVersion("python 3.11"), undefined);
  assert.equal(isOlder([0, 0, 9], "0.1.0"), true);
  assert.equal(isOlder([0, 1, 0], "0.1.0"), false);
  assert.equal(isOlder([1, 0, 0], "0.9.9"), false);
});

test("a real executable is checked by running it", async () => {
  assert.deepEqual(await checkExecutable(fakeUsmLint("0.1.0").file), { kind: "ok", version: "0.1.0" });
  assert.deepEqual(await checkExecutable(fakeUsmLint("0.0.1").file), { kind: "old", version: "0.0.1" });
  const missing = await checkExecutable("/nowhere/usm-lint");
  assert.equal(missing.kind, "missing");
});
