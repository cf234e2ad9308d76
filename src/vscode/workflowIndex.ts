// Finds `*.workflow.json` files in every workspace folder, keeps them current
// through file watchers, and checks each one: its format and DAG (parseWorkflow)
// and, once the actions are indexed, that every step action exists. A broken
// file is listed with its problems, in Problems at their exact places, and never
// runs. Workflow files are JSON, only read, so this runs in Restricted Mode too.
import { readFile } from 'node:fs/promises'
import * as vscode from 'vscode'
import type { ActionFile } from '../core/discovery/actionTree'
import { FileFilter } from '../core/discovery/glob'
import { WORKFLOW_INCLUDE, workflowSlug } from '../core/discovery/workflowFiles'
import { lineColumn, parseWorkflow, type Problem, type Workflow } from '../core/workflows/format'
import { exportedNames, moduleCandidates, stepActionProblems } from '../core/workflows/stepActions'
import { ENTRY_CANDIDATES } from '../core/routes/detect'
import { fileOf, type ActionIndex } from './actionIndex'
import { excludePattern, watchFiles } from './fileWatch'

export interface WorkflowEntry {
  file: ActionFile
  slug: string
  state: 'ready' | 'broken'
  /** Set when the file parsed; a broken file may still have one (an unknown step action). */
  workflow?: Workflow
  /** In file order; the first is what the tree shows. Empty when it can run. */
  problems: PlacedProblem[]
}

export interface PlacedProblem extends Problem {
  range: vscode.Range
}

export class WorkflowIndex implements vscode.Disposable {
  private readonly entries = new Map<string, WorkflowEntry>()
  /** Each file's text and `actions` module, for checking its step actions again when actions change. */
  private readonly sources = new Map<string, { text: string; module?: string | null }>()
  private readonly changed = new vscode.EventEmitter<void>()
  readonly onDidChange = this.changed.event
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('mini-interval-workflows')
  private watchers: vscode.Disposable[] = []
  private readonly disposables: vscode.Disposable[] = []
  private generation = 0
  /** The latest read of each file: an older one finishing later is dropped. */
  private readonly reads = new Map<string, number>()
  private reading = 0
  /** Step actions are checked only once the actions are indexed: before, every slug would look unknown. */
  private actionsKnown = false
  private recheckTimer: NodeJS.Timeout | undefined
  /** Settles when the first search and the first check of step actions are done. */
  ready: Promise<void> = Promise.resolve()

  constructor(private readonly actions: ActionIndex, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.diagnostics,
      vscode.workspace.onDidChangeConfiguration(
        (e) => (e.affectsConfiguration('miniInterval.workflows.include') || e.affectsConfiguration('miniInterval.actions.exclude')) && void this.refresh(),
      ),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      // An action appearing, going or renamed may fix or break a step that names it.
      actions.onDidChange(() => this.scheduleRecheck()),
    )
  }

  /** Searches now; checks step actions once `actionsIndexed` settles. */
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

  /** Re-reads settings, searches every folder, checks every workflow file. */
  async refresh(): Promise<void> {
    const gen = ++this.generation
    this.watchers.forEach((w) => w.dispose())
    this.watchers = []
    this.entries.clear()
    this.sources.clear()
    this.diagnostics.clear()
    const include = vscode.workspace.getConfiguration('miniInterval.workflows').get<string>('include', WORKFLOW_INCLUDE)
    const exclude = vscode.workspace.getConfiguration('miniInterval.actions').get<string[]>('exclude', ['**/node_modules/**'])
    const filter = new FileFilter(include, exclude)
    const loads: Promise<void>[] = []
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const pattern = new vscode.RelativePattern(folder, include)
      this.watchers.push(watchFiles(pattern, (uri) => void this.load(folder, uri, filter), (uri) => this.remove(uri.fsPath)))
      // A step function added to or removed from an `actions` module changes which steps are known.
      const moduleTouched = (uri: vscode.Uri): void => {
        // (null: a module named but not found yet, which this file may be.)
        if ([...this.sources.values()].some((s) => s.module === uri.fsPath || s.module === null)) this.scheduleRecheck()
      }
      this.watchers.push(watchFiles(new vscode.RelativePattern(folder, ENTRY_CANDIDATES), moduleTouched, moduleTouched))
      const uris = await vscode.workspace.findFiles(pattern, excludePattern(folder, exclude))
      if (gen !== this.generation) return
      loads.push(...uris.map((uri) => this.load(folder, uri, filter)))
    }
    await Promise.all(loads)
    if (gen === this.generation) this.log.info(`Found ${this.entries.size} workflow file(s)`)
  }

  private async load(folder: vscode.WorkspaceFolder, uri: vscode.Uri, filter: FileFilter): Promise<void> {
    const file = fileOf(folder, uri)
    if (!filter.matches(file.relPath)) return
    const gen = this.generation
    const read = ++this.reading
    this.reads.set(uri.fsPath, read)
    let text: string
    try {
      text = await readFile(uri.fsPath, 'utf8')
    } catch (e) {
      // Deleted between the event and the read: the delete event removes it.
      return this.log.warn(`${file.relPath} cannot be read: ${(e as Error).message}`)
    }
    const { entry, module } = await this.check(file, text)
    if (this.reads.get(uri.fsPath) !== read || gen !== this.generation) return
    this.sources.set(uri.fsPath, { text, module })
    this.entries.set(uri.fsPath, entry)
    this.publish(entry)
  }

  /** Parses and checks one file's text into its entry; `module`: the `actions` module's path (null: named, not found). */
  private async check(file: ActionFile, text: string): Promise<{ entry: WorkflowEntry; module?: string | null }> {
    const parsed = parseWorkflow(text)
    const workflow = parsed.ok ? parsed.workflow : undefined
    const module = workflow?.actions ? await findModule(file.file, workflow.actions) : undefined
    let problems = parsed.ok ? [] : parsed.problems
    // Action slugs are known only in a trusted workspace, once its actions are indexed.
    if (workflow && this.actionsKnown && vscode.workspace.isTrusted) {
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

  /** Puts an entry's problems in Problems and tells the tree. */
  private publish(entry: WorkflowEntry): void {
    const uri = vscode.Uri.file(entry.file.file)
    if (!entry.problems.length) this.diagnostics.delete(uri)
    else {
      this.diagnostics.set(uri, entry.problems.map((p) => {
        const d = new vscode.Diagnostic(p.range, p.message, vscode.DiagnosticSeverity.Error)
        d.source = 'Mini Interval'
        return d
      }))
      this.log.warn(`${entry.file.relPath} is broken: ${entry.problems[0]!.message}`)
    }
    this.changed.fire()
  }

  private remove(path: string): void {
    this.reads.delete(path)
    this.sources.delete(path)
    if (this.entries.delete(path)) {
      this.diagnostics.delete(vscode.Uri.file(path))
      this.changed.fire()
    }
  }

  /** Checks every file again (actions or modules changed), coalescing bursts such as the action index loading. */
  private scheduleRecheck(): void {
    if (!this.actionsKnown) return
    clearTimeout(this.recheckTimer)
    this.recheckTimer = setTimeout(() => void this.recheck(), 100)
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

  dispose(): void {
    clearTimeout(this.recheckTimer)
    this.watchers.forEach((w) => w.dispose())
    this.disposables.forEach((d) => d.dispose())
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

function rangeOf(text: string, p: Problem): vscode.Range {
  const start = lineColumn(text, p.offset)
  const end = lineColumn(text, p.offset + p.length)
  return new vscode.Range(start.line, start.column, end.line, end.column)
}
