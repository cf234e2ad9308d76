// Finds action files in every workspace folder, keeps them current through
// file watchers, and loads each one (compile + inspect, both off the host's
// thread for workspace code) to show its name or the reason it is broken.
import * as vscode from 'vscode'
import { FileFilter } from '../core/discovery/glob'
import { slugOf, type ActionFile } from '../core/discovery/actionTree'
import type { CompileCache } from '../core/loader/cache'
import { CompileError } from '../core/loader/compile'
import { inspectAction } from '../core/runtime/inspect'

export interface ActionEntry {
  file: ActionFile
  slug: string
  state: 'loading' | 'ready' | 'broken'
  name?: string
  description?: string
  error?: string
  /** Keeps running when its tab closes. */
  backgroundable?: boolean
  /** Left out of the tree and the quick pick; links, redirects and row menus still start it. */
  unlisted?: boolean
  /** Asks before its tab closes while it runs (Interval's default: true). */
  warnOnClose?: boolean
}

export class ActionIndex implements vscode.Disposable {
  private readonly entries = new Map<string, ActionEntry>()
  private readonly changed = new vscode.EventEmitter<void>()
  readonly onDidChange = this.changed.event
  private watchers: vscode.Disposable[] = []
  private readonly disposables: vscode.Disposable[] = []
  private generation = 0

  constructor(
    private readonly compiler: CompileCache,
    private readonly workerPath: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly diagnostics: vscode.DiagnosticCollection,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('miniInterval.actions') && void this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
    )
  }

  all(): ActionEntry[] {
    return [...this.entries.values()].sort((a, b) => a.slug.localeCompare(b.slug))
  }

  /** What the tree and the quick pick offer: every action but the unlisted ones. */
  listed(): ActionEntry[] {
    return this.all().filter((e) => !e.unlisted)
  }

  find(slugOrPath: string): ActionEntry | undefined {
    return this.entries.get(slugOrPath) ?? this.all().find((e) => e.slug === slugOrPath)
  }

  /** Re-reads settings, searches every folder, reloads every action. */
  async refresh(): Promise<void> {
    const gen = ++this.generation
    this.watchers.forEach((w) => w.dispose())
    this.watchers = []
    this.entries.clear()
    this.diagnostics.clear()
    if (!vscode.workspace.isTrusted) return this.fire()
    const config = vscode.workspace.getConfiguration('miniInterval.actions')
    const include = config.get<string>('include', '**/*.action.{ts,mts,js,mjs}')
    const exclude = config.get<string[]>('exclude', ['**/node_modules/**'])
    const filter = new FileFilter(include, exclude)
    const folders = vscode.workspace.workspaceFolders ?? []
    for (const folder of folders) {
      const pattern = new vscode.RelativePattern(folder, include)
      const watcher = vscode.workspace.createFileSystemWatcher(pattern)
      const upsert = (uri: vscode.Uri): void => this.upsert(folder, uri, filter)
      watcher.onDidCreate(upsert)
      watcher.onDidChange(upsert)
      watcher.onDidDelete((uri) => this.remove(uri.fsPath))
      this.watchers.push(watcher)
      const skip = exclude.length === 1 ? exclude[0] : null
      const uris = await vscode.workspace.findFiles(pattern, skip ? new vscode.RelativePattern(folder, skip) : null)
      if (gen !== this.generation) return
      for (const uri of uris) this.upsert(folder, uri, filter, false)
    }
    this.log.info(`Found ${this.entries.size} action file(s) in ${folders.length} folder(s)`)
    this.fire()
    await Promise.all(this.all().map((e) => this.load(e)))
  }

  private upsert(folder: vscode.WorkspaceFolder, uri: vscode.Uri, filter: FileFilter, load = true): void {
    const relPath = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/')
    const rel = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? relPath.split('/').slice(1).join('/') : relPath
    if (!filter.matches(rel)) return
    const entry: ActionEntry = { file: { file: uri.fsPath, relPath: rel, root: folder.name }, slug: slugOf(rel), state: 'loading' }
    this.entries.set(uri.fsPath, entry)
    if (load) {
      this.fire()
      void this.load(entry)
    }
  }

  private remove(path: string): void {
    if (this.entries.delete(path)) {
      this.compiler.forget(path)
      this.diagnostics.delete(vscode.Uri.file(path))
      this.fire()
    }
  }

  /** Compiles and inspects one file; a failure marks only that entry broken. */
  async load(entry: ActionEntry): Promise<void> {
    const uri = vscode.Uri.file(entry.file.file)
    try {
      const compiled = await this.compiler.get(entry.file.file)
      const meta = await inspectAction(this.workerPath, compiled)
      const { name, description, backgroundable, unlisted, warnOnClose } = meta
      Object.assign(entry, { state: 'ready', name, description, backgroundable, unlisted, warnOnClose, error: undefined })
      this.diagnostics.delete(uri)
    } catch (e) {
      const err = e as Error
      const message = err instanceof CompileError ? err.message : `${err.name === 'Error' ? '' : err.name + ': '}${err.message}`
      Object.assign(entry, { state: 'broken', error: message })
      this.log.warn(`${entry.file.relPath} cannot be loaded: ${message}`)
      const loc = err instanceof CompileError ? err.location : undefined
      const line = loc && loc.file === entry.file.file ? loc.line - 1 : (lineOf(err.stack, entry.file.file) ?? 0)
      const diag = new vscode.Diagnostic(new vscode.Range(line, loc?.column ?? 0, line, Number.MAX_SAFE_INTEGER), message, vscode.DiagnosticSeverity.Error)
      diag.source = 'Mini Interval'
      this.diagnostics.set(loc && loc.file !== entry.file.file ? vscode.Uri.file(loc.file) : uri, [diag])
    }
    if (this.entries.get(entry.file.file) === entry) this.fire()
  }

  private fire(): void {
    this.changed.fire()
  }

  dispose(): void {
    this.watchers.forEach((w) => w.dispose())
    this.disposables.forEach((d) => d.dispose())
    this.changed.dispose()
  }
}

/** The first line of `file` that a stack trace names (0-based), to place a load error. */
function lineOf(stack: string | undefined, file: string): number | undefined {
  for (const line of stack?.split('\n') ?? []) {
    const m = line.includes(file) ? /:(\d+):\d+\)?$/.exec(line) : null
    if (m) return Number(m[1]) - 1
  }
  return undefined
}
