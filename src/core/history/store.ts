// Transaction history on disk: one append-only JSON-lines file per transaction
// under the extension's global storage. Reading is tolerant: a bad line is
// reported on that transaction and skipped; a file that cannot be read at all
// is listed as unreadable. Nothing is ever rewritten or deleted by reading.
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { EVENT_VERSION, eventSchema, type NewEvent, type StartedEvent, type TxEvent } from './events'
import { applyEvent, startRecord, type TxRecord } from './record'
import { BlobStore } from './blobs'

export interface HistorySummary {
  id: string
  actionName?: string
  status?: TxRecord['status']
  startedAt?: string
  endedAt?: string
  /** Set when the file could not be read as a transaction. */
  unreadable?: string
  problems: number
}

/** Time-sortable id: newest sorts last, so file names sort like history. */
export function newTxId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}-${Math.random().toString(36).slice(2, 8)}`
}

export class TxLog {
  constructor(
    readonly id: string,
    private readonly file: string,
  ) {}

  /** Stamps and appends one event synchronously, so the order on disk is the order of events. */
  append(e: NewEvent): TxEvent {
    const event = { v: EVENT_VERSION, tx: this.id, at: new Date().toISOString(), ...e } as TxEvent
    appendFileSync(this.file, JSON.stringify(event) + '\n')
    return event
  }
}

export class HistoryStore {
  private readonly blobs: BlobStore
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true })
    this.blobs = new BlobStore(join(dir, 'blobs'))
  }

  /** Stores uploaded file contents once, by sha256; returns the hash an answer event keeps. */
  putBlob(data: Uint8Array): string {
    return this.blobs.put(data)
  }

  blobPath(hash: string): string {
    return this.blobs.path(hash)
  }

  private fileOf(id: string): string {
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`Invalid transaction id "${id}"`)
    return join(this.dir, `${id}.jsonl`)
  }

  create(id: string, started: Omit<StartedEvent, 'v' | 'tx' | 'at' | 'type'>): { log: TxLog; event: StartedEvent } {
    const log = new TxLog(id, this.fileOf(id))
    const event = log.append({ type: 'started', ...started }) as StartedEvent
    return { log, event }
  }

  /** Ids of every stored transaction, newest first. */
  ids(): string[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => f.slice(0, -'.jsonl'.length))
      .sort()
      .reverse()
  }

  /** Reads one transaction; throws an Error with a readable message if it has no valid start. */
  read(id: string): TxRecord {
    let text: string
    try {
      text = readFileSync(this.fileOf(id), 'utf8')
    } catch (e) {
      throw new Error(`Cannot read history of ${id}: ${(e as Error).message}`)
    }
    let record: TxRecord | undefined
    const problems: string[] = []
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return
      let event: TxEvent
      try {
        const parsed = eventSchema.safeParse(JSON.parse(line))
        if (!parsed.success) throw new Error(parsed.error.issues[0].message)
        event = parsed.data
      } catch (e) {
        problems.push(`line ${i + 1} skipped: ${(e as Error).message}`)
        return
      }
      if (event.type === 'started') {
        if (record) problems.push(`line ${i + 1} skipped: a second start`)
        else record = startRecord(event)
      } else if (!record) problems.push(`line ${i + 1} skipped: event before the transaction's start`)
      else applyEvent(record, event)
    })
    if (!record) throw new Error(`History file of ${id} is corrupt: it has no readable start (${problems[0] ?? 'empty file'})`)
    record.problems = problems
    return record
  }

  list(): HistorySummary[] {
    return this.ids().map((id) => {
      try {
        const r = this.read(id)
        return { id, actionName: r.action.name, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt, problems: r.problems.length }
      } catch (e) {
        return { id, unreadable: (e as Error).message, problems: 1 }
      }
    })
  }

  /**
   * Marks transactions that were running in an extension host that is gone
   * (window closed or reloaded) as interrupted. Returns their ids.
   */
  recover(isLive: (pid: number) => boolean = pidAlive): string[] {
    const recovered: string[] = []
    for (const id of this.ids()) {
      let r: TxRecord
      try {
        r = this.read(id)
      } catch {
        continue
      }
      if (r.status !== 'running' && r.status !== 'awaiting') continue
      const pid = this.hostPidOf(id)
      if (pid !== undefined && pid !== process.pid && isLive(pid)) continue
      new TxLog(id, this.fileOf(id)).append({ type: 'interrupted', reason: 'the VS Code window was closed or reloaded while it ran' })
      recovered.push(id)
    }
    return recovered
  }

  private hostPidOf(id: string): number | undefined {
    const first = readFileSync(this.fileOf(id), 'utf8').split('\n', 1)[0]
    try {
      return (JSON.parse(first) as { hostPid?: number }).hostPid
    } catch {
      return undefined
    }
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
