// Why a file cannot be loaded, as one message and a place for the Problems view.
import * as vscode from 'vscode'
import { CompileError } from '../core/loader/compile'

export function loadErrorMessage(e: unknown): string {
  const err = e as Error
  return err instanceof CompileError ? err.message : `${err.name === 'Error' ? '' : err.name + ': '}${err.message}`
}

/** The diagnostic for a load error of `file`: at esbuild's location, else the first line of `file` the stack names. */
export function loadErrorDiagnostic(e: unknown, file: string): { uri: vscode.Uri; diagnostic: vscode.Diagnostic } {
  const err = e as Error
  const loc = err instanceof CompileError ? err.location : undefined
  const line = loc && loc.file === file ? loc.line - 1 : (lineOf(err.stack, file) ?? 0)
  return { uri: vscode.Uri.file(loc && loc.file !== file ? loc.file : file), diagnostic: errorAt(line, loc?.column ?? 0, loadErrorMessage(e)) }
}

export function errorAt(line: number, column: number, message: string): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER), message, vscode.DiagnosticSeverity.Error)
  diag.source = 'Mini Interval'
  return diag
}

/** The first line of `file` that a stack trace names (0-based), to place a load error. */
function lineOf(stack: string | undefined, file: string): number | undefined {
  for (const line of stack?.split('\n') ?? []) {
    const m = line.includes(file) ? /:(\d+):\d+\)?$/.exec(line) : null
    if (m) return Number(m[1]) - 1
  }
  return undefined
}
