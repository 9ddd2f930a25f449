// A minimal VS Code client for `guihua lsp`: starts the server over stdio for the YAML
// files of a workspace folder that holds guihua.yaml. No build step: `npm install` and
// open this folder in VS Code (F5), or package it with `npx @vscode/vsce package`.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const folders = vscode.workspace.workspaceFolders || [];
  if (folders.length === 0) {
    return;
  }
  const command = vscode.workspace.getConfiguration("guihua").get("path") || "guihua";
  const root = folders[0].uri.fsPath;
  const server = { command, args: ["lsp", root], transport: TransportKind.stdio };
  client = new LanguageClient(
    "guihua",
    "guihua",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "yaml" }],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{yaml,yml}"),
      },
    },
  );
  context.subscriptions.push(client);
  client.start().catch((err) => {
    vscode.window.showErrorMessage(
      `无法启动 guihua 语言服务器（${command} lsp）：${err.message}。请在设置 guihua.path 中填写可执行文件的路径。`,
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
