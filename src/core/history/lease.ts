// Host leases: each extension host holds a file `<dir>/<hostId>` that it renews
// every few seconds. A host is live while its lease is fresh; a crashed or
// closed host stops renewing, and a new host never reuses an id (unlike a pid),
// so nothing can keep a dead host's work "live".
import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'

export const RENEW_MS = 5_000
/** A lease not renewed for this long belongs to a host that is gone. */
export const TTL_MS = 3 * RENEW_MS

const ID = /^[0-9a-f]{16}$/

export class Leases {
  constructor(
    readonly dir: string,
    readonly ttlMs = TTL_MS,
  ) {}

  /** Takes a new lease and keeps it fresh until release(). */
  acquire(renewMs = RENEW_MS): HostLease {
    return new HostLease(this, randomBytes(8).toString('hex'), renewMs)
  }

  fileOf(hostId: string): string {
    if (!ID.test(hostId)) throw new Error(`Invalid host id "${hostId}"`)
    return join(this.dir, hostId)
  }

  /**
   * True while `hostId`'s lease exists and was renewed within the TTL, and its
   * process, if it ran on this machine, still runs: a host killed a second ago
   * is known gone at once (a serve restarted after SIGKILL takes its runs back
   * without waiting out the TTL). A reused pid only keeps the TTL in force.
   */
  isLive(hostId: string | undefined, now = Date.now()): boolean {
    if (!hostId || !ID.test(hostId)) return false
    try {
      const file = this.fileOf(hostId)
      if (now - statSync(file).mtimeMs > this.ttlMs) return false
      const { pid, host } = JSON.parse(readFileSync(file, 'utf8')) as { pid?: number; host?: string }
      return !(host === hostname() && typeof pid === 'number' && pid !== process.pid && !processRuns(pid))
    } catch {
      return false
    }
  }

  /** Deletes leases expired for over `olderThanMs` (hosts that crashed); returns how many. */
  sweep(olderThanMs = 24 * 3600_000, now = Date.now()): number {
    let n = 0
    let names: string[]
    try {
      names = readdirSync(this.dir)
    } catch {
      return 0
    }
    for (const name of names) {
      if (!ID.test(name)) continue
      try {
        if (now - statSync(join(this.dir, name)).mtimeMs > olderThanMs) unlinkSync(join(this.dir, name)), n++
      } catch {
        // gone already, or renewed by its host meanwhile: either way not ours to delete
      }
    }
    return n
  }
}

export class HostLease {
  private timer?: NodeJS.Timeout
  private readonly file: string

  constructor(
    readonly leases: Leases,
    readonly id: string,
    renewMs: number,
  ) {
    this.file = leases.fileOf(id)
    mkdirSync(leases.dir, { recursive: true })
    this.write()
    this.timer = setInterval(() => this.renew(), renewMs)
    // A lease must never keep the process alive on its own.
    this.timer.unref()
  }

  get live(): boolean {
    return this.timer !== undefined
  }

  /** Marks the lease fresh now (re-creating the file if someone deleted it). */
  renew(): void {
    if (!this.timer) return
    try {
      const now = new Date()
      utimesSync(this.file, now, now)
    } catch {
      try {
        this.write()
      } catch {
        // disk trouble: the next renewal tries again
      }
    }
  }

  private write(): void {
    mkdirSync(this.leases.dir, { recursive: true })
    writeFileSync(this.file, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }))
  }

  /** Ends the lease: its host's unfinished work is now recoverable by anyone. */
  release(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    try {
      unlinkSync(this.file)
    } catch {
      // already gone
    }
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
