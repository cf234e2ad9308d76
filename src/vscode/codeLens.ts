// `▶ Run` above each action's definition. Lenses come from sources, each
// giving any number of targets for a document (an action file gives one, at
// its default export; an entry file may give one per route), so a new kind of
// action file adds a source instead of changing the provider.
import * as vscode from 'vscode'
import { defaultExportLine } from '../core/authoring/defaultExport'
import type { ActionIndex } from './actionIndex'

export interface LensTarget {
  /** 0-based line the lens sits above. */
  line: number
  title: string
  tooltip?: string
  command: string
  arguments: unknown[]
}

export type LensSource = (doc: vscode.TextDocument) => LensTarget[]

export class RunLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>()
  readonly onDidChangeCodeLenses = this.changed.event
  private readonly subscription: vscode.Disposable

  /** `onSourcesChange`: when the targets may have moved (the index changed). */
  constructor(private readonly sources: LensSource[], onSourcesChange: vscode.Event<void>) {
    this.subscription = onSourcesChange(() => this.changed.fire())
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    return this.sources.flatMap((source) => source(doc)).map((t) => {
      const line = Math.min(t.line, doc.lineCount - 1)
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: t.title, tooltip: t.tooltip, command: t.command, arguments: t.arguments })
    })
  }

  dispose(): void {
    this.subscription.dispose()
    this.changed.dispose()
  }
}

/** The lens of an action file the index knows: above its `export default` (line 0 when none is found). */
export function actionFileLenses(index: ActionIndex): LensSource {
  return (doc) => {
    const entry = doc.uri.scheme === 'file' ? index.find(doc.uri.fsPath) : undefined
    if (!entry || entry.file.file !== doc.uri.fsPath) return []
    const broken = entry.state === 'broken' ? ` (cannot be loaded: ${entry.error?.split('\n', 1)[0]})` : ''
    return [{
      line: defaultExportLine(doc.getText()) ?? 0,
      title: '$(play) Run',
      tooltip: `Run ${entry.name ?? entry.slug}${broken}`,
      command: 'miniInterval.runAction',
      arguments: [doc.uri],
    }]
  }
}

/** Registers the provider for files on disk (the index decides which are actions). */
export function registerRunLenses(sources: LensSource[], onSourcesChange: vscode.Event<void>): vscode.Disposable[] {
  const provider = new RunLenses(sources, onSourcesChange)
  return [provider, vscode.languages.registerCodeLensProvider({ scheme: 'file' }, provider)]
}
