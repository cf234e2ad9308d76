// The journal of a transaction: what replay needs from its event log, by
// position (`seq`). Each io screen with its accepted answer, each display,
// each ctx.run step with its outcome, each ctx.now/ctx.random value. The host
// builds it from the log when it resumes a transaction and hands it to the
// new worker, which walks it (replay.ts) instead of asking again.
import type { ErrorInfo, Method, TableRowsWire } from '../protocol'
import { methodName } from '../protocol'
import type { TxEvent } from '../history/events'

export interface CallSig {
  method: Method
  label: string
}

export interface SearchPick {
  query: string | null
  pos: number
}

export type JournalEntry =
  | {
      kind: 'screen'
      seq: number
      calls: CallSig[]
      hash?: string
      /** Absent while the screen waits: replay shows it again, live. */
      answer?: { values: unknown[]; choice?: string; chosenRows?: Record<string, TableRowsWire>; searched?: Record<string, SearchPick[]> }
      /** The answer cannot be replayed (a sensitive value the log masked, a file whose bytes are gone): it is asked again. */
      askAgain?: string
    }
  | { kind: 'display'; seq: number; calls: CallSig[]; hash?: string }
  | {
      kind: 'step'; seq: number; name: string; attempts: number; outcome?: { ok: true; value: unknown } | { ok: false; error: ErrorInfo }
      /** Its last attempt started and never ended: the window went away inside it. */
      cut?: boolean
    }
  | { kind: 'recorded'; seq: number; op: 'now' | 'random'; value: number }

export interface Journal {
  entries: JournalEntry[]
  /** Log lines the run wrote: replay drops that many, so they are not logged twice. */
  logs: number
}

/** How a journal entry reads in a divergence message: `io.input.text "Name"`, `ctx.run("charge")`. */
export function describeEntry(e: Pick<JournalEntry, 'kind'> & Partial<{ calls: CallSig[]; name: string; op: string }>): string {
  if (e.kind === 'step') return `ctx.run(${JSON.stringify(e.name)})`
  if (e.kind === 'recorded') return `ctx.${e.op}()`
  const calls = e.calls ?? []
  const one = (c: CallSig) => `${methodName(c.method)} ${JSON.stringify(c.label)}`
  return calls.length === 1 ? one(calls[0]) : `io.group of ${calls.map(one).join(', ')}`
}

/** What replay can restore of a logged answer value: undefined when it must be asked again. */
export type RestoreValue = (method: Method, sensitive: boolean, value: unknown, at: { seq: number; index: number }) => { ok: true; value: unknown } | { ok: false; why: string }

/** Folds log events into a journal; feed it every event in order. */
export class JournalBuilder {
  private readonly bySeq = new Map<number, JournalEntry>()
  private readonly order: JournalEntry[] = []
  private logs = 0

  constructor(private readonly restore: RestoreValue) {}

  add(e: TxEvent): void {
    switch (e.type) {
      case 'render':
        // A screen shown again (its answer could not be replayed) replaces its earlier entry.
        return this.put({ kind: 'screen', seq: e.seq, calls: sigs(e.components), ...(e.hash ? { hash: e.hash } : {}) }, e.components.map((c) => c.props.sensitive === true))
      case 'display':
        return this.put({ kind: 'display', seq: e.seq, calls: sigs(e.components), ...(e.hash ? { hash: e.hash } : {}) })
      case 'answer': {
        const entry = this.bySeq.get(e.seq)
        if (entry?.kind !== 'screen') return
        const values: unknown[] = []
        for (let i = 0; i < e.values.length; i++) {
          const r = this.restore(entry.calls[i]?.method ?? 'INPUT_TEXT', this.sensitive.get(e.seq)?.[i] ?? false, e.values[i], { seq: e.seq, index: i })
          if (!r.ok) return void (entry.askAgain = r.why)
          values.push(r.value)
        }
        entry.answer = { values, ...(e.choice !== undefined ? { choice: e.choice } : {}), ...(e.chosenRows ? { chosenRows: e.chosenRows } : {}), ...(e.searched ? { searched: e.searched } : {}) }
        delete entry.askAgain
        return
      }
      case 'step': {
        let entry = this.bySeq.get(e.seq)
        if (entry?.kind !== 'step') this.put((entry = { kind: 'step', seq: e.seq, name: e.name, attempts: 0 }))
        entry.attempts = Math.max(entry.attempts, e.attempt)
        entry.cut = e.phase === 'start'
        if (e.phase === 'end' && (e.ok || e.final)) entry.outcome = e.ok ? { ok: true, value: e.value } : { ok: false, error: e.error ?? { name: 'Error', message: 'The step failed.' } }
        return
      }
      case 'recorded':
        // A value the engine keeps itself (events.ts) is asked of it again on replay.
        return e.value === undefined ? undefined : this.put({ kind: 'recorded', seq: e.seq, op: e.op, value: e.value })
      case 'log':
        this.logs++
        return
    }
  }

  private readonly sensitive = new Map<number, boolean[]>()

  /** Starts from a journal built before (a resumed run's), then takes later events with add(). */
  seed(j: Journal): void {
    for (const e of j.entries) this.put(structuredClone(e))
    this.logs += j.logs
  }

  private put(entry: JournalEntry, sensitive?: boolean[]): void {
    if (sensitive) this.sensitive.set(entry.seq, sensitive)
    const old = this.bySeq.get(entry.seq)
    this.bySeq.set(entry.seq, entry)
    if (old) this.order[this.order.indexOf(old)] = entry
    else this.order.push(entry)
  }

  build(): Journal {
    return { entries: [...this.order].sort((a, b) => a.seq - b.seq), logs: this.logs }
  }
}

const sigs = (components: { method: Method; label: string }[]): CallSig[] => components.map((c) => ({ method: c.method, label: c.label }))
