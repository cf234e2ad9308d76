// The server's one secret: created on first start in the data folder (0600),
// reused after a restart; MINI_INTERVAL_TOKEN overrides it. Compared in
// constant time.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export function loadToken(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.MINI_INTERVAL_TOKEN?.trim()
  if (fromEnv) return fromEnv
  const file = join(dataDir, 'token')
  try {
    const kept = readFileSync(file, 'utf8').trim()
    if (kept) return kept
  } catch {
    // first start
  }
  const token = randomBytes(24).toString('base64url')
  writeFileSync(file, `${token}\n`, { mode: 0o600 })
  return token
}

/** Constant time whatever the lengths: both sides are hashed first. */
export function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(token).digest()
  return timingSafeEqual(a, b)
}
