// Every action of some folders: action files (by include/exclude globs) and the
// routes of Interval entry files, kept current as files change, each loaded
// (compile + inspect in a worker: workspace code never runs on this thread) to
// show its name or the reason it is broken. VS Code's ActionIndex and `serve`
// both wrap this.
import { slugOf, type ActionFile } from './actionTree'
import type { ActionEntry } from './entries'
import { Emitter, fileOf, isWithin, type Disposable, type FileSource, type Folder } from './files'
import { FileFilter } from './glob'
import { IntervalSources, type CatalogLog } from './intervalSources'
import { Limiter } from './limit'
import { loadErrorMessage, loadErrorProblem } from './loadErrors'
import { ProblemBook, type ProblemSink } from './problems'
import type { CompileCache } from '../loader/cache'
import { ENTRY_CANDIDATES } from '../routes/detect'
import { inspectAction } from '../runtime/inspect'

export type { CatalogLog } from './intervalSources'

/** The `miniInterval.actions` defaults. */
export const ACTION_INCLUDE = '**/*.action.{ts,mts,js,mjs}'
export const ACTION_EXCLUDE = ['**/node_modules/**']
/** At most this many source files are scanned for Interval entry files per folder. */
const MAX_ENTRY_CANDIDATES = 20_000

/** What may change between refreshes (settings, workspace folders, trust). */
export interface CatalogSettings {
  folders: Folder[]
  include?: string
  exclude?: string[]
  /** Whether workspace code may be compiled and run; when false the catalog stays empty. Default: true. */
  trusted?: boolean
}

export interface ActionCatalogOptions extends CatalogSettings {
  files: FileSource
  compiler: CompileCache
  /** The bundled worker (dist/worker.js) that inspects action files. */
  workerPath: string
  problems: ProblemSink
  log: CatalogLog
}

export class ActionCatalog implements Disposable {
  private readonly entries = new Map<string, ActionEntry>()
  /** Where each action file's load error was put (maybe an imported file), to clear it. */
  private readonly placed = new Map<string, string>()
  private readonly changed = new Emitter()
  /** Called after any entry is added, removed, or (re)loaded. */
  readonly onDidChange = this.changed.event
  private watchers: Disposable[] = []
  private generation = 0
  private settings: Required<CatalogSettings>
  private readonly files: FileSource
  private readonly compiler: CompileCache
  private readonly workerPath: string
  private readonly log: CatalogLog
  private readonly problems: ProblemBook
  private readonly interval: IntervalSources
  /** Action files and entry files load a few at a time (see limit.ts). */
  private readonly loads = new Limiter()

  constructor(options: ActionCatalogOptions) {
    this.files = options.files
    this.compiler = options.compiler
    this.workerPath = options.workerPath
    this.log = options.log
    this.problems = new ProblemBook(options.problems)
    this.settings = { include: ACTION_INCLUDE, exclude: ACTION_EXCLUDE, trusted: true, folders: [] }
    this.configure(options)
    this.interval = new IntervalSources(this.compiler, this.workerPath, this.log, this.problems, () => this.changed.fire(), this.loads)
  }

  /** New settings, used by the next `refresh()`. */
  configure(settings: Partial<CatalogSettings>): void {
    const defined = Object.fromEntries(Object.entries(settings).filter(([k, v]) => v !== undefined && k in this.settings))
    this.settings = { ...this.settings, ...defined }
  }

  get folders(): readonly Folder[] {
    return this.settings.folders
  }

  /** Every action file and every route (actions and pages) of the Interval entry files, by slug. */
  all(): ActionEntry[] {
    return [...this.entries.values(), ...this.interval.entries()].sort((a, b) => a.slug.localeCompare(b.slug))
  }

  /** What a list of actions offers: every action but the unlisted ones (pages are not actions). */
  listed(): ActionEntry[] {
    return this.all().filter((e) => !e.unlisted && e.route?.kind !== 'page')
  }

  /** The listed pages of the Interval entry files: the groups of their routes. */
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

  /** Searches every folder again and reloads every action; settles when all have loaded. */
  async refresh(): Promise<void> {
    const gen = ++this.generation
    this.stopWatching()
    this.entries.clear()
    this.interval.clear()
    this.problems.clear()
    this.placed.clear()
    const { folders, include, exclude, trusted } = this.settings
    if (!trusted) return this.changed.fire()
    const filter = new FileFilter(include, exclude)
    // Action files are not entry files, whatever they contain.
    const candidates = new FileFilter(ENTRY_CANDIDATES, [...exclude, include])
    for (const folder of folders) {
      // Watching starts before the search, so a file created meanwhile is not missed.
      this.watchers.push(this.files.watch(folder, include, { changed: (f) => this.upsert(folder, f, filter), deleted: (f) => this.remove(f) }))
      const found = await this.files.find(folder, include, exclude)
      if (gen !== this.generation) return
      for (const f of found) this.upsert(folder, f, filter, false)

      // Interval entry files: any source file may become one (or stop being one) when edited.
      const touched = (f: string, deleted = false): void => void this.interval.touched(fileOf(folder, f), candidates, deleted)
      this.watchers.push(this.files.watch(folder, ENTRY_CANDIDATES, { changed: (f) => touched(f), deleted: (f) => touched(f, true) }))
      const sources = await this.files.find(folder, ENTRY_CANDIDATES, exclude, MAX_ENTRY_CANDIDATES)
      if (gen !== this.generation) return
      await this.interval.considerAll(sources.map((f) => fileOf(folder, f)), candidates)
      if (gen !== this.generation) return
    }
    this.log.info(`Found ${this.entries.size} action file(s) and ${this.interval.entries().length} Interval entry file route(s) in ${folders.length} folder(s)`)
    this.changed.fire()
    await Promise.all([...this.entries.values()].map((e) => this.load(e)).concat(this.interval.loadAll()))
  }

  private upsert(folder: Folder, path: string, filter: FileFilter, load = true): void {
    const file = fileOf(folder, path)
    if (!filter.matches(file.relPath)) return
    const entry: ActionEntry = { file, slug: slugOf(file.relPath), state: 'loading' }
    this.entries.set(path, entry)
    if (load) {
      this.changed.fire()
      void this.load(entry)
    }
  }

  /** A file, or a folder with action files in it, was deleted. */
  private remove(path: string): void {
    let removed = false
    for (const key of [...this.entries.keys()]) {
      if (!isWithin(key, path)) continue
      this.entries.delete(key)
      this.compiler.forget(key)
      this.unplace(key)
      removed = true
    }
    if (removed) this.changed.fire()
  }

  /** Compiles and inspects one file; a failure marks only that entry broken. */
  async load(entry: ActionEntry): Promise<void> {
    const path = entry.file.file
    try {
      const meta = await this.loads.run(async () => inspectAction(this.workerPath, await this.compiler.get(path)))
      const { name, description, backgroundable, unlisted, warnOnClose, singleton, access, schedules, scheduleMode } = meta
      Object.assign(entry, { state: 'ready', name, description, backgroundable, unlisted, warnOnClose, singleton, access, schedules, scheduleMode, error: undefined })
      if (this.entries.get(path) === entry) this.unplace(path)
    } catch (e) {
      const message = loadErrorMessage(e)
      Object.assign(entry, { state: 'broken', error: message })
      this.log.warn(`${entry.file.relPath} cannot be loaded: ${message}`)
      if (this.entries.get(path) === entry) {
        const at = loadErrorProblem(e, path)
        this.unplace(path)
        this.problems.set(at.file, [at.problem])
        this.placed.set(path, at.file)
      }
    }
    if (this.entries.get(path) === entry) this.changed.fire()
  }

  /** Clears the problem an action file's load error put somewhere. */
  private unplace(path: string): void {
    this.problems.delete(this.placed.get(path) ?? path)
    this.placed.delete(path)
  }

  private stopWatching(): void {
    this.watchers.forEach((w) => w.dispose())
    this.watchers = []
  }

  dispose(): void {
    this.generation++
    this.interval.dispose()
    this.stopWatching()
    this.changed.dispose()
  }
}

export type { ActionFile }
