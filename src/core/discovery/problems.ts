// Where a problem of a file is, and who shows it: VS Code puts problems in a
// DiagnosticCollection (Problems view), `serve` writes them to its log.
import type { Problem } from '../workflows/format'

/** Zero-based, as editors count; `character` is a UTF-16 column. */
export interface Position {
  line: number
  character: number
}
export interface Range {
  start: Position
  end: Position
}

export interface FileProblem {
  range: Range
  message: string
}

/** A workflow file's problem with its place as a range. */
export interface PlacedProblem extends Problem {
  range: Range
}

export interface ProblemSink {
  /** Replaces every problem of `file` (an absolute path); an empty list clears them. */
  set(file: string, problems: FileProblem[]): void
}

/** The whole line from `column` on, as a load error is shown. */
export function lineRange(line: number, column: number): Range {
  return { start: { line, character: column }, end: { line, character: Number.MAX_SAFE_INTEGER } }
}

/**
 * One catalog's share of a sink: it remembers which files it gave problems, so
 * clearing them leaves other catalogs' problems alone (a sink may be shared).
 */
export class ProblemBook {
  private readonly files = new Set<string>()
  constructor(private readonly sink: ProblemSink) {}

  set(file: string, problems: FileProblem[]): void {
    if (!problems.length) return this.delete(file)
    this.files.add(file)
    this.sink.set(file, problems)
  }

  delete(file: string): void {
    if (this.files.delete(file)) this.sink.set(file, [])
  }

  clear(): void {
    for (const file of [...this.files]) this.delete(file)
  }
}
