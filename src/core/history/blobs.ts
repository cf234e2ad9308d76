// Uploaded file contents, stored once by sha256 beside the logs: answer events
// hold `{ name, type, size, blob }` instead of base64, so a log stays small and
// the same file uploaded twice is kept once.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export class BlobStore {
  constructor(readonly dir: string) {}

  /** Stores `data` (tmp + rename, so a reader never sees half a blob) and returns its sha256 hex. */
  put(data: Uint8Array): string {
    const hash = createHash('sha256').update(data).digest('hex')
    const file = this.path(hash)
    if (existsSync(file)) {
      // Touched so retention, which drops blobs by age, keeps a blob a new answer uses again.
      const now = new Date()
      utimesSync(file, now, now)
      return hash
    }
    mkdirSync(this.dir, { recursive: true })
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    writeFileSync(tmp, data)
    renameSync(tmp, file)
    return hash
  }

  /** A blob's bytes, or undefined if it is gone (pruned) or the hash is not one. */
  read(hash: string): Uint8Array | undefined {
    try {
      return readFileSync(this.path(hash))
    } catch {
      return undefined
    }
  }

  path(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`Invalid blob hash "${hash}"`)
    return join(this.dir, hash)
  }
}
