// Reads one transaction's log in fixed-size chunks and folds it into a record.
// Tolerant: a bad line is skipped and reported; what cannot be a transaction at
// all (empty, a FIFO, no start) is an Error with a message a person can act on.
import { closeSync, fstatSync } from 'node:fs'
import { eventSchema, type StartedEvent, type TxEvent } from './events'
import { forEachLine, openRegular } from './lines'
import { applyEvent, startRecord, type TxRecord } from './record'
import { SearchText } from './search-text'

/** Problems listed per run; more are counted. */
const MAX_PROBLEMS = 100
/** A longer line is skipped unread: no event the store writes is this long. */
const MAX_LINE = 16 << 20

export interface TxFile {
  record: TxRecord
  started: StartedEvent
  /** The search text of the events read. */
  text: SearchText
  /** False when the file does not end in a newline: the next line must start with one. */
  endsWithNewline: boolean
}

/** `onEvent`: each event read, in order (resume builds its journal from them in the same pass). */
export function readTxFile(file: string, id: string, opts: { maxLine?: number; onEvent?: (e: TxEvent) => void } = {}): TxFile {
  let fd: number
  try {
    fd = openRegular(file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new Error(code === 'ENOENT' ? `The log of ${id} is missing.` : `The log of ${id} cannot be read: ${(e as Error).message}`)
  }
  try {
    if (fstatSync(fd).size === 0) throw new Error(`The log of ${id} is empty (0 bytes): the run stopped before it wrote its start.`)
    let record: TxRecord | undefined
    let started: StartedEvent | undefined
    const text = new SearchText()
    const problems: string[] = []
    let more = 0
    let tail = true
    const problem = (p: string) => (problems.length < MAX_PROBLEMS ? problems.push(p) : more++)
    forEachLine(fd, (buf, { n, complete }) => {
      tail = complete
      if (!buf) return void problem(`line ${n} skipped: longer than ${(opts.maxLine ?? MAX_LINE) >> 20} MB`)
      const line = buf.toString('utf8')
      if (!line.trim()) return
      let event: TxEvent
      try {
        const parsed = eventSchema.safeParse(JSON.parse(line))
        if (!parsed.success) throw new Error(parsed.error.issues[0].message)
        event = parsed.data
      } catch (e) {
        return void problem(complete ? `line ${n} skipped: ${(e as Error).message}` : `line ${n} skipped: the last line is incomplete (cut off when the window or machine stopped)`)
      }
      if (event.type === 'started') {
        if (record) return void problem(`line ${n} skipped: a second start`)
        if (event.tx !== id) problem(`line ${n}: this log starts transaction ${event.tx}, not ${id} (a copied or foreign file)`)
        started = event
        record = startRecord(event)
      } else if (!record) return void problem(`line ${n} skipped: event before the transaction's start`)
      else applyEvent(record, event)
      text.add(event)
      opts.onEvent?.(event)
    }, { maxLine: opts.maxLine ?? MAX_LINE })
    if (more) problems.push(`and ${more} more unreadable lines`)
    if (!record || !started) throw new Error(`The log of ${id} is corrupt: it has no readable start (${problems[0] ?? 'no events'}).`)
    record.problems = problems
    return { record, started, text, endsWithNewline: tail }
  } finally {
    closeSync(fd)
  }
}
