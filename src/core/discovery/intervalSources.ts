// Interval entry files (`new Interval({ … })` with an SDK import) as action
// sources: found by a text scan, read in a worker (loadEntryRoutes), and
// reloaded when the entry, any file it imports, or its routesDirectory changes.
import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { slugOf, type ActionFile } from './actionTree'
import type { ActionEntry } from './entries'
import type { FileFilter } from './glob'
import { isWithin } from './files'
import { Limiter } from './limit'
import { loadErrorMessage, loadErrorProblem } from './loadErrors'
import { lineRange, type FileProblem, type ProblemBook } from './problems'
import type { CompileCache } from '../loader/cache'
import { isIntervalEntry } from '../routes/detect'
import { routeKeyLine } from '../routes/keyLine'
import { loadEntryRoutes } from '../routes/load'
import type { RouteInfo } from '../routes/routeInfo'

export interface CatalogLog {
  info(message: string): void
  warn(message: string): void
}

interface Source {
  file: ActionFile
  entries: ActionEntry[]
  /** Files the routes were built from; a change to one reloads the source. */
  inputs: Set<string>
  routesDirectory?: string
  /** Where this source put problems, to clear them on reload. */
  diagnosed: string[]
  /** Bumped by each load: an older load's answer is dropped. */
  gen: number
  reload?: NodeJS.Timeout
}

/** Entry files larger than this are not scanned: an entry file is a short list of routes. */
export const MAX_SCAN_BYTES = 1_000_000

/** Several saves in a row (or a save touching a file and its imports) load once. */
const RELOAD_DELAY_MS = 150

export class IntervalSources {
  private readonly sources = new Map<string, Source>()

  constructor(
    private readonly compiler: CompileCache,
    private readonly workerPath: string,
    private readonly log: CatalogLog,
    private readonly problems: ProblemBook,
    private readonly changed: () => void,
    private readonly loads = new Limiter(),
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
    // Another consider of the same file may have finished while this one read it.
    if (this.sources.has(file.file)) return false
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
      // (Another event may have dropped it while the file was read.)
      if (this.sources.get(file.file) !== own) return
      this.drop(own)
      this.sources.delete(file.file)
      this.changed()
      return
    }
    for (const s of this.sources.values()) {
      if (s.inputs.has(file.file) || (s.routesDirectory && isWithin(file.file, s.routesDirectory) && file.file !== s.routesDirectory)) this.scheduleLoad(s)
    }
    if (!own && !deleted && (await this.consider(file, candidates))) {
      this.changed()
      void this.load(this.sources.get(file.file)!)
    }
  }

  private scheduleLoad(s: Source): void {
    clearTimeout(s.reload)
    s.reload = setTimeout(() => void this.load(s), RELOAD_DELAY_MS)
  }

  private async load(s: Source): Promise<void> {
    const gen = ++s.gen
    const file = s.file.file
    let next: ActionEntry[]
    let found: { file: string; problem: FileProblem }[]
    try {
      const r = await this.loads.run(() => loadEntryRoutes(this.workerPath, this.compiler, file))
      if (gen !== s.gen || this.sources.get(file) !== s) return
      s.inputs = new Set(r.inputs)
      s.routesDirectory = r.routesDirectory
      next = r.routes.map((route) => routeEntry(s.file, route, r.routesDirectory))
      const text = await readSmall(file)
      found = r.routes.filter((route) => route.error).map((route) => routeProblem(route, file, text))
      const dir = r.routesDirectory ? ` (routesDirectory ${relative(folderOf(s.file), r.routesDirectory) || '.'})` : ''
      this.log.info(`${s.file.relPath}: ${r.routes.length} Interval route(s)${dir}`)
    } catch (e) {
      if (gen !== s.gen || this.sources.get(file) !== s) return
      const error = loadErrorMessage(e)
      this.log.warn(`${s.file.relPath} cannot be loaded: ${error}`)
      next = [{ file: s.file, slug: slugOf(s.file.relPath), state: 'broken', error }]
      found = [loadErrorProblem(e, file)]
    }
    // A load finishing after the route file was read again is dropped above; this one is the latest.
    if (gen !== s.gen || this.sources.get(file) !== s) return
    for (const f of s.diagnosed) this.problems.delete(f)
    const byFile = new Map<string, FileProblem[]>()
    for (const p of found) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p.problem])
    for (const [f, list] of byFile) this.problems.set(f, list)
    s.diagnosed = [...byFile.keys()]
    s.entries = next
    this.changed()
  }

  private drop(s: Source): void {
    clearTimeout(s.reload)
    s.gen++
    for (const f of s.diagnosed) this.problems.delete(f)
  }

  dispose(): void {
    this.clear()
  }
}

/** The folder an ActionFile was found in (its path without its relative path). */
function folderOf(file: ActionFile): string {
  return file.file.slice(0, file.file.length - file.relPath.length).replace(/[\\/]$/, '') || file.file
}

function routeEntry(file: ActionFile, r: RouteInfo, routesDirectory: string | undefined): ActionEntry {
  return {
    file, slug: r.slug, state: r.error ? 'broken' : 'ready', name: r.name, description: r.description, error: r.error,
    backgroundable: r.backgroundable, unlisted: r.unlisted, warnOnClose: r.warnOnClose, ...(r.access ? { access: r.access } : {}),
    route: { key: `${file.file}#${r.slug}`, kind: r.kind, source: r.file ?? file.file, hasHandler: r.hasHandler, routesDirectory },
  }
}

/** A broken route's problem: at esbuild's line in its own file, or at its key in the entry file. */
function routeProblem(r: RouteInfo, entryFile: string, entryText: string): { file: string; problem: FileProblem } {
  const message = `${r.slug}: ${r.error}`
  if (r.file && r.file !== entryFile) {
    const at = /:(\d+):(\d+): /.exec(r.error ?? '')
    return { file: r.file, problem: { range: lineRange(at ? Number(at[1]) - 1 : 0, at ? Number(at[2]) - 1 : 0), message } }
  }
  return { file: entryFile, problem: { range: lineRange(routeKeyLine(entryText, r.slug) ?? 0, 0), message } }
}

/** A file's text for the entry scan: empty when it cannot be read or is too large to be an entry file. */
export async function readSmall(file: string): Promise<string> {
  try {
    const text = await readFile(file, 'utf8')
    return text.length > MAX_SCAN_BYTES ? '' : text
  } catch {
    return ''
  }
}
