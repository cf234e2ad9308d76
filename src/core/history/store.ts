// Transaction history on disk (file layout in README "History on disk"):
//   <id>.jsonl     one append-only log per run: the truth
//   index.tsv      a start and an end line per run: what History lists and filters
//   search.tsv     one line of lower-cased text per ended run: what text search scans
//   leases/<host>  which extension hosts are alive: recovery ends only dead hosts' runs
//   blobs/<sha256> uploaded file contents, stored once
// Reading is tolerant: a bad line is reported on its run and skipped, a file
// that cannot be a run is listed as unreadable, and nothing is rewritten by reading.
import { appendFileSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { isFinished, type TxStatus, type User } from '../protocol'
import { BlobStore } from './blobs'
import { JOURNALED, type StartedEvent } from './events'
import type { DurableEngine } from '../durable/engine'
import { HistoryIndex, type HistorySummary, type IndexEntry } from './index-file'
import { Leases, type HostLease } from './lease'
import { forEachLine, openRegular } from './lines'
import type { TxRecord } from './record'
import { searchIds } from './search-text'
import { readTxFile } from './tx-file'
import { TxLog, type Fence } from './txlog'
import { tailPage } from './index-tail'
import { Claims, claimKey, type Claim, type ClaimInfo } from '../durable/claims'
import { JournalBuilder, type Journal } from '../durable/journal'
import { restoreAnswerValue } from '../durable/restore'

export type { HistorySummary } from './index-file'
export { TxLog } from './txlog'

export interface HistoryQuery {
  /** An action slug. */
  action?: string
  status?: TxStatus[]
  /** Case-insensitive: prompts' labels, answers, logs, results and errors of ended runs; action, user and id of all. */
  text?: string
  /** Only these runs (an export of one run). */
  ids?: string[]
  /** Only runs started by this person (their email, case-insensitive). */
  user?: string
  /** Only runs the asker may see (serve's access rules): by action slug and starter's email. */
  visible?: (slug: string, email: string | undefined) => boolean
  offset?: number
  limit?: number
}

const TX_FILE = /^([a-z0-9-]+)\.jsonl$/
const OWN = new Set(['index.tsv', 'search.tsv', 'leases', 'blobs', 'claims', 'drafts'])
const DAY = 86_400_000

/** Time-sortable id: newest sorts last, so file names sort like history. */
export function newTxId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}-${Math.random().toString(36).slice(2, 8)}`
}

/** A log written under a claim: refused once another window holds a newer epoch; the claim is dropped at the end. */
const fenceOf = (claim: Claim): Fence => ({ check: () => claim.check(), ended: () => claim.remove() })

export const displayName = (u: User): string => `${u.firstName} ${u.lastName}`.trim() || u.email

/** A transaction taken over from a window that is gone: what it did, and its log to go on writing. */
export interface Reopened {
  log: TxLog
  record: TxRecord
  journal: Journal
  /** How many journaled events the log holds (each run is capped at JOURNAL_LIMIT). */
  journaled: number
}

export type ReopenRefusal = { heldBy: ClaimInfo } | { ended: TxStatus } | { error: string }

export class HistoryStore implements DurableEngine {
  readonly index: HistoryIndex
  readonly leases: Leases
  /** Who runs which transaction, and actions' one-instance locks (durable/claims.ts). */
  readonly claims: Claims
  /** Runs found unfinished with no live owner and worth resuming: left alone (not interrupted) until someone resumes them. */
  private readonly paused = new Set<string>()
  private readonly searchFile: string
  private readonly blobs: BlobStore
  /** Runs this store is writing: never recovered from under it, lease or not. */
  private readonly writing = new Map<string, TxLog>()
  private readonly sinks

  constructor(
    readonly dir: string,
    /** lease: this host's, whose runs recovery leaves alone; leases: where to judge others' (default `<dir>/leases`). */
    private readonly opts: { lease?: HostLease; leases?: Leases } = {},
  ) {
    mkdirSync(dir, { recursive: true })
    this.index = new HistoryIndex(join(dir, 'index.tsv'))
    this.searchFile = join(dir, 'search.tsv')
    this.leases = opts.leases ?? opts.lease?.leases ?? new Leases(join(dir, 'leases'))
    this.blobs = new BlobStore(join(dir, 'blobs'))
    this.claims = new Claims(join(dir, 'claims'), this.leases)
    this.sinks = {
      index: this.index,
      appendSearch: (line: string) => appendFileSync(this.searchFile, line),
      ended: (id: string) => this.writing.delete(id),
    }
  }

  /** This window's host lease id: the owner of what it claims. */
  get hostId(): string | undefined {
    return this.opts.lease?.id
  }

  private fileOf(id: string): string {
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`Invalid transaction id "${id}"`)
    return join(this.dir, `${id}.jsonl`)
  }

  /** Starts a run's log: its index line first, so a crash before the log exists leaves a run recovery settles. */
  create(id: string, started: Omit<StartedEvent, 'v' | 'tx' | 'at' | 'type'>): { log: TxLog; event: StartedEvent } {
    const file = this.fileOf(id)
    const { hostPid: _legacy, ...rest } = started
    const hostId = started.hostId ?? this.opts.lease?.id
    const at = new Date().toISOString()
    this.index.appendStart({
      id, startedAt: at, hostId, slug: started.action.slug, actionName: started.action.name, user: displayName(started.user), email: started.user.email,
      ...(started.trigger ? { trigger: started.trigger.kind } : {}),
    })
    const claim = hostId ? this.claims.take(claimKey('tx', id), hostId) : undefined
    if (claim && !('epoch' in claim)) throw new Error(`Transaction ${id} is already claimed by another window.`)
    const log = new TxLog(id, file, this.sinks, { fence: claim && fenceOf(claim) })
    this.writing.set(id, log)
    const event = log.append({ type: 'started', ...rest, ...(hostId ? { hostId } : {}) }, at) as StartedEvent
    return { log, event }
  }

  /**
   * Takes over a transaction whose window is gone, to resume it: claims it
   * (refused if a live window holds it), reads its log into its record and
   * journal, and opens the log to go on. Blobs give uploaded files back.
   */
  reopen(id: string, owner: string | undefined = this.opts.lease?.id): Reopened | ReopenRefusal {
    if (this.writing.has(id)) return { error: 'this window is running it' }
    // A store without a lease (a tool, a test) writes unfenced.
    const claim = owner ? this.claims.take(claimKey('tx', id), owner) : undefined
    if (claim && !('epoch' in claim)) return claim
    const file = this.fileOf(id)
    const journal = new JournalBuilder((method, sensitive, value) => restoreAnswerValue(method, sensitive, value, (hash) => this.blobs.read(hash)))
    let journaled = 0
    let f: ReturnType<typeof readTxFile>
    try {
      f = readTxFile(file, id, { onEvent: (e) => (journal.add(e), JOURNALED.has(e.type) && journaled++) })
    } catch (e) {
      claim?.release()
      return { error: (e as Error).message }
    }
    if (isFinished(f.record.status)) {
      claim?.remove()
      return { ended: f.record.status }
    }
    if (!f.endsWithNewline) appendFileSync(file, '\n')
    const log = new TxLog(id, file, this.sinks, { size: statSync(file).size, text: f.text, fence: claim && fenceOf(claim), resumed: f.record.resumed })
    this.writing.set(id, log)
    this.paused.delete(id)
    return { log, record: f.record, journal: journal.build(), journaled }
  }

  /** Ends an unfinished run that will not be resumed (its action is gone, or the person said so); false if another window holds it or it ended. */
  interrupt(id: string, reason: string): boolean {
    const r = this.reopen(id)
    if (!('log' in r)) return false
    r.log.append({ type: 'interrupted', reason })
    // Its caller lists History next: the end on disk and indexed before this returns.
    r.log.settleNow()
    return true
  }

  /** An action's one-instance lock (`name`: its slug, or slug and key): held until released, or its window is gone. */
  lock(name: string, owner: string | undefined, info: { tx: string; user: string }): Claim | { heldBy: ClaimInfo } {
    if (!owner) throw new Error('this window holds no lease')
    const key = claimKey('lock', name)
    // Unlike a transaction's claim, a lock is exclusive for its own owner too: one instance, even in one window.
    const held = this.claims.holder(key)
    return held ? { heldBy: held } : this.claims.take(key, owner, info)
  }

  /** Reads one run, streaming its log; throws an Error a person can read if it cannot be a run. */
  read(id: string): TxRecord {
    return readTxFile(this.fileOf(id), id).record
  }

  /** Newest first (by start, then id). */
  query(q: HistoryQuery = {}): { items: HistorySummary[]; total: number } {
    if (!this.index.loaded && !q.action && !q.status?.length && !q.text && !q.ids && !q.user && !q.visible && !q.offset && q.limit !== undefined) {
      const page = tailPage(this.index.file, q.limit)
      if (page) {
        // The rest of the index loads just after this first page is shown.
        setTimeout(() => this.index.refresh(), 0).unref()
        return page
      }
    }
    this.index.refresh()
    const statuses = q.status?.length ? new Set<TxStatus>(q.status.map((s) => (s === 'awaiting' ? 'running' : s))) : undefined
    const ids = q.ids ? new Set(q.ids) : undefined
    const user = q.user?.trim().toLowerCase()
    const needle = q.text?.trim().toLowerCase().replace(/\s+/g, ' ')
    const textIds = needle ? searchIds(this.searchFile, needle) : undefined
    const offset = q.offset ?? 0
    const limit = q.limit ?? Infinity
    const items: HistorySummary[] = []
    let total = 0
    const all = this.index.entries()
    for (let i = all.length - 1; i >= 0; i--) {
      const e = all[i]
      if (ids && !ids.has(e.id)) continue
      if (q.action && e.slug !== q.action) continue
      if (statuses && !statuses.has(e.status)) continue
      if (user && e.email?.toLowerCase() !== user) continue
      if (q.visible && !q.visible(e.slug, e.email)) continue
      if (needle && !textIds!.has(e.id) && !hay(e).includes(needle)) continue
      if (total >= offset && items.length < limit) items.push(summaryOf(e))
      total++
    }
    return { items, total }
  }

  summary(id: string): HistorySummary | undefined {
    this.index.refresh()
    const e = this.index.get(id)
    return e && summaryOf(e)
  }

  /** Each action with runs in history, for a filter picker; the name is the newest run's. */
  actions(): { slug: string; name: string; count: number }[] {
    this.index.refresh()
    const by = new Map<string, { slug: string; name: string; count: number }>()
    for (const e of this.index.entries()) {
      if (!e.slug) continue
      const a = by.get(e.slug)
      if (a) (a.count++, (a.name = e.actionName))
      else by.set(e.slug, { slug: e.slug, name: e.actionName, count: 1 })
    }
    return [...by.values()].sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug))
  }

  /** Ids of every indexed run, newest first. */
  ids(): string[] {
    return this.query().items.map((s) => s.id)
  }

  /** Every indexed run, newest first (from the index: no log is read). */
  list(): HistorySummary[] {
    return this.query().items
  }

  /**
   * Ends the runs the index has as running whose host's lease is not live
   * (window closed, reloaded or crashed) and repairs the index where a crash
   * lost a line. Reads only those runs' logs: cheap enough to call every TTL.
   */
  recover(lease: HostLease | undefined = this.opts.lease): { interrupted: string[]; orphans: string[]; problems: string[] } {
    this.index.refresh()
    const interrupted: string[] = []
    const orphans: string[] = []
    const problems: string[] = []
    for (const e of this.index.open()) {
      if (this.writing.has(e.id)) continue
      if (lease?.live && e.hostId === lease.id) continue
      if (this.leases.isLive(e.hostId)) continue
      // Resumed by another window: its claim names the live owner.
      if (this.claims.holder(claimKey('tx', e.id))) continue
      if (this.paused.has(e.id)) {
        orphans.push(e.id)
        continue
      }
      try {
        const settled = this.settle(e)
        if (settled === 'orphan') this.paused.add(e.id), orphans.push(e.id)
        else if (settled) interrupted.push(e.id)
      } catch (err) {
        problems.push(`${e.id}: could not be recovered: ${(err as Error).message}`)
      }
    }
    return { interrupted, orphans, problems }
  }

  /**
   * Looks at one run of a dead host: 'orphan' if it can be resumed (left as it is),
   * true if it was interrupted (no log, unreadable, or a page view), false if only the index needed repair.
   */
  private settle(e: IndexEntry): boolean | 'orphan' {
    const file = this.fileOf(e.id)
    const now = new Date().toISOString()
    let size = -1
    try {
      const st = lstatSync(file)
      size = st.isFile() ? st.size : -2
    } catch {
      // missing: the window stopped between the index line and the log
    }
    if (size <= 0) {
      if (size === 0) unlinkSync(file)
      const why = size === -2 ? 'its log is not a regular file' : 'never started: the window stopped before its log was written'
      this.index.appendUnreadable(e.id, e.startedAt, why)
      this.index.appendEnd(e.id, 'interrupted', now)
      return true
    }
    let f
    try {
      f = readTxFile(file, e.id)
    } catch (err) {
      this.index.appendUnreadable(e.id, e.startedAt, (err as Error).message)
      this.index.appendEnd(e.id, 'interrupted', now)
      return true
    }
    const r = f.record
    if (isFinished(r.status)) {
      // It ended, but the index never heard (the window stopped right after the log's last line).
      this.index.appendEnd(e.id, r.status, r.endedAt ?? now, r.problems.length)
      this.sinks.appendSearch(f.text.line(e.id))
      return false
    }
    // A page's screen is drawn again by opening it; anything else resumes where it stopped.
    if (!r.action.page) return 'orphan'
    // A torn last line must not swallow the marker: start it on a line of its own.
    if (!f.endsWithNewline) appendFileSync(file, '\n')
    const log = new TxLog(e.id, file, this.sinks, { size, text: f.text })
    log.append({ type: 'interrupted', reason: 'the VS Code window that showed this page was closed, reloaded or stopped' })
    log.settleNow()
    return true
  }

  /**
   * Looks at every file once, off the first-page path: reports foreign files
   * (left alone), indexes logs the index lacks (written by an older version, or
   * after the index was lost), then recovers. Never throws.
   */
  async scan(): Promise<{ problems: string[] }> {
    const problems: string[] = []
    try {
      this.index.refresh()
      const dirents = readdirSync(this.dir, { withFileTypes: true })
      let n = 0
      for (const d of dirents) {
        if (++n % 200 === 0) await new Promise((r) => setImmediate(r))
        const m = TX_FILE.exec(d.name)
        if (!m) {
          if (!OWN.has(d.name) && !d.name.endsWith('.tmp')) problems.push(`"${d.name}" in the history folder is not a run's log: left alone`)
          continue
        }
        if (!d.isFile()) {
          problems.push(`"${d.name}" in the history folder is not a regular file: left alone`)
          continue
        }
        if (this.index.get(m[1])) continue
        this.indexFile(m[1], problems)
      }
      this.leases.sweep()
      problems.push(...this.recover().problems)
    } catch (e) {
      problems.push(`History could not be scanned: ${(e as Error).message}`)
    }
    return { problems }
  }

  private indexFile(id: string, problems: string[]): void {
    const file = this.fileOf(id)
    try {
      const { record: r, started, text } = readTxFile(file, id)
      this.index.appendStart({
        id, startedAt: r.startedAt, hostId: started.hostId, slug: r.action.slug, actionName: r.action.name, user: displayName(r.user), email: r.user.email,
        ...(started.trigger ? { trigger: started.trigger.kind } : {}),
      })
      if (isFinished(r.status)) {
        this.index.appendEnd(id, r.status, r.endedAt ?? r.startedAt, r.problems.length)
        this.sinks.appendSearch(text.line(id))
      }
    } catch (e) {
      let at = new Date().toISOString()
      try {
        at = statSync(file).mtime.toISOString()
      } catch {
        // gone meanwhile
      }
      this.index.appendUnreadable(id, at, (e as Error).message)
      problems.push((e as Error).message)
    }
  }

  /** Deletes ended runs that ended over `retentionDays` ago, and blobs unused as long; returns how many runs. */
  prune(retentionDays: number, now = Date.now()): number {
    const cutoff = new Date(now - retentionDays * DAY).toISOString()
    const n = this.remove((e) => (e.endedAt ?? e.startedAt) < cutoff)
    this.pruneBlobs(now - retentionDays * DAY)
    return n
  }

  /** Deletes these runs (running ones stay); returns how many. */
  delete(ids: string[]): number {
    this.index.refresh()
    const gone: string[] = []
    for (const id of new Set(ids)) {
      const e = this.index.get(id)
      if (e && e.status === 'running') continue
      this.unlink(id)
      if (e) gone.push(id)
    }
    this.index.appendDelete(gone)
    return gone.length
  }

  /** Deletes every ended run; returns how many. */
  clear(): number {
    return this.remove(() => true)
  }

  private remove(which: (e: IndexEntry) => boolean): number {
    this.index.refresh()
    const keep: IndexEntry[] = []
    let n = 0
    for (const e of this.index.entries()) {
      if (e.status !== 'running' && which(e)) this.unlink(e.id), n++
      else keep.push(e)
    }
    if (!n) return 0
    this.index.rewrite(keep)
    this.compactSearch()
    return n
  }

  private unlink(id: string): void {
    try {
      unlinkSync(this.fileOf(id))
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    }
  }

  /** Rewrites search.tsv without the lines of runs no longer in the index. */
  private compactSearch(): void {
    if (!existsSync(this.searchFile)) return
    const tmp = `${this.searchFile}.${process.pid}.tmp`
    const out = openSync(tmp, 'w')
    const fd = openRegular(this.searchFile)
    try {
      forEachLine(fd, (line) => {
        if (!line) return
        const tab = line.indexOf(9)
        if (tab > 0 && this.index.get(line.toString('latin1', 0, tab))) writeSync(out, Buffer.concat([line, Buffer.from('\n')]))
      }, { chunk: 4 << 20 })
    } finally {
      closeSync(fd)
      closeSync(out)
    }
    renameSync(tmp, this.searchFile)
  }

  /** A blob is touched whenever an answer stores it, so one untouched since the cutoff belongs to pruned runs only. */
  private pruneBlobs(cutoffMs: number): void {
    let names: string[]
    try {
      names = readdirSync(this.blobs.dir)
    } catch {
      return
    }
    for (const name of names) {
      const p = join(this.blobs.dir, name)
      try {
        if (statSync(p).mtimeMs < cutoffMs) unlinkSync(p)
      } catch {
        // gone meanwhile
      }
    }
  }

  /** Stores uploaded file contents once, by sha256; returns the hash an answer event keeps. */
  putBlob(data: Uint8Array): string {
    return this.blobs.put(data)
  }

  blobPath(hash: string): string {
    return this.blobs.path(hash)
  }
}

const summaryOf = (e: IndexEntry): HistorySummary => e.summary()

function hay(e: IndexEntry): string {
  return (e.hay ??= `${e.actionName}\n${e.slug}\n${e.user}\n${e.email ?? ''}\n${e.id}`.toLowerCase())
}
