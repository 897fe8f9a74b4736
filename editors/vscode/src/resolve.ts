// Finding the usm-lint executable and judging its version. No `vscode` import:
// this module is tested on its own with Node's test runner (tests/resolve.test.mjs).
import { execFile } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import * as path from "node:path";

/** The oldest usm-lint whose server this extension can use (semantic tokens). */
export const MINIMUM_VERSION = "0.1.0";

// usm-lint is not on PyPI yet: pip installs it from its repository.
export const INSTALL_COMMAND =
  'python -m pip install --upgrade "usm-lint @ git+https://github.com/usm-lint/usm-lint"';

const EXECUTABLE = process.platform === "win32" ? "usm-lint.exe" : "usm-lint";

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) {
      return false;
    }
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `usm-lint` on a PATH-style list of folders, if any. */
export function onPath(searchPath: string | undefined): string | undefined {
  for (const folder of (searchPath ?? "").split(path.delimiter)) {
    if (folder && isExecutable(path.join(folder, EXECUTABLE))) {
      return path.join(folder, EXECUTABLE);
    }
  }
  return undefined;
}

/** `usm-lint` next to a Python interpreter (its environment's scripts folder). */
export function besideInterpreter(interpreter: string | undefined): string | undefined {
  if (!interpreter) {
    return undefined;
  }
  const candidate = path.join(path.dirname(interpreter), EXECUTABLE);
  return isExecutable(candidate) ? candidate : undefined;
}

/**
 * The executable to start: the setting when it is set, else `usm-lint` on
 * PATH, else the one in the active Python environment.
 */
export function resolveExecutable(setting: string, searchPath: string | undefined,
                                  interpreter: string | undefined): string | undefined {
  if (setting.trim()) {
    return setting.trim();
  }
  return onPath(searchPath) ?? besideInterpreter(interpreter);
}

/** "usm-lint 0.1.0" -> [0, 1, 0]; undefined when it says no version. */
export function parseVersion(output: string): number[] | undefined {
  const found = /usm-lint\s+(\d+)\.(\d+)\.(\d+)/.exec(output);
  return found ? found.slice(1, 4).map(Number) : undefined;
}

export function isOlder(version: number[], than: string): boolean {
  const minimum = than.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if (version[i] !== minimum[i]) {
      return version[i] < minimum[i];
    }
  }
  return false;
}

export type Check =
  | { kind: "ok"; version: string }
  | { kind: "missing"; detail: string }
  | { kind: "old"; version: string };

/** Run `EXECUTABLE --version` and say whether the extension can use it. */
export function checkExecutable(executable: string): Promise<Check> {
  return new Promise((resolve) => {
    execFile(executable, ["--version"], { timeout: 15000 }, (error, stdout, stderr) => {
      if (error) {
        resolve({ kind: "missing", detail: error.message });
        return;
      }
      const version = parseVersion(`${stdout}${stderr}`);
      if (version === undefined) {
        resolve({ kind: "missing", detail: `it printed no version: ${stdout}${stderr}` });
      } else if (isOlder(version, MINIMUM_VERSION)) {
        resolve({ kind: "old", version: version.join(".") });
      } else {
        resolve({ kind: "ok", version: version.join(".") });
      }
    });
  });
}
