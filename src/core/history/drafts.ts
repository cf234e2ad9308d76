// What a person typed into a waiting screen and has not sent: kept beside
// History (`drafts/<id>.json`) so that a reload or a crash loses no typing;
// a resumed transaction's new tab starts from it. A webview keeps its own
// draft too, but only in a tab VS Code revives; this one survives either way.
// Sensitive fields are never written; files never reach a draft.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Component } from '../protocol'

export interface Draft {
  seq: number
  values: unknown[]
}

/** Typing is written at most this often. */
const WRITE_MS = 250

export class Drafts {
  private readonly known = new Map<string, Draft | null>()
  private readonly timers = new Map<string, NodeJS.Timeout>()

  constructor(readonly dir: string) {}

  private fileOf(id: string): string {
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`Invalid transaction id "${id}"`)
    return join(this.dir, `${id}.json`)
  }

  put(id: string, draft: Draft, components: Component[]): void {
    const kept: Draft = { seq: draft.seq, values: draft.values.map((v, i) => (components[i]?.props.sensitive === true ? null : v)) }
    this.known.set(id, kept)
    if (this.timers.has(id)) return
    const timer = setTimeout(() => {
      this.timers.delete(id)
      this.write(id)
    }, WRITE_MS)
    timer.unref()
    this.timers.set(id, timer)
  }

  private write(id: string): void {
    const draft = this.known.get(id)
    if (!draft) return
    try {
      mkdirSync(this.dir, { recursive: true })
      const tmp = `${this.fileOf(id)}.tmp`
      writeFileSync(tmp, JSON.stringify(draft))
      renameSync(tmp, this.fileOf(id))
    } catch {
      // a draft is a convenience: the answer itself is never lost by this
    }
  }

  get(id: string): Draft | undefined {
    if (!this.known.has(id)) {
      try {
        const d = JSON.parse(readFileSync(this.fileOf(id), 'utf8')) as Draft
        this.known.set(id, Number.isInteger(d?.seq) && Array.isArray(d.values) ? d : null)
      } catch {
        this.known.set(id, null)
      }
    }
    return this.known.get(id) ?? undefined
  }

  /** The transaction ended: its draft goes. */
  drop(id: string): void {
    clearTimeout(this.timers.get(id))
    this.timers.delete(id)
    this.known.delete(id)
    rmSync(this.fileOf(id), { force: true })
  }

  /** Writes what is pending now (the window is closing). */
  flush(): void {
    for (const [id, timer] of this.timers) (clearTimeout(timer), this.write(id))
    this.timers.clear()
  }
}
