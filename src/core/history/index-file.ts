// `index.tsv`: one line when a run starts and one when it ends, so History opens
// on 100,000 runs without reading 100,000 logs. Every window appends to it (one
// write a line, O_APPEND) and each reader reads only the bytes added since it
// last looked, reloading if the file was replaced (compaction) or shrank.
//   S id startedAt slug hostId actionName user email [trigger]
//                                                        a run started (trigger: schedule or queue, when set)
//   E id status endedAt problems                          it ended
//   U id startedAt message                                its log cannot be read
//   D id                                                  it was deleted
// A line lost to a crash or a concurrent compaction is repaired from the logs
// themselves (HistoryStore.recover/scan), so the index is a cache of them.
import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs'
import type { TxStatus } from '../protocol'
import { endsWithNewline, escapeField, unescapeField, writeAll } from './lines'

export interface HistorySummary {
  id: string
  slug: string
  actionName: string
  /** 'running' until the run ends (the index does not record awaiting). */
  status: TxStatus
  /** Display name of who ran it. */
  user: string
  email?: string
  startedAt: string
  endedAt?: string
  /** Set when the run's log cannot be read as a transaction. */
  unreadable?: string
  /** Lines of its log that could not be read. */
  problems?: number
  /** How many times it was resumed after its window reloaded or crashed. */
  resumed?: number
  /** Started by a schedule, or from an Inbox item (absent: a person ran it). */
  trigger?: TriggerKind
}

export type TriggerKind = 'schedule' | 'queue'
const triggerKind = (s: string | undefined): TriggerKind | undefined => (s === 'schedule' || s === 'queue' ? s : undefined)

/**
 * One run in the index. Only what lists and filters need is split out when the
 * index is read; the rest of the start line is split on first use, which keeps
 * opening History on 100,000 runs fast.
 */
export class IndexEntry {
  status: TxStatus = 'running'
  endedAt?: string
  problems?: number
  unreadable?: string
  resumed?: number
  /** Lower-cased text of the summary fields, made on the first text query. */
  hay?: string
  private rest?: string
  private fields?: string[]

  constructor(
    readonly id: string,
    readonly startedAt: string,
    readonly slug: string,
    /** hostId, actionName, user, email and (when set) trigger: escaped, tab-separated. */
    rest: string,
  ) {
    this.rest = rest
  }

  private field(i: number): string {
    if (!this.fields) this.fields = this.rest!.split('\t').map(unescapeField)
    this.rest = undefined
    return this.fields[i] ?? ''
  }

  /** The lease of the host that ran it; absent for runs indexed from an old log. */
  get hostId(): string | undefined {
    return this.field(0) || undefined
  }

  get actionName(): string {
    return this.field(1)
  }

  get user(): string {
    return this.field(2)
  }

  get email(): string | undefined {
    return this.field(3) || undefined
  }

  /** Absent in lines written before triggers were recorded. */
  get trigger(): TriggerKind | undefined {
    return triggerKind(this.field(4))
  }

  summary(): HistorySummary {
    const s: HistorySummary = { id: this.id, slug: this.slug, actionName: this.actionName, status: this.status, user: this.user, startedAt: this.startedAt }
    if (this.email) s.email = this.email
    if (this.endedAt) s.endedAt = this.endedAt
    if (this.unreadable) s.unreadable = this.unreadable
    if (this.problems) s.problems = this.problems
    if (this.resumed) s.resumed = this.resumed
    const trigger = this.trigger
    if (trigger) s.trigger = trigger
    return s
  }

  startLine(): string[] {
    return startFields({ id: this.id, startedAt: this.startedAt, slug: this.slug, hostId: this.hostId, actionName: this.actionName, user: this.user, email: this.email, trigger: this.trigger })
  }
}

export interface StartLine {
  id: string
  startedAt: string
  hostId?: string
  slug: string
  actionName: string
  user: string
  email?: string
  trigger?: TriggerKind
}

/** A start line's fields; the trigger only when set, so other lines stay as they were. */
const startFields = (s: StartLine): string[] =>
  ['S', s.id, s.startedAt, s.slug, s.hostId ?? '', s.actionName, s.user, s.email ?? '', ...(s.trigger ? [s.trigger] : [])]

const older = (a: IndexEntry, b: IndexEntry) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

export class HistoryIndex {
  private byId = new Map<string, IndexEntry>()
  /** Oldest first; sorted lazily, since appends almost always arrive in order. */
  private asc: IndexEntry[] = []
  private sorted = true
  private stale = false
  private ends = new Map<string, string[]>()
  /** Entries still running: recovery looks at these every few seconds, never at all of History. */
  private running = new Set<IndexEntry>()
  private offset = 0
  private ino = -1
  private fd?: number
  private fdIno = -1
  /** Lines that were not index lines (torn by a crash, or written by a newer version). */
  badLines = 0

  constructor(readonly file: string) {}

  /** False until the first refresh() parsed the file. */
  get loaded(): boolean {
    return this.ino !== -1
  }

  get exists(): boolean {
    return existsSync(this.file)
  }

  /** Reads what other writers (and we) appended since the last look. */
  refresh(): void {
    let fd: number
    try {
      fd = openSync(this.file, 'r')
    } catch {
      if (this.offset) this.reset()
      return
    }
    try {
      const st = fstatSync(fd)
      if (st.ino !== this.ino || st.size < this.offset) this.reset(), (this.ino = st.ino)
      if (st.size === this.offset) return
      const buf = Buffer.allocUnsafe(st.size - this.offset)
      let got = 0
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, this.offset + got)
        if (n === 0) break
        got += n
      }
      // A last line without its newline is being written (or torn): read it next time.
      const end = buf.lastIndexOf(0x0a, got - 1) + 1
      if (end === 0) return
      this.offset += end
      const text = buf.toString('utf8', 0, end)
      for (let at = 0; at < text.length; ) {
        const nl = text.indexOf('\n', at)
        this.apply(text.slice(at, nl))
        at = nl + 1
      }
    } finally {
      closeSync(fd)
    }
  }

  private reset(): void {
    this.byId = new Map()
    this.asc = []
    this.sorted = true
    this.ends = new Map()
    this.running = new Set()
    this.offset = 0
    this.badLines = 0
  }

  private apply(line: string): void {
    if (line.startsWith('S\t')) {
      // Split only id, start and slug: the rest waits until a summary needs it.
      const a = line.indexOf('\t', 2)
      const b = line.indexOf('\t', a + 1)
      const c = line.indexOf('\t', b + 1)
      if (c < 0) return void this.badLines++
      const id = unescapeField(line.slice(2, a))
      if (!this.byId.has(id)) this.add(new IndexEntry(id, unescapeField(line.slice(a + 1, b)), unescapeField(line.slice(b + 1, c)), line.slice(c + 1)))
      return
    }
    const f = line.split('\t')
    if (line.includes('\\')) for (let i = 1; i < f.length; i++) f[i] = unescapeField(f[i])
    switch (f[0]) {
      case 'E': {
        if (f.length < 5) break
        const e = this.byId.get(f[1])
        if (!e) return void this.ends.set(f[1], f)
        return this.end(e, f)
      }
      case 'U': {
        if (f.length < 4) break
        let e = this.byId.get(f[1])
        if (!e) {
          e = new IndexEntry(f[1], f[2], '', `\t${escapeField(f[1])}\t\t`)
          e.status = 'interrupted'
          this.add(e)
        }
        e.unreadable = f[3]
        return
      }
      case 'R': {
        // A resume: `R id count`. Only for runs already indexed (a resume follows its start).
        const e = this.byId.get(f[1])
        if (e && f.length >= 3) e.resumed = Math.max(e.resumed ?? 0, Number(f[2]) || 0)
        return
      }
      case 'D': {
        const e = this.byId.get(f[1])
        if (e) this.byId.delete(f[1]), this.running.delete(e), (this.stale = true)
        this.ends.delete(f[1])
        return
      }
      case '':
        if (f.length === 1) return
    }
    this.badLines++
  }

  private add(e: IndexEntry): void {
    this.byId.set(e.id, e)
    const last = this.asc[this.asc.length - 1]
    if (last && older(e, last) < 0) this.sorted = false
    this.asc.push(e)
    if (e.status === 'running') this.running.add(e)
    const end = this.ends.get(e.id)
    if (end) this.ends.delete(e.id), this.end(e, end)
  }

  private end(e: IndexEntry, f: string[]): void {
    // The first end wins, as in the log (recovery racing a late writer may add a second).
    if (e.status !== 'running') return
    e.status = f[2] as TxStatus
    if (e.status !== 'running') this.running.delete(e)
    e.endedAt = f[3]
    if (f[4]) e.problems = Number(f[4])
  }

  get(id: string): IndexEntry | undefined {
    return this.byId.get(id)
  }

  get size(): number {
    return this.byId.size
  }

  /** Every entry, oldest first (call refresh() first). */
  entries(): IndexEntry[] {
    if (this.stale) this.asc = this.asc.filter((e) => this.byId.get(e.id) === e)
    if (!this.sorted) this.asc.sort(older)
    this.stale = false
    this.sorted = true
    return this.asc
  }

  /** Runs the index still has as running: what recovery looks at. */
  open(): IndexEntry[] {
    return [...this.running].sort(older)
  }

  appendStart(s: StartLine): void {
    this.write(startFields(s))
  }

  appendEnd(id: string, status: TxStatus, endedAt: string, problems?: number): void {
    this.write(['E', id, status, endedAt, problems ? String(problems) : ''])
  }

  /** The run was resumed for the `count`th time. */
  appendResumed(id: string, count: number): void {
    this.write(['R', id, String(count)])
  }

  appendUnreadable(id: string, startedAt: string, message: string): void {
    this.write(['U', id, startedAt, message])
  }

  appendDelete(ids: string[]): void {
    if (ids.length) this.writeRaw(ids.map((id) => `D\t${id}\n`).join(''))
  }

  private write(fields: string[]): void {
    this.writeRaw(fields.map(escapeField).join('\t') + '\n')
  }

  private writeRaw(text: string): void {
    // A compaction elsewhere renames a new file into place: write to that one, not the old inode.
    let ino = -1
    try {
      ino = statSync(this.file).ino
    } catch {
      // missing: opening creates it
    }
    if (this.fd === undefined || ino !== this.fdIno) {
      if (this.fd !== undefined) closeSync(this.fd)
      this.fd = openSync(this.file, 'a+')
      this.fdIno = fstatSync(this.fd).ino
    }
    // Never glue a line onto one torn by a crash.
    writeAll(this.fd, Buffer.from(endsWithNewline(this.fd) ? text : '\n' + text))
  }

  /** Replaces the index with `keep` (tmp + rename): the compaction after pruning or clearing. */
  rewrite(keep: IndexEntry[]): void {
    const lines: string[] = []
    for (const e of keep) {
      if (e.slug || !e.unreadable) lines.push(e.startLine().map(escapeField).join('\t'))
      if (e.unreadable) lines.push(['U', e.id, e.startedAt, e.unreadable].map(escapeField).join('\t'))
      if (e.status !== 'running' && e.endedAt) lines.push(['E', e.id, e.status, e.endedAt, e.problems ? String(e.problems) : ''].map(escapeField).join('\t'))
    }
    const tmp = `${this.file}.${process.pid}.tmp`
    writeFileSync(tmp, lines.length ? lines.join('\n') + '\n' : '')
    renameSync(tmp, this.file)
    this.refresh()
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}
