// Where the time goes between a person's click (or Enter) and the next prompt
// painted: each path is a list of timestamped hops, recorded by the host, the
// worker and the webview on one clock (epoch milliseconds with sub-millisecond
// precision, comparable across threads and the webview). Off unless asked for
// (the miniInterval.trace setting): nothing is recorded then.

/** Now, on the clock every hop uses: `performance.timeOrigin` differs per thread, this does not. */
export const epochNow = (): number => performance.timeOrigin + performance.now()

/** Run Action → first prompt painted, or an answer → next prompt painted. */
export type TracePathKind = 'run' | 'answer'

/** Each hop names the moment its part ended; its duration is from the hop before it. */
export const HOPS: Record<TracePathKind, readonly string[]> = {
  run: ['click', 'compiled', 'worker', 'io', 'journaled', 'posted', 'received', 'rendered', 'painted'],
  answer: ['enter', 'sent', 'hostReceived', 'checked', 'io', 'journaled', 'posted', 'received', 'rendered', 'painted'],
}

/** What each hop's part is, for the table and the exported trace. */
export const HOP_LABELS: Record<string, string> = {
  click: 'Run chosen (quick pick Enter, tree or command)',
  compiled: 'compile or cache hit',
  worker: 'worker start (or taken from the pool)',
  io: 'worker runs the action to its next io call (its boot too, when not taken from the pool)',
  journaled: 'host checks it and writes the journal',
  posted: 'host posts the screen to the webview',
  received: 'webview receives the message (a new panel: after its page has loaded and asked)',
  rendered: 'webview renders (Lit update)',
  painted: 'webview paints the frame',
  enter: 'Enter (or Submit) in the webview',
  sent: 'webview checks the answer and posts it',
  hostReceived: 'answer reaches the host',
  checked: 'host checks the answer and sends it to the worker',
}

/** Which thread or process a hop's part ran on. */
export const HOP_WHERE: Record<string, 'host' | 'worker' | 'webview'> = {
  click: 'host', compiled: 'host', worker: 'host', io: 'worker', journaled: 'host', posted: 'host',
  received: 'webview', rendered: 'webview', painted: 'webview', enter: 'webview', sent: 'webview', hostReceived: 'host', checked: 'host',
}

export interface Hop {
  name: string
  t: number
}

export interface TracePath {
  kind: TracePathKind
  tx: string
  /** The prompt it ended at, when known. */
  seq?: number
  hops: Hop[]
  /** A new panel's page: when it began loading, its bundle arrived, and it was ready (inside the `received` part). */
  page?: { start: number; bundle: number; ready: number }
}

/** The newest finished paths kept for export and the benchmark. */
const KEEP = 2000

export class Tracer {
  private readonly open = new Map<string, TracePath>()
  private readonly finished: TracePath[] = []

  constructor(
    /** Read at each path's start, so the setting can change while VS Code runs. */
    private readonly isOn: () => boolean,
    private readonly now: () => number = epochNow,
  ) {}

  get enabled(): boolean {
    return this.isOn()
  }

  /** Starts a path for `tx` (replacing an unfinished one), its first hop at `t`. */
  start(tx: string, kind: TracePathKind, t = this.now()): void {
    if (!this.isOn()) return
    this.open.set(tx, { kind, tx, hops: [{ name: HOPS[kind][0]!, t }] })
  }

  /** Whether `tx` has a path under way. */
  tracing(tx: string): boolean {
    return this.open.has(tx)
  }

  /**
   * Records a hop of `tx`'s open path. Hops come in their order: one already
   * recorded, or one that comes before the last recorded, is ignored (a second
   * journal write before the screen is posted belongs to the same part).
   */
  hop(tx: string, name: string, t = this.now()): void {
    const path = this.open.get(tx)
    if (!path) return
    const order = HOPS[path.kind]
    const at = order.indexOf(name)
    const last = order.indexOf(path.hops[path.hops.length - 1]!.name)
    if (at <= last) return
    path.hops.push({ name, t })
    if (at === order.length - 1) this.finish(tx)
  }

  /** The webview's hops for the screen it painted (seq): they end the path. */
  webviewHops(tx: string, seq: number | undefined, hops: Hop[], page?: TracePath['page']): void {
    const path = this.open.get(tx)
    if (!path) return
    path.seq = seq
    if (page) path.page = page
    for (const h of hops) this.hop(tx, h.name, h.t)
  }

  /** Drops an unfinished path (the transaction ended, or the panel went away). */
  drop(tx: string): void {
    this.open.delete(tx)
  }

  private finish(tx: string): void {
    const path = this.open.get(tx)!
    this.open.delete(tx)
    this.finished.push(path)
    if (this.finished.length > KEEP) this.finished.splice(0, this.finished.length - KEEP)
  }

  /** Finished paths, oldest first. */
  paths(): readonly TracePath[] {
    return this.finished
  }

  clear(): void {
    this.finished.length = 0
    this.open.clear()
  }
}

/** A path's parts: each hop's duration from the hop before it (the first hop has none). */
export function parts(path: TracePath): { name: string; ms: number }[] {
  return path.hops.slice(1).map((h, i) => ({ name: h.name, ms: h.t - path.hops[i]!.t }))
}

/** From the first hop to the last. */
export const endToEnd = (path: TracePath): number => path.hops[path.hops.length - 1]!.t - path.hops[0]!.t

/** Whether every hop of its kind is there, in order, on a clock that never goes back. */
export function complete(path: TracePath): boolean {
  const names = path.hops.map((h) => h.name)
  const want = HOPS[path.kind]
  return names.length === want.length && names.every((n, i) => n === want[i]) && path.hops.every((h, i) => i === 0 || h.t >= path.hops[i - 1]!.t)
}
