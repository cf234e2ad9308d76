// Group commit of runs' ends. A run's end line is in the kernel when append
// returns (as every line is); making it durable (fdatasync) would block the one
// thread of serve or the extension host, 50 ends at once 50 waits in a row. So
// the ends appended within one turn of the event loop form a group: each one's
// fd is synced on libuv's pool, and once all of them are, the group's `after`
// steps (index, search text, claim release) run, in append order and after any
// earlier group's. Whoever needs one end durable now (recovery, History's
// Interrupt) settles it synchronously instead.
import { closeSync, fdatasync, fdatasyncSync } from 'node:fs'

type Fdatasync = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void

let syncFd: Fdatasync = fdatasync

/** Tests slow or fail the pool's fdatasync (a test clock for the disk); absent: node's. */
export function setFdatasync(f?: Fdatasync): void {
  syncFd = f ?? fdatasync
}

/** One run's end waiting to be durable. */
export class PendingEnd {
  /** Resolves once the end is on disk and its `after` steps ran; rejects (after them) if fdatasync failed. */
  readonly done: Promise<void>
  private resolve!: () => void
  private reject!: (e: Error) => void
  private state: 'waiting' | 'syncing' | 'settled' = 'waiting'
  /** The pool's fdatasync is still using the fd: it is closed when that returns, never under it. */
  private inFlight = false

  constructor(
    private readonly fd: number,
    private readonly after: () => void,
  ) {
    this.done = new Promise((res, rej) => ((this.resolve = res), (this.reject = rej)))
    // A failure is reported to whoever waits; nobody waiting must not crash the process.
    this.done.catch(() => {})
    join(this)
  }

  get settled(): boolean {
    return this.state === 'settled'
  }

  /** Syncs on the pool; resolves with the error rather than rejecting, so a group waits for all of its members. */
  start(): Promise<Error | undefined> {
    if (this.state !== 'waiting') return Promise.resolve(undefined)
    this.state = 'syncing'
    this.inFlight = true
    return new Promise((res) =>
      syncFd(this.fd, (err) => {
        this.inFlight = false
        if (this.state === 'settled') closeQuietly(this.fd)
        res(err ?? undefined)
      }),
    )
  }

  /** The end durable now, on this thread: fdatasync, then its steps. */
  settleNow(): void {
    if (this.state === 'settled') return
    let err: Error | undefined
    try {
      fdatasyncSync(this.fd)
    } catch (e) {
      err = e as Error
    }
    this.settle(err)
  }

  settle(err?: Error): void {
    if (this.state === 'settled') return
    this.state = 'settled'
    if (!this.inFlight) closeQuietly(this.fd)
    try {
      this.after()
    } finally {
      if (err) this.reject(err)
      else this.resolve()
    }
  }
}

/** Ends appended in this turn, not yet syncing. */
let forming: PendingEnd[] | undefined
/** The last group's completion: a group's steps run after every earlier group's. */
let previous: Promise<void> = Promise.resolve()

function join(end: PendingEnd): void {
  if (!forming) {
    forming = []
    setImmediate(flush)
  }
  forming.push(end)
}

/**
 * Resolves once every end appended so far in this process is on disk and told
 * (a shell closing down waits for it; tests read the index after it).
 */
export function endsSettled(): Promise<void> {
  flush()
  return previous
}

function flush(): void {
  const group = forming
  if (!group) return
  forming = undefined
  const synced = Promise.all(group.map((e) => e.start()))
  previous = Promise.all([previous, synced]).then(([, errors]) => {
    for (const [i, e] of group.entries()) {
      try {
        e.settle(errors[i])
      } catch {
        // a step that threw must not hold back the rest of the group or the next ones
      }
    }
  })
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd)
  } catch {
    // already closed: nothing to release
  }
}
