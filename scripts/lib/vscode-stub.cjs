// A stand-in for the `vscode` module, enough for dist/extension.js to load and activate() to run in
// plain Node (scripts/measure-load.mjs). Every API call is a no-op returning something shaped right;
// nothing here is a test double for behaviour.
const { pathToFileURL } = require('node:url')
const { join } = require('node:path')

const disposable = () => ({ dispose() {} })
class EventEmitter {
  constructor() { this.listeners = new Set() }
  get event() { return (fn) => (this.listeners.add(fn), { dispose: () => this.listeners.delete(fn) }) }
  fire(e) { for (const fn of this.listeners) fn(e) }
  dispose() { this.listeners.clear() }
}
class Uri {
  constructor(fsPath, scheme = 'file') { this.fsPath = fsPath; this.path = fsPath; this.scheme = scheme }
  static file(p) { return new Uri(p) }
  static parse(s) { return new Uri(s, s.split(':')[0]) }
  static joinPath(u, ...parts) { return new Uri(join(u.fsPath, ...parts), u.scheme) }
  with() { return this }
  toString() { return pathToFileURL(this.fsPath).href }
}
class Simple { constructor(...args) { this.args = args } }
const event = () => () => disposable()
const configuration = { get: (_k, d) => d, has: () => false, inspect: () => undefined, update: async () => {} }
const channel = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, appendLine() {}, append() {}, show() {}, dispose() {}, onDidChangeLogLevel: event() }
const treeView = { visible: false, onDidChangeVisibility: event(), onDidExpandElement: event(), onDidCollapseElement: event(), onDidChangeSelection: event(), reveal: async () => {}, dispose() {} }

function stub(root) {
  return {
    EventEmitter, Uri,
    TreeItem: Simple, ThemeIcon: Object.assign(Simple, { Folder: {}, File: {} }), ThemeColor: Simple, MarkdownString: Simple,
    Range: Simple, Position: Simple, Diagnostic: Simple, CodeLens: Simple, RelativePattern: Simple, TabInputWebview: Simple, Disposable: Object.assign(Simple, { from: disposable }),
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 }, ProgressLocation: { Notification: 15 }, ViewColumn: { Active: -1, Beside: -2 },
    QuickPickItemKind: { Separator: -1 }, FileType: { File: 1, Directory: 2 }, DiagnosticSeverity: { Error: 0 }, StatusBarAlignment: { Left: 1 },
    workspace: {
      isTrusted: true, workspaceFolders: [{ uri: Uri.file(root), name: 'w', index: 0 }], fs: {},
      getConfiguration: () => configuration, findFiles: async () => [], asRelativePath: (p) => String(p), getWorkspaceFolder: () => undefined,
      createFileSystemWatcher: () => ({ onDidCreate: event(), onDidChange: event(), onDidDelete: event(), dispose() {} }),
      onDidGrantWorkspaceTrust: event(), onDidChangeConfiguration: event(), onDidChangeWorkspaceFolders: event(), onDidSaveTextDocument: event(), onDidOpenTextDocument: event(), textDocuments: [],
    },
    window: {
      createOutputChannel: () => channel, createTreeView: () => treeView, registerWebviewPanelSerializer: disposable,
      tabGroups: { all: [], onDidChangeTabs: event() }, showErrorMessage: async () => undefined, showInformationMessage: async () => undefined, showWarningMessage: async () => undefined,
      setStatusBarMessage: disposable, onDidChangeActiveTextEditor: event(), visibleTextEditors: [],
    },
    commands: { registerCommand: disposable, executeCommand: async () => undefined },
    languages: { createDiagnosticCollection: () => ({ set() {}, delete() {}, clear() {}, dispose() {} }), registerCodeLensProvider: disposable },
    env: { clipboard: { writeText: async () => {} }, openExternal: async () => true },
  }
}
module.exports = stub(process.env.VSCODE_STUB_ROOT || process.cwd())
