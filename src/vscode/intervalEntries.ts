// Interval entry files (`new Interval({ … })` with an SDK import) as action
// sources: found by a text scan, read in a worker (loadEntryRoutes), and
// reloaded when the entry, any file it imports, or its routesDirectory changes.
import { readFile } from 'node:fs/promises'
import { sep } from 'node:path'
import * as vscode from 'vscode'
import { slugOf, type ActionFile } from '../core/discovery/actionTree'
import type { FileFilter } from '../core/discovery/glob'
import type { CompileCache } from '../core/loader/cache'
import { isIntervalEntry } from '../core/routes/detect'
import { routeKeyLine } from '../core/routes/keyLine'
import { loadEntryRoutes } from '../core/routes/load'
import type { RouteInfo } from '../core/routes/routeInfo'
import type { ActionEntry } from './actionIndex'
import { errorAt, loadErrorDiagnostic, loadErrorMessage } from './loadErrors'

interface Source {
  file: ActionFile
  entries: ActionEntry[]
  /** Files the routes were built from; a change to one reloads the source. */
  inputs: Set<string>
  routesDirectory?: string
  /** Where this source put diagnostics, to clear them on reload. */
  diagnosed: vscode.Uri[]
  /** Bumped by each load: an older load's answer is dropped. */
  gen: number
  reload?: NodeJS.Timeout
}

/** Entry files larger than this are not scanned: an entry file is a short list of routes. */
const MAX_SCAN_BYTES = 1_000_000

export class IntervalEntries implements vscode.Disposable {
  private readonly sources = new Map<string, Source>()

  constructor(
    private readonly compiler: CompileCache,
    private readonly workerPath: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly changed: () => void,
  ) {}

  entries(): ActionEntry[] {
    return [...this.sources.values()].flatMap((s) => s.entries)
  }

  clear(): void {
    for (const s of this.sources.values()) this.drop(s)
    this.sources.clear()
  }

  /** Adds `file` when its text makes it an entry file; returns whether it did. */
  async consider(file: ActionFile, candidates: FileFilter): Promise<boolean> {
    if (this.sources.has(file.file) || !candidates.matches(file.relPath)) return false
    if (!isIntervalEntry(await readSmall(file.file))) return false
    const source: Source = { file, entries: [], inputs: new Set([file.file]), diagnosed: [], gen: 0 }
    source.entries = [{ file, slug: slugOf(file.relPath), state: 'loading' }]
    this.sources.set(file.file, source)
    return true
  }

  /** `consider` for many files, a few at a time: thousands of parallel reads would run out of file handles (and read as empty). */
  async considerAll(files: ActionFile[], candidates: FileFilter): Promise<void> {
    for (let i = 0; i < files.length; i += 64) await Promise.all(files.slice(i, i + 64).map((f) => this.consider(f, candidates)))
  }

  /** Loads every source found; settles when all have loaded. */
  loadAll(): Promise<void> {
    return Promise.all([...this.sources.values()].map((s) => this.load(s))).then(() => undefined)
  }

  /** A file was created, changed or deleted: reload what depends on it, or start or stop treating it as an entry. */
  async touched(file: ActionFile, candidates: FileFilter, deleted = false): Promise<void> {
    const own = this.sources.get(file.file)
    if (own && (deleted || !isIntervalEntry(await readSmall(file.file)))) {
      this.drop(own)
      this.sources.delete(file.file)
      this.changed()
      return
    }
    for (const s of this.sources.values()) {
      if (s.inputs.has(file.file) || (s.routesDirectory && file.file.startsWith(s.routesDirectory + sep))) this.scheduleLoad(s)
    }
    if (!own && !deleted && (await this.consider(file, candidates))) {
      this.changed()
      void this.load(this.sources.get(file.file)!)
    }
  }

  /** Several saves in a row (or a save touching a file and its imports) load once. */
  private scheduleLoad(s: Source): void {
    clearTimeout(s.reload)
    s.reload = setTimeout(() => void this.load(s), 150)
  }

  private async load(s: Source): Promise<void> {
    const gen = ++s.gen
    const file = s.file.file
    let next: ActionEntry[]
    let diags: { uri: vscode.Uri; diagnostic: vscode.Diagnostic }[]
    try {
      const r = await loadEntryRoutes(this.workerPath, this.compiler, file)
      if (gen !== s.gen || this.sources.get(file) !== s) return
      s.inputs = new Set(r.inputs)
      s.routesDirectory = r.routesDirectory
      next = r.routes.map((route) => routeEntry(s.file, route, r.routesDirectory))
      const text = await readSmall(file)
      diags = r.routes.filter((route) => route.error).map((route) => routeDiagnostic(route, file, text))
      this.log.info(`${s.file.relPath}: ${r.routes.length} Interval route(s)${r.routesDirectory ? ` (routesDirectory ${vscode.workspace.asRelativePath(r.routesDirectory)})` : ''}`)
    } catch (e) {
      if (gen !== s.gen || this.sources.get(file) !== s) return
      const error = loadErrorMessage(e)
      this.log.warn(`${s.file.relPath} cannot be loaded: ${error}`)
      next = [{ file: s.file, slug: slugOf(s.file.relPath), state: 'broken', error }]
      diags = [loadErrorDiagnostic(e, file)]
    }
    for (const uri of s.diagnosed) this.diagnostics.delete(uri)
    const byUri = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>()
    for (const d of diags) {
      const slot = byUri.get(d.uri.toString()) ?? { uri: d.uri, list: [] }
      slot.list.push(d.diagnostic)
      byUri.set(d.uri.toString(), slot)
    }
    for (const { uri, list } of byUri.values()) this.diagnostics.set(uri, list)
    s.diagnosed = [...byUri.values()].map((d) => d.uri)
    s.entries = next
    this.changed()
  }

  private drop(s: Source): void {
    clearTimeout(s.reload)
    s.gen++
    for (const uri of s.diagnosed) this.diagnostics.delete(uri)
  }

  dispose(): void {
    this.clear()
  }
}

function routeEntry(file: ActionFile, r: RouteInfo, routesDirectory: string | undefined): ActionEntry {
  return {
    file, slug: r.slug, state: r.error ? 'broken' : 'ready', name: r.name, description: r.description, error: r.error,
    backgroundable: r.backgroundable, unlisted: r.unlisted, warnOnClose: r.warnOnClose,
    route: { key: `${file.file}#${r.slug}`, kind: r.kind, source: r.file ?? file.file, hasHandler: r.hasHandler, routesDirectory },
  }
}

/** A broken route's diagnostic: at esbuild's line in its own file, or at its key in the entry file. */
function routeDiagnostic(r: RouteInfo, entryFile: string, entryText: string): { uri: vscode.Uri; diagnostic: vscode.Diagnostic } {
  const message = `${r.slug}: ${r.error}`
  if (r.file && r.file !== entryFile) {
    const at = /:(\d+):(\d+): /.exec(r.error ?? '')
    return { uri: vscode.Uri.file(r.file), diagnostic: errorAt(at ? Number(at[1]) - 1 : 0, at ? Number(at[2]) - 1 : 0, message) }
  }
  return { uri: vscode.Uri.file(entryFile), diagnostic: errorAt(routeKeyLine(entryText, r.slug) ?? 0, 0, message) }
}

async function readSmall(file: string): Promise<string> {
  try {
    const text = await readFile(file, 'utf8')
    return text.length > MAX_SCAN_BYTES ? '' : text
  } catch {
    return ''
  }
}
