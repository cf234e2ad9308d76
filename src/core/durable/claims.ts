// Claims: who may run a transaction (and who holds an action's one-instance
// lock). A claim is a folder of epoch files, `<dir>/<key>/<epoch>`, each
// naming its owner (a host lease id, lease.ts). The highest epoch is the
// claim. Taking over creates the next epoch with O_EXCL, so of two windows
// racing for a dead owner's claim exactly one wins. A claim is live while its
// owner's host lease is (the lease file is the heartbeat), so a crashed
// holder's claim expires with its lease and nothing stays locked forever.
// Fencing: the holder of epoch n checks before each write that epoch n+1 does
// not exist; a window that lost its claim is refused (StaleClaimError).
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Leases } from '../history/lease'

export interface ClaimInfo {
  /** The host lease id of the owner; null once released. */
  owner: string | null
  /** What the claim is for: a transaction id, and for a lock, the transaction holding it. */
  tx?: string
  user?: string
  since: string
}

export class StaleClaimError extends Error {
  constructor(key: string) {
    super(`Another VS Code window took over "${key}": this window no longer writes to it.`)
    this.name = 'StaleClaimError'
  }
}

const EPOCH_DIGITS = 10
const fileName = (epoch: number): string => String(epoch).padStart(EPOCH_DIGITS, '0')

/**
 * Creates `file` holding `text`, or throws EEXIST: written aside and linked
 * into place, so an epoch file never exists half-written (a window killed while
 * writing one leaves only a stray temp file, which no reader takes for an epoch).
 */
function createWhole(file: string, text: string): void {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`
  writeFileSync(tmp, text)
  try {
    linkSync(tmp, file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    // A file system without hard links: an exclusive create it is.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EOPNOTSUPP') writeFileSync(file, text, { flag: 'wx' })
    else throw e
  } finally {
    try {
      unlinkSync(tmp)
    } catch {
      // gone already
    }
  }
}

/** Keys become folder names: plain ones are kept readable, anything else is hashed. */
export function claimKey(kind: 'tx' | 'lock', name: string): string {
  const safe = /^[a-z0-9._-]{1,80}$/i.test(name) ? name : createHash('sha256').update(name).digest('hex').slice(0, 32)
  return `${kind}-${safe}`
}

export class Claims {
  constructor(
    readonly dir: string,
    private readonly leases: Leases,
  ) {}

  private folder(key: string): string {
    if (!/^[a-z0-9._-]+$/i.test(key)) throw new Error(`Invalid claim key "${key}"`)
    return join(this.dir, key)
  }

  /** The current epoch and its info, or undefined if nobody ever claimed `key`. */
  current(key: string): { epoch: number; info: ClaimInfo } | undefined {
    return this.scan(key).current
  }

  /**
   * One listing of `key`'s epochs: the highest readable one, and the highest
   * with a file, readable or not (a new epoch goes above it). Both from the
   * same listing: an epoch created between two listings would otherwise count
   * as unreadable, and a taker would jump over a live owner's fresh claim.
   */
  private scan(key: string): { current?: { epoch: number; info: ClaimInfo }; top: number } {
    let names: string[]
    try {
      names = readdirSync(this.folder(key))
    } catch {
      return { top: 0 }
    }
    const epochs = names.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => b - a)
    const top = epochs[0] ?? 0
    for (const epoch of epochs) {
      try {
        return { current: { epoch, info: JSON.parse(readFileSync(join(this.folder(key), fileName(epoch)), 'utf8')) as ClaimInfo }, top }
      } catch {
        // torn (by a disk fault, or by a window killed while writing it: an older version, or a file system without hard links): a claim that cannot be read is not an owner; look below it
      }
    }
    return { top }
  }

  /** Who holds `key` now, if its owner is alive. */
  holder(key: string): ClaimInfo | undefined {
    const c = this.current(key)
    return c?.info.owner && this.leases.isLive(c.info.owner) ? c.info : undefined
  }

  /**
   * Takes `key` for `owner`, unless a live owner other than `owner` holds it.
   * Returns the claim, or who holds it.
   */
  take(key: string, owner: string, info: Omit<ClaimInfo, 'owner' | 'since'> = {}): Claim | { heldBy: ClaimInfo } {
    const folder = this.folder(key)
    mkdirSync(folder, { recursive: true })
    for (let tries = 0; tries < 20; tries++) {
      const { current: c, top } = this.scan(key)
      if (c?.info.owner && c.info.owner !== owner && this.leases.isLive(c.info.owner)) return { heldBy: c.info }
      // Above an unreadable epoch too, else a torn file would make the claim untakable for good.
      const epoch = Math.max(c?.epoch ?? 0, top) + 1
      const mine: ClaimInfo = { owner, ...info, since: new Date().toISOString() }
      try {
        createWhole(join(folder, fileName(epoch)), JSON.stringify(mine))
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue // someone took this epoch first: look again
        throw e
      }
      // Older epochs are history now; one is kept below ours so a reader racing this cleanup still finds an owner.
      for (let old = epoch - 2; old >= 1 && existsSync(join(folder, fileName(old))); old--) {
        try {
          unlinkSync(join(folder, fileName(old)))
        } catch {
          break
        }
      }
      return new Claim(this, key, epoch, mine)
    }
    throw new Error(`Could not claim "${key}": too many windows are contending for it`)
  }

  /** True while no newer epoch than `epoch` exists: the holder of `epoch` may still write. */
  isCurrent(key: string, epoch: number): boolean {
    return !existsSync(join(this.folder(key), fileName(epoch + 1)))
  }

  /** Forgets `key` (a finished transaction's claim): nobody will run it again. */
  remove(key: string): void {
    rmSync(this.folder(key), { recursive: true, force: true })
  }

  /** Releases `key` at `epoch` by writing the next epoch with no owner. */
  releaseEpoch(key: string, epoch: number): void {
    try {
      createWhole(join(this.folder(key), fileName(epoch + 1)), JSON.stringify({ owner: null, since: new Date().toISOString() } satisfies ClaimInfo))
    } catch {
      // someone already took it over: it is not ours to release
    }
  }
}

export class Claim {
  constructor(
    private readonly claims: Claims,
    readonly key: string,
    readonly epoch: number,
    readonly info: ClaimInfo,
  ) {}

  /** Throws StaleClaimError if another window has taken the claim over: call before each write. */
  check(): void {
    if (!this.claims.isCurrent(this.key, this.epoch)) throw new StaleClaimError(this.key)
  }

  /** Lets someone else take it (a lock, when its transaction ends). */
  release(): void {
    this.claims.releaseEpoch(this.key, this.epoch)
  }

  /** Deletes it for good (a transaction that ended: nothing will resume it). */
  remove(): void {
    if (this.claims.isCurrent(this.key, this.epoch)) this.claims.remove(this.key)
  }
}
