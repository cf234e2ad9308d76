// The core's problems in VS Code: a ProblemSink over a DiagnosticCollection
// (the Problems view), and a load error as a diagnostic.
import * as vscode from 'vscode'
import { loadErrorMessage, loadErrorProblem } from '../core/discovery/loadErrors'
import { lineRange, type FileProblem, type ProblemSink } from '../core/discovery/problems'

export { loadErrorMessage }

/** Problems of files as diagnostics of `collection`. */
export function diagnosticSink(collection: vscode.DiagnosticCollection): ProblemSink {
  return {
    set: (file, problems) => (problems.length ? collection.set(vscode.Uri.file(file), problems.map(toDiagnostic)) : collection.delete(vscode.Uri.file(file))),
  }
}

export function toDiagnostic(p: FileProblem): vscode.Diagnostic {
  const { start, end } = p.range
  const diag = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), p.message, vscode.DiagnosticSeverity.Error)
  diag.source = 'Mini Interval'
  return diag
}

/** The diagnostic for a load error of `file`: at esbuild's location, else the first line of `file` the stack names. */
export function loadErrorDiagnostic(e: unknown, file: string): { uri: vscode.Uri; diagnostic: vscode.Diagnostic } {
  const at = loadErrorProblem(e, file)
  return { uri: vscode.Uri.file(at.file), diagnostic: toDiagnostic(at.problem) }
}

export function errorAt(line: number, column: number, message: string): vscode.Diagnostic {
  return toDiagnostic({ range: lineRange(line, column), message })
}
