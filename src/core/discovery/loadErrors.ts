// Why a file cannot be loaded, as one message and a place for the Problems view.
import { CompileError } from '../loader/compile'
import { lineRange, type FileProblem } from './problems'

export function loadErrorMessage(e: unknown): string {
  const err = e as Error
  return err instanceof CompileError ? err.message : `${err.name === 'Error' ? '' : err.name + ': '}${err.message}`
}

/** Where a load error of `file` goes: at esbuild's location (maybe in an imported file), else the first line of `file` the stack names. */
export function loadErrorProblem(e: unknown, file: string): { file: string; problem: FileProblem } {
  const err = e as Error
  const loc = err instanceof CompileError ? err.location : undefined
  const line = loc && loc.file === file ? loc.line - 1 : (lineOf(err.stack, file) ?? 0)
  return { file: loc && loc.file !== file ? loc.file : file, problem: { range: lineRange(line, loc?.column ?? 0), message: loadErrorMessage(e) } }
}

/** The first line of `file` that a stack trace names (0-based), to place a load error. */
function lineOf(stack: string | undefined, file: string): number | undefined {
  for (const line of stack?.split('\n') ?? []) {
    const m = line.includes(file) ? /:(\d+):\d+\)?$/.exec(line) : null
    if (m) return Number(m[1]) - 1
  }
  return undefined
}
