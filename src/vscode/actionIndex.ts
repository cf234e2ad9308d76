// Finds action files in every workspace folder, keeps them current through
// file watchers, and loads each one (compile + inspect, both off the host's
// thread for workspace code) to show its name or the reason it is broken.
import * as vscode from 'vscode'
import { FileFilter } from '../core/discovery/glob'
import { slugOf, type ActionFile } from '../core/discovery/actionTree'
import type { CompileCache } from '../core/loader/cache'
import { inspectAction } from '../core/runtime/inspect'
import { ENTRY_CANDIDATES } from '../core/routes/detect'
import { IntervalEntries } from './intervalEntries'
import { loadErrorDiagnostic, loadErrorMessage } from './loadErrors'
import { excludePattern, watchFiles } from './fileWatch'

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
  /** One running instance (true), or one per key of its params ('key'). */
  singleton?: boolean | 'key'
  /** Set for a route of an Interval entry file (`file`), which runs by its slug. */
  route?: RouteRef
}

export interface RouteRef {
  /** `<entry file>#<slug>`: what the tree and `find` use. */
  key: string
  /** A page is a group in the tree; it does not run as an action. */
  kind: 'action' | 'page'
  /** The file that defines it (a routesDirectory file, or the entry file). */
  source: string
  hasHandler: boolean
  routesDirectory?: string
}

export class ActionIndex implements vscode.Disposable {
  private readonly entries = new Map<string, ActionEntry>()
  private readonly changed = new vscode.EventEmitter<void>()
  readonly onDidChange = this.changed.event
  private watchers: vscode.Disposable[] = []
  private readonly disposables: vscode.Disposable[] = []
  private generation = 0
  private readonly interval: IntervalEntries

  constructor(
    private readonly compiler: CompileCache,
    private readonly workerPath: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly diagnostics: vscode.DiagnosticCollection,
  ) {
    this.interval = new IntervalEntries(compiler, workerPath, log, diagnostics, () => this.fire())
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('miniInterval.actions') && void this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
    )
  }

  /** Every action file and every route (actions and pages) of the Interval entry files. */
  all(): ActionEntry[] {
    return [...this.entries.values(), ...this.interval.entries()].sort((a, b) => a.slug.localeCompare(b.slug))
  }

  /** What the tree and the quick pick offer: every action but the unlisted ones (pages are not actions). */
  listed(): ActionEntry[] {
    return this.all().filter((e) => !e.unlisted && e.route?.kind !== 'page')
  }

  /** The listed pages of the Interval entry files: the tree's groups for their routes. */
  pages(): ActionEntry[] {
    return this.interval.entries().filter((e) => e.route?.kind === 'page' && !e.unlisted)
  }

  /** By file path, route key (`<entry>#<slug>`) or slug; a slug names an action before a page. */
  find(slugOrPath: string): ActionEntry | undefined {
    const all = this.all()
    return (
      this.entries.get(slugOrPath) ??
      all.find((e) => e.route?.key === slugOrPath) ??
      all.find((e) => e.slug === slugOrPath && e.route?.kind !== 'page') ??
      all.find((e) => e.slug === slugOrPath)
    )
  }

  /** Re-reads settings, searches every folder, reloads every action. */
  async refresh(): Promise<void> {
    const gen = ++this.generation
    this.watchers.forEach((w) => w.dispose())
    this.watchers = []
    this.entries.clear()
    this.interval.clear()
    this.diagnostics.clear()
    if (!vscode.workspace.isTrusted) return this.fire()
    const config = vscode.workspace.getConfiguration('miniInterval.actions')
    const include = config.get<string>('include', '**/*.action.{ts,mts,js,mjs}')
    const exclude = config.get<string[]>('exclude', ['**/node_modules/**'])
    const filter = new FileFilter(include, exclude)
    // Action files are not entry files, whatever they contain.
    const candidates = new FileFilter(ENTRY_CANDIDATES, [...exclude, include])
    const folders = vscode.workspace.workspaceFolders ?? []
    for (const folder of folders) {
      const pattern = new vscode.RelativePattern(folder, include)
      this.watchers.push(watchFiles(pattern, (uri) => this.upsert(folder, uri, filter), (uri) => this.remove(uri.fsPath)))
      const skip = excludePattern(folder, exclude)
      const uris = await vscode.workspace.findFiles(pattern, skip)
      if (gen !== this.generation) return
      for (const uri of uris) this.upsert(folder, uri, filter, false)

      // Interval entry files: any source file may become one (or stop being one) when edited.
      const touched = (uri: vscode.Uri, deleted = false): void => void this.interval.touched(fileOf(folder, uri), candidates, deleted)
      this.watchers.push(watchFiles(new vscode.RelativePattern(folder, ENTRY_CANDIDATES), (uri) => touched(uri), (uri) => touched(uri, true)))
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, ENTRY_CANDIDATES), skip, 20_000)
      await this.interval.considerAll(found.map((uri) => fileOf(folder, uri)), candidates)
      if (gen !== this.generation) return
    }
    this.log.info(`Found ${this.entries.size} action file(s) and ${this.interval.entries().length} Interval entry file route(s) in ${folders.length} folder(s)`)
    this.fire()
    await Promise.all([...this.entries.values()].map((e) => this.load(e)).concat(this.interval.loadAll()))
  }

  private upsert(folder: vscode.WorkspaceFolder, uri: vscode.Uri, filter: FileFilter, load = true): void {
    const file = fileOf(folder, uri)
    if (!filter.matches(file.relPath)) return
    const entry: ActionEntry = { file, slug: slugOf(file.relPath), state: 'loading' }
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
      const { name, description, backgroundable, unlisted, warnOnClose, singleton } = meta
      Object.assign(entry, { state: 'ready', name, description, backgroundable, unlisted, warnOnClose, singleton, error: undefined })
      this.diagnostics.delete(uri)
    } catch (e) {
      const message = loadErrorMessage(e)
      Object.assign(entry, { state: 'broken', error: message })
      this.log.warn(`${entry.file.relPath} cannot be loaded: ${message}`)
      const { uri: at, diagnostic } = loadErrorDiagnostic(e, entry.file.file)
      this.diagnostics.set(at, [diagnostic])
    }
    if (this.entries.get(entry.file.file) === entry) this.fire()
  }

  private fire(): void {
    this.changed.fire()
  }

  dispose(): void {
    this.interval.dispose()
    this.watchers.forEach((w) => w.dispose())
    this.disposables.forEach((d) => d.dispose())
    this.changed.dispose()
  }
}

/** A file of a workspace folder: its path relative to the folder (posix), which globs and slugs use. */
export function fileOf(folder: vscode.WorkspaceFolder, uri: vscode.Uri): ActionFile {
  const relPath = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/')
  const rel = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? relPath.split('/').slice(1).join('/') : relPath
  return { file: uri.fsPath, relPath: rel, root: folder.name }
}
