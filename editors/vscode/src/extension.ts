// The usm-lint extension: the `usm` language (grammar, snippets, brackets) and
// `usm-lint server`, started from the setting `usm-lint.path`, PATH or the
// active Python environment, restarted on request or when the setting changes.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

import { INSTALL_COMMAND, MINIMUM_VERSION, checkExecutable, resolveExecutable } from "./resolve";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

/** The active Python interpreter, from the Python extension if it is installed. */
async function activeInterpreter(): Promise<string | undefined> {
  const python = vscode.extensions.getExtension("ms-python.python");
  if (python) {
    try {
      const api = python.isActive ? python.exports : await python.activate();
      const active = api?.environments?.getActiveEnvironmentPath?.();
      if (typeof active?.path === "string") {
        return active.path;
      }
    } catch (error) {
      output.appendLine(`usm-lint: could not ask the Python extension: ${String(error)}`);
    }
  }
  const configured = vscode.workspace.getConfiguration("python").get<string>("defaultInterpreterPath");
  return configured || undefined;
}

async function tellUser(message: string): Promise<void> {
  output.appendLine(message);
  const choice = await vscode.window.showErrorMessage(message, "Copy the pip command", "Open settings");
  if (choice === "Copy the pip command") {
    await vscode.env.clipboard.writeText(INSTALL_COMMAND);
  } else if (choice === "Open settings") {
    await vscode.commands.executeCommand("workbench.action.openSettings", "usm-lint.path");
  }
}

async function start(): Promise<void> {
  const setting = vscode.workspace.getConfiguration("usm-lint").get<string>("path", "");
  const executable = resolveExecutable(setting, process.env.PATH, await activeInterpreter());
  if (executable === undefined) {
    await tellUser("usm-lint was not found: install it with `" + INSTALL_COMMAND + "` in the " +
      "Python environment you use, or set `usm-lint.path` to the executable.");
    return;
  }
  const checked = await checkExecutable(executable);
  if (checked.kind === "missing") {
    await tellUser(`usm-lint could not be run from ${executable} (${checked.detail}): install it ` +
      "with `" + INSTALL_COMMAND + "`, or set `usm-lint.path` to the executable.");
    return;
  }
  if (checked.kind === "old") {
    await tellUser(`usm-lint ${checked.version} at ${executable} is too old for this extension ` +
      `(it needs ${MINIMUM_VERSION} or newer): upgrade it with \`${INSTALL_COMMAND}\`.`);
    return;
  }
  output.appendLine(`usm-lint ${checked.version}: starting ${executable} server`);
  const serverOptions: ServerOptions = { command: executable, args: ["server"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "usm" },
      { scheme: "untitled", language: "usm" },
    ],
    outputChannel: output,
  };
  client = new LanguageClient("usm-lint", "usm-lint", serverOptions, clientOptions);
  await client.start();
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("usm-lint");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("usm-lint.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("usm-lint.path")) {
        void restart();
      }
    }),
  );
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}
