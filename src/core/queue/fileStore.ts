// Queued actions in a folder (serve: <data>/queue; the extension: its global
// storage's queue/): one JSON file per item, so no write rewrites a shared
// file. Open items (waiting, started) live at the top; an item that is done
// or withdrawn moves to ended/, so an Inbox read lists only what is open,
// however long the history grows; runs/<runId> names the item of a run, so
// a run's end finds its item without reading ended/. Every file is written aside and renamed
// into place (a reader, in this process or another, sees the old item or the
// new one); a state change takes the item's lock file, so two processes
// opening the same item agree on who started it. A file that is not an item
// is reported once and skipped: one bad file never empties an Inbox.
import { randomBytes } from 'node:crypto'
import { closeSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, watch, writeFileSync, type FSWatcher } from 'node:fs'
import { basename, join } from 'node:path'
import { QUEUE_ID, queuedActionSchema } from './schema'
import { isFor, type InboxReader, type QueuedAction, type QueueRequest, type QueueStore } from './types'

export interface FileQueueStoreOptions {
  /** A file that is not a queued action (serve's log, the extension's output channel). */
  onProblem?: (message: string) => void
  now?: () => number
  /** false: no fs.watch (a folder where it does not work); other processes' changes are noticed at the next read. */
  watch?: boolean
}

type Cached = { stamp: string; item?: QueuedAction }

const ITEM_FILE = /^([a-z0-9-]{1,100})\.json$/
const LOCK_STALE_MS = 10_000

export class FileQueueStore implements QueueStore {
  readonly endedDir: string
  readonly runsDir: string
  private readonly cache = new Map<string, Cached>()
  private readonly listeners = new Set<() => void>()
  private watcher?: FSWatcher
  /** fs.watch failed here: changes by other processes are noticed at the next read instead. */
  private unwatched = false
  private dirStamp = ''
  private pending?: ReturnType<typeof setTimeout>

  constructor(
    readonly dir: string,
    private readonly opts: FileQueueStoreOptions = {},
  ) {
    this.endedDir = join(dir, 'ended')
    this.runsDir = join(dir, 'runs')
    mkdirSync(this.runsDir, { recursive: true })
    this.unwatched = opts.watch === false
    mkdirSync(this.endedDir, { recursive: true })
  }

  async add(req: QueueRequest, by: string): Promise<QueuedAction> {
    const id = req.id ?? newQueueId(this.now())
    if (!QUEUE_ID.test(id)) throw new Error(`Invalid queued action id "${id}"`)
    const known = this.find(id)
    if (known) return known
    const item: QueuedAction = {
      id,
      slug: req.slug,
      params: req.params ?? {},
      ...(req.assignee ? { assignee: req.assignee.trim().toLowerCase() } : {}),
      ...(req.team ? { team: req.team } : {}),
      ...(req.title ? { title: req.title } : {}),
      createdBy: by,
      createdAt: new Date(this.now()).toISOString(),
      runId: req.runId ?? `q-${id}`,
      source: req.source,
      state: 'waiting',
    }
    queuedActionSchema.parse(item)
    // Which item a run belongs to, written first (a crash before the item leaves only a dangling name).
    try {
      writeFileSync(join(this.runsDir, item.runId), id, { flag: 'wx' })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    // Created only if absent (a hard link fails on an existing name), so two
    // processes adding the same id keep the first and both return it.
    const tmp = this.tmpName(id)
    writeFileSync(tmp, JSON.stringify(item))
    try {
      linkSync(tmp, this.openFile(id))
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      return this.find(id) ?? item
    } finally {
      unlinkQuiet(tmp)
    }
    this.changed()
    return item
  }

  async get(id: string): Promise<QueuedAction | undefined> {
    this.noticeOthers()
    return QUEUE_ID.test(id) ? this.find(id) : undefined
  }

  async open(reader?: InboxReader): Promise<QueuedAction[]> {
    this.noticeOthers()
    return this.openItems()
      .filter((i) => !reader || isFor(i, reader))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
  }

  async byRun(runId: string): Promise<QueuedAction | undefined> {
    this.noticeOthers()
    if (!/^[a-z0-9-]{1,80}$/.test(runId)) return undefined
    let id: string | undefined
    try {
      id = readFileSync(join(this.runsDir, runId), 'utf8')
    } catch {
      // no item names this run (or the store predates runs/): the open ones are looked through
    }
    const named = id && QUEUE_ID.test(id) ? this.find(id) : undefined
    return named?.runId === runId ? named : this.openItems().find((i) => i.runId === runId)
  }

  /**
   * Deletes items that ended over `retentionDays` ago (with History's retention: their runs go then too),
   * and their run links; returns how many. Open items are never pruned.
   */
  prune(retentionDays: number, now = this.now()): number {
    const cutoff = new Date(now - retentionDays * 86_400_000).toISOString()
    let names: string[]
    try {
      names = readdirSync(this.endedDir)
    } catch {
      return 0
    }
    let pruned = 0
    for (const name of names) {
      if (!ITEM_FILE.test(name)) continue
      const item = this.readItem(join(this.endedDir, name))
      if (!item?.endedAt || item.endedAt >= cutoff) continue
      unlinkQuiet(join(this.endedDir, name))
      try {
        if (readFileSync(join(this.runsDir, item.runId), 'utf8') === item.id) unlinkQuiet(join(this.runsDir, item.runId))
      } catch {
        // no link for its run
      }
      this.cache.delete(join(this.endedDir, name))
      pruned++
    }
    return pruned
  }

  async start(id: string, by: string): Promise<QueuedAction | undefined> {
    return this.transition(id, (item) => {
      if (item.state === 'started') return { result: item }
      if (item.state !== 'waiting') return { result: undefined }
      const next: QueuedAction = { ...item, state: 'started', startedBy: by, startedAt: new Date(this.now()).toISOString() }
      return { result: next, write: next }
    })
  }

  async finish(id: string, outcome: string): Promise<void> {
    await this.transition(id, (item) => {
      if (item.state === 'done' || item.state === 'withdrawn') return { result: undefined }
      return { result: undefined, write: { ...item, state: 'done', outcome, endedAt: new Date(this.now()).toISOString() } }
    })
  }

  async withdraw(id: string, _by: string): Promise<boolean> {
    return (
      (await this.transition(id, (item) => {
        if (item.state === 'withdrawn') return { result: true }
        if (item.state !== 'waiting') return { result: false }
        return { result: true, write: { ...item, state: 'withdrawn', endedAt: new Date(this.now()).toISOString() } }
      })) ?? false
    )
  }

  onChange(f: () => void): () => void {
    this.listeners.add(f)
    this.startWatching()
    return () => {
      this.listeners.delete(f)
      if (this.listeners.size === 0) this.stopWatching()
    }
  }

  /** Stops watching the folder (the listeners stay registered but are no longer told). */
  close(): void {
    this.listeners.clear()
    this.stopWatching()
  }

  private now(): number {
    return (this.opts.now ?? Date.now)()
  }

  private openFile(id: string): string {
    return join(this.dir, `${id}.json`)
  }

  private endedFile(id: string): string {
    return join(this.endedDir, `${id}.json`)
  }

  private tmpName(id: string): string {
    return join(this.dir, `${id}.${randomBytes(6).toString('hex')}.tmp`)
  }

  /** An item, open or ended; an ended copy wins (a finish writes it before it removes the open one). */
  private find(id: string): QueuedAction | undefined {
    return this.readItem(this.endedFile(id)) ?? this.readItem(this.openFile(id))
  }

  private openItems(): QueuedAction[] {
    return this.items(this.dir).filter((i) => i.state === 'waiting' || i.state === 'started')
  }

  private items(dir: string): QueuedAction[] {
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      return []
    }
    const out: QueuedAction[] = []
    for (const n of names) {
      if (!ITEM_FILE.test(n)) continue
      const item = this.readItem(join(dir, n))
      if (item) out.push(item)
    }
    return out
  }

  /** An item file, parsed again only when it changed; undefined when absent or not an item (reported once). */
  private readItem(file: string): QueuedAction | undefined {
    let stamp: string
    try {
      const st = statSync(file, { bigint: true })
      stamp = `${st.ino}:${st.mtimeNs}:${st.size}`
    } catch {
      this.cache.delete(file)
      return undefined
    }
    const hit = this.cache.get(file)
    if (hit?.stamp === stamp) return hit.item
    let item: QueuedAction | undefined
    try {
      const parsed = queuedActionSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
      if (parsed.success && `${parsed.data.id}.json` === basename(file)) item = parsed.data as QueuedAction
      else this.problem(`${file} is not a queued action${parsed.success ? ' (its id is not its name)' : `: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`}; skipped.`)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      this.problem(`${file} is not a queued action (${e instanceof SyntaxError ? 'not JSON' : (e as Error).message}); skipped.`)
    }
    this.cache.set(file, { stamp, item })
    return item
  }

  private problem(message: string): void {
    ;(this.opts.onProblem ?? ((m) => console.warn(m)))(message)
  }

  /**
   * A state change under the item's lock, read afresh: `f` says what to
   * return and what to write. An ended item is written to ended/ first, then
   * its open file removed, so a reader in between finds it ended.
   */
  private async transition<T>(id: string, f: (item: QueuedAction) => { result: T; write?: QueuedAction }): Promise<T | undefined> {
    if (!QUEUE_ID.test(id)) return undefined
    const release = await lock(join(this.dir, `${id}.lock`))
    try {
      // Read afresh under the lock (the cache is keyed by inode, mtime and size, so a rename is seen).
      const item = this.find(id)
      if (!item) return undefined
      const { result, write } = f(item)
      if (!write) return result
      const ended = write.state === 'done' || write.state === 'withdrawn'
      const tmp = this.tmpName(id)
      writeFileSync(tmp, JSON.stringify(write))
      renameSync(tmp, ended ? this.endedFile(id) : this.openFile(id))
      if (ended) unlinkQuiet(this.openFile(id))
      this.changed()
      return result
    } finally {
      release()
    }
  }

  /** This process changed something: listeners hear it once, after the watcher's own echo would have merged in. */
  private changed(): void {
    this.dirStamp = this.stampOfDir()
    this.emit()
  }

  private emit(): void {
    if (this.listeners.size === 0 || this.pending) return
    this.pending = setTimeout(() => {
      this.pending = undefined
      for (const f of [...this.listeners]) f()
    }, 20)
    this.pending.unref?.()
  }

  private startWatching(): void {
    if (this.watcher || this.unwatched) return
    this.dirStamp = this.stampOfDir()
    try {
      const w = watch(this.dir, (_type, name) => {
        // Only item files count: tmp files and locks come and go around every write.
        if (name === null || ITEM_FILE.test(String(name))) this.emit()
      })
      w.on('error', () => {
        this.stopWatching()
        this.unwatched = true
      })
      w.unref?.()
      this.watcher = w
    } catch {
      // No watcher here (inotify limit, a network folder): no polling either;
      // every read compares the folder's stamp and tells the listeners.
      this.unwatched = true
    }
  }

  private stopWatching(): void {
    this.watcher?.close()
    this.watcher = undefined
    if (this.pending) clearTimeout(this.pending)
    this.pending = undefined
  }

  /** Without a watcher: another process's change is noticed when this store is next read. */
  private noticeOthers(): void {
    if (!this.unwatched || this.listeners.size === 0) return
    const stamp = this.stampOfDir()
    if (stamp !== this.dirStamp) {
      this.dirStamp = stamp
      this.emit()
    }
  }

  /** Every item write renames or links a name in the folder, which moves its mtime. */
  private stampOfDir(): string {
    try {
      const st = statSync(this.dir, { bigint: true })
      return `${st.mtimeNs}:${st.size}`
    } catch {
      return ''
    }
  }
}

/** Time-sortable, like transaction ids, and unguessable enough that two processes never pick the same. */
export function newQueueId(now = Date.now()): string {
  return `${now.toString(36)}-${randomBytes(5).toString('hex')}`
}

function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file)
  } catch {
    // already gone
  }
}

/** An exclusive lock file; one left by a process that died is taken over after 10 s. */
async function lock(path: string): Promise<() => void> {
  const deadline = Date.now() + 15_000
  for (;;) {
    try {
      closeSync(openSync(path, 'wx'))
      return () => unlinkQuiet(path)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      try {
        if (Date.now() - statSync(path).mtimeMs > LOCK_STALE_MS) unlinkQuiet(path)
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline) throw new Error(`The queued action's lock ${path} is held too long.`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }
}
