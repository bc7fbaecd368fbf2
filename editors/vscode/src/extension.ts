// Starts `prdlint server` for Markdown files; diagnostics and quick fixes come from the server.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

function serverOptions(): { command: string; args: string[]; options: { cwd?: string } } {
  const settings = vscode.workspace.getConfiguration("prdlint");
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const expand = (value: string): string => (folder ? value.split("${workspaceFolder}").join(folder) : value);
  const command = expand(settings.get<string>("path") || "prdlint");
  const args = (settings.get<string[]>("args") ?? ["server"]).map(expand);
  return { command, args, options: folder ? { cwd: folder } : {} };
}

async function start(): Promise<void> {
  const server = serverOptions();
  const run: ServerOptions = { command: server.command, args: server.args, options: server.options };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
  };
  client = new LanguageClient("prdlint", "prdlint", run, clientOptions);
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    const started = [server.command, ...server.args].join(" ");
    void vscode.window.showErrorMessage(
      `prdlint: could not start '${started}' (${String(error)}). Install it with ` +
        `pip install 'prdlint[lsp]', or set prdlint.path to the prdlint of your virtual environment.`,
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("prdlint.restart", async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("prdlint.path") || event.affectsConfiguration("prdlint.args")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}
