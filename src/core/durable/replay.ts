// The worker's walk through a resumed transaction's journal. Every journaled
// call (io screens and displays, ctx.run steps, ctx.now/ctx.random) takes the
// next position; where the journal holds that position, the call must be the
// same one, or the run stops *diverged*: it never guesses which answer goes
// where. Once past the journal's end the run is live again.
import { createHash } from 'node:crypto'
import type { Component, Divergence } from '../protocol'
import { describeEntry, type CallSig, type Journal, type JournalEntry } from './journal'
import { WORKFLOW_SEQ } from '../history/events'

/** Methods whose answers point into their props (option indexes): a change there makes a replayed answer mean something else. */
const INDEXED = new Set(['SELECT_SINGLE', 'SELECT_MULTIPLE'])

/** The hash journaled with a screen: over the options its answers index into. */
export function screenHash(components: Pick<Component, 'method' | 'props'>[]): string | undefined {
  const indexed = components.map((c) => (INDEXED.has(c.method) ? c.props.options : null))
  if (indexed.every((o) => o === null)) return undefined
  return createHash('sha256').update(JSON.stringify(indexed)).digest('hex').slice(0, 16)
}

export class Replay {
  private pos = 0
  private readonly bySeq = new Map<number, JournalEntry>()
  private readonly last: number
  private stopped = false

  constructor(
    journal: Journal | undefined,
    private readonly onDiverge: (d: Divergence) => void,
  ) {
    for (const e of journal?.entries ?? []) this.bySeq.set(e.seq, e)
    // Workflow steps sit at fixed positions above WORKFLOW_SEQ (steps.ts runAt): the walk in order is below it.
    this.last = Math.max(0, ...[...this.bySeq.keys()].filter((seq) => seq < WORKFLOW_SEQ))
  }

  /** What the journal holds at a fixed position (a workflow step's). */
  at(seq: number): JournalEntry | undefined {
    return this.bySeq.get(seq)
  }

  /** The next position, and what the journal holds there. */
  next(): { seq: number; entry?: JournalEntry } {
    const seq = ++this.pos
    return { seq, entry: this.bySeq.get(seq) }
  }

  /** True while journaled positions lie ahead: the run is re-walking what already happened. */
  get replaying(): boolean {
    return this.pos < this.last
  }

  get isStopped(): boolean {
    return this.stopped
  }

  /**
   * Checks a screen or display against its journal entry; on a mismatch the
   * run stops and this returns true. A waiting screen (no answer yet) that
   * changed is no divergence: nothing was answered, so it is simply shown.
   */
  mismatch(seq: number, entry: JournalEntry, kind: 'screen' | 'display', calls: CallSig[], hash: string | undefined): boolean {
    const answered = entry.kind === 'screen' ? !!entry.answer : true
    const same = entry.kind === kind && sameCalls((entry as { calls: CallSig[] }).calls, calls)
    if (!same) return answered || entry.kind !== 'screen' ? this.stop(seq, describeEntry(entry), describeEntry({ kind, calls })) : false
    if (kind === 'screen' && answered && (entry as { hash?: string }).hash !== hash) {
      return this.stop(seq, `${describeEntry(entry)} with the options it was answered with`, `${describeEntry({ kind, calls })} with other options`)
    }
    return false
  }

  /** Stops the run diverged at `seq`; always true (for `return replay.stop(…)`). */
  stop(seq: number, expected: string, actual: string): true {
    if (!this.stopped) {
      this.stopped = true
      this.onDiverge({ seq, expected, actual })
    }
    return true
  }

  /** At the handler's end: answered screens or finished steps left unvisited mean the code took another path. */
  finish(): boolean {
    for (let seq = this.pos + 1; seq <= this.last; seq++) {
      const e = this.bySeq.get(seq)
      if (!e || (e.kind === 'screen' && !e.answer) || e.kind === 'display') continue
      return this.stop(seq, describeEntry(e), 'the action returned before reaching it')
    }
    return false
  }
}

/** A promise that never settles: what a stopped run awaits, so none of its code runs on. */
export const never = <T>(): Promise<T> => new Promise<T>(() => {})

function sameCalls(a: CallSig[], b: CallSig[]): boolean {
  return a.length === b.length && a.every((c, i) => c.method === b[i].method && c.label === b[i].label)
}
