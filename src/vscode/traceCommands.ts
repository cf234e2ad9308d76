// miniInterval.trace: the tracer the transactions record into, and the
// command that saves what it recorded as a Trace Event Format file.
import { writeFile } from 'node:fs/promises'
import * as vscode from 'vscode'
import { Tracer } from '../core/trace/tracer'
import { toTraceEvents } from '../core/trace/traceEvents'

export function settingTracer(): Tracer {
  return new Tracer(() => vscode.workspace.getConfiguration('miniInterval').get<boolean>('trace') === true)
}

export function registerTraceCommands(tracer: Tracer, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('miniInterval.exportTrace', async (target?: vscode.Uri) => {
      const paths = tracer.paths()
      if (!paths.length) {
        const hint = tracer.enabled ? 'Run an action first.' : 'Turn on the setting miniInterval.trace, then run an action.'
        void vscode.window.showInformationMessage(`Mini Interval: nothing traced yet. ${hint}`)
        return undefined
      }
      const uri = target ?? (await vscode.window.showSaveDialog({ filters: { 'Trace Event Format': ['json'] }, saveLabel: 'Export Trace', defaultUri: vscode.Uri.file('mini-interval-trace.json') }))
      if (!uri) return undefined
      await writeFile(uri.fsPath, JSON.stringify(toTraceEvents(paths)))
      log.info(`Exported ${paths.length} traced paths to ${uri.fsPath}`)
      return uri.fsPath
    }),
  ]
}
