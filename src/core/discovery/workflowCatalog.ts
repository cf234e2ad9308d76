// Every `*.workflow.json` file of some folders, kept current as files change,
// each checked: its format and DAG (parseWorkflow) and, once the actions are
// known, that every step action exists. A broken file is listed with its
// problems at their exact places and never runs. Workflow files are JSON, only
// read, so this runs in an untrusted workspace too. VS Code's WorkflowIndex and
// `serve` both wrap this.
import { readFile } from 'node:fs/promises'
import type { ActionFile } from './actionTree'
import { ACTION_EXCLUDE, type CatalogLog } from './catalog'
import type { ActionEntry, WorkflowEntry } from './entries'
import { Emitter, fileOf, isWithin, type Disposable, type FileSource, type Folder } from './files'
import { FileFilter } from './glob'
import { ProblemBook, type ProblemSink, type Range } from './problems'
import { WORKFLOW_INCLUDE, workflowSlug } from './workflowFiles'
import { ENTRY_CANDIDATES } from '../routes/detect'
import { lineColumn, parseWorkflow, type Problem } from '../workflows/format'
import { exportedNames, moduleCandidates, stepActionProblems } from '../workflows/stepActions'

/** What the workflow catalog needs of the actions: their slugs, and word when they change. */
export interface ActionSource {
  all(): ActionEntry[]
  onDidChange(listener: () => void): Disposable
}

export interface WorkflowSettings {
  folders: Folder[]
  /** Default `**\/*.workflow.json`. */
  include?: string
  /** The actions' exclude globs. */
  exclude?: string[]
  /** Action slugs are known only in a trusted workspace; untrusted, step actions are not checked. Default: true. */
  trusted?: boolean
}

export interface WorkflowCatalogOptions extends WorkflowSettings {
  actions: ActionSource
  files: FileSource
  problems: ProblemSink
  log: CatalogLog
}

/** Bursts of action changes (the actions loading one by one) check the workflows once. */
const RECHECK_DELAY_MS = 100

export class WorkflowCatalog implements Disposable {
  private readonly entries = new Map<string, WorkflowEntry>()
  /** Each file's text and `actions` module, for checking its step actions again when actions change. */
  private readonly sources = new Map<string, { text: string; module?: string | null }>()
  private readonly changed = new Emitter()
  readonly onDidChange = this.changed.event
  private readonly problems: ProblemBook
  private readonly actions: ActionSource
  private readonly files: FileSource
  private readonly log: CatalogLog
  private settings: Required<WorkflowSettings>
  private watchers: Disposable[] = []
  private readonly subscription: Disposable
  private generation = 0
  /** The latest read of each file: an older one finishing later is dropped. */
  private readonly reads = new Map<string, number>()
  private reading = 0
  /** Step actions are checked only once the actions are indexed: before, every slug would look unknown. */
  private actionsKnown = false
  private recheckTimer: NodeJS.Timeout | undefined
  /** Settles when the first search and the first check of step actions are done. */
  ready: Promise<void> = Promise.resolve()

  constructor(options: WorkflowCatalogOptions) {
    this.actions = options.actions
    this.files = options.files
    this.log = options.log
    this.problems = new ProblemBook(options.problems)
    this.settings = { include: WORKFLOW_INCLUDE, exclude: ACTION_EXCLUDE, trusted: true, folders: [] }
    this.configure(options)
    // An action appearing, going or renamed may fix or break a step that names it.
    this.subscription = this.actions.onDidChange(() => this.scheduleRecheck())
  }

  /** New settings, used by the next `refresh()` (and `trusted` by the next check). */
  configure(settings: Partial<WorkflowSettings>): void {
    const defined = Object.fromEntries(Object.entries(settings).filter(([k, v]) => v !== undefined && k in this.settings))
    this.settings = { ...this.settings, ...defined }
  }

  /** Searches now; checks step actions once `actionsIndexed` settles (e.g. the action catalog's first refresh). */
  start(actionsIndexed: Promise<void>): Promise<void> {
    this.ready = Promise.all([this.refresh(), actionsIndexed]).then(() => {
      this.actionsKnown = true
      return this.recheck()
    })
    return this.ready
  }

  all(): WorkflowEntry[] {
    return [...this.entries.values()].sort((a, b) => a.slug.localeCompare(b.slug))
  }

  /** By file path, else by slug. */
  find(slugOrPath: string): WorkflowEntry | undefined {
    return this.entries.get(slugOrPath) ?? this.all().find((e) => e.slug === slugOrPath)
  }

  /** Searches every folder again and checks every workflow file. */
  async refresh(): Promise<void> {
    const gen = ++this.generation
    this.stopWatching()
    this.entries.clear()
    this.sources.clear()
    this.problems.clear()
    const { folders, include, exclude } = this.settings
    const filter = new FileFilter(include, exclude)
    const loads: Promise<void>[] = []
    for (const folder of folders) {
      this.watchers.push(this.files.watch(folder, include, { changed: (f) => void this.load(folder, f, filter), deleted: (f) => this.remove(f) }))
      // A step function added to or removed from an `actions` module changes which steps are known.
      const moduleTouched = (f: string): void => {
        // (null: a module named but not found yet, which this file may be.)
        if ([...this.sources.values()].some((s) => s.module === f || s.module === null)) this.scheduleRecheck()
      }
      this.watchers.push(this.files.watch(folder, ENTRY_CANDIDATES, { changed: moduleTouched, deleted: moduleTouched }))
      const found = await this.files.find(folder, include, exclude)
      if (gen !== this.generation) return
      loads.push(...found.map((f) => this.load(folder, f, filter)))
    }
    await Promise.all(loads)
    if (gen === this.generation) this.log.info(`Found ${this.entries.size} workflow file(s)`)
  }

  private async load(folder: Folder, path: string, filter: FileFilter): Promise<void> {
    const file = fileOf(folder, path)
    if (!filter.matches(file.relPath)) return
    const gen = this.generation
    const read = ++this.reading
    this.reads.set(path, read)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (e) {
      // Deleted between the event and the read: the delete event removes it.
      return this.log.warn(`${file.relPath} cannot be read: ${(e as Error).message}`)
    }
    const { entry, module } = await this.check(file, text)
    if (this.reads.get(path) !== read || gen !== this.generation) return
    this.sources.set(path, { text, module })
    this.entries.set(path, entry)
    this.publish(entry)
  }

  /** Parses and checks one file's text into its entry; `module`: the `actions` module's path (null: named, not found). */
  private async check(file: ActionFile, text: string): Promise<{ entry: WorkflowEntry; module?: string | null }> {
    const parsed = parseWorkflow(text)
    const workflow = parsed.ok ? parsed.workflow : undefined
    const module = workflow?.actions ? await findModule(file.file, workflow.actions) : undefined
    let problems = parsed.ok ? [] : parsed.problems
    if (workflow && this.actionsKnown && this.settings.trusted) {
      const slugs = new Set(this.actions.all().filter((e) => e.route?.kind !== 'page').map((e) => e.slug))
      problems = stepActionProblems(text, workflow, { exports: workflow.actions ? (module?.exports ?? null) : undefined, isActionSlug: (s) => slugs.has(s) })
    }
    const entry: WorkflowEntry = {
      file,
      slug: workflowSlug(file.relPath),
      state: problems.length ? 'broken' : 'ready',
      ...(workflow ? { workflow } : {}),
      problems: problems.map((p) => ({ ...p, range: rangeOf(text, p) })),
    }
    return { entry, module: workflow?.actions ? (module?.path ?? null) : undefined }
  }

  /** Puts an entry's problems where problems go and tells the listeners. */
  private publish(entry: WorkflowEntry): void {
    this.problems.set(entry.file.file, entry.problems.map(({ range, message }) => ({ range, message })))
    if (entry.problems.length) this.log.warn(`${entry.file.relPath} is broken: ${entry.problems[0]!.message}`)
    this.changed.fire()
  }

  /** A workflow file, or a folder with some, was deleted. */
  private remove(path: string): void {
    let removed = false
    for (const key of [...new Set([...this.entries.keys(), ...this.reads.keys()])]) {
      if (!isWithin(key, path)) continue
      this.reads.delete(key)
      this.sources.delete(key)
      if (this.entries.delete(key)) {
        this.problems.delete(key)
        removed = true
      }
    }
    if (removed) this.changed.fire()
  }

  /** Checks every file again (actions or modules changed), coalescing bursts such as the action catalog loading. */
  private scheduleRecheck(): void {
    if (!this.actionsKnown) return
    clearTimeout(this.recheckTimer)
    this.recheckTimer = setTimeout(() => void this.recheck(), RECHECK_DELAY_MS)
  }

  private async recheck(): Promise<void> {
    await Promise.all([...this.entries.values()].map(async (old) => {
      const source = this.sources.get(old.file.file)
      if (!source) return
      const read = this.reads.get(old.file.file)
      const { entry, module } = await this.check(old.file, source.text)
      if (this.reads.get(old.file.file) !== read || !this.entries.has(old.file.file)) return
      source.module = module
      const same = entry.state === old.state && entry.problems.map((p) => p.message).join('\n') === old.problems.map((p) => p.message).join('\n')
      this.entries.set(old.file.file, entry)
      if (!same) this.publish(entry)
    }))
  }

  private stopWatching(): void {
    this.watchers.forEach((w) => w.dispose())
    this.watchers = []
  }

  dispose(): void {
    this.generation++
    clearTimeout(this.recheckTimer)
    this.stopWatching()
    this.subscription.dispose()
    this.changed.dispose()
  }
}

/** The first candidate path of the `actions` module that can be read, with its named exports. */
async function findModule(workflowFile: string, actions: string): Promise<{ path: string; exports: Set<string> } | undefined> {
  for (const path of moduleCandidates(workflowFile, actions)) {
    const source = await readFile(path, 'utf8').catch(() => undefined)
    if (source !== undefined) return { path, exports: exportedNames(source) }
  }
  return undefined
}

function rangeOf(text: string, p: Problem): Range {
  const start = lineColumn(text, p.offset)
  const end = lineColumn(text, p.offset + p.length)
  return { start: { line: start.line, character: start.column }, end: { line: end.line, character: end.column } }
}
