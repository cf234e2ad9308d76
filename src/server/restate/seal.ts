// Answers sealed on their way through Restate. The embedded engine never
// writes a `sensitive` field's answer to disk (its log keeps a mask, and a
// restart asks again); on Restate an answer crosses the ingress and sits in a
// durable promise, both journaled by Restate. So `serve` seals every answer's
// values (AES-256-GCM) with a key kept in its data folder before they leave,
// and only its endpoint opens them, in memory: Restate holds ciphertext. Our
// event batches mask sensitive fields as the local log does, and a replay
// takes their values from the sealed promise, so a restart does not ask again.
// Several `serve` processes behind one Restate share the key
// (MINI_INTERVAL_ANSWER_KEY, base64 of 32 bytes), as they share the token.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface Sealer {
  /** The values as one opaque string. */
  seal(values: unknown[]): string
  /** The values again; throws if they were sealed with another key or changed. */
  open(sealed: string): unknown[]
  /** Bytes (a chunk of an uploaded file, blobs.ts) as one opaque string. */
  sealBytes(bytes: Uint8Array): string
  /** The bytes again; throws if they were sealed with another key or changed. */
  openBytes(sealed: string): Buffer
  /** A keyed digest (an idempotency key that says nothing of what it digests). */
  digest(text: string): string
}

const PREFIX = 'v1.'

export function sealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new Error('The answer key is 32 bytes.')
  const encrypt = (plain: Uint8Array): string => {
    const iv = randomBytes(12)
    const c = createCipheriv('aes-256-gcm', key, iv)
    const body = Buffer.concat([c.update(plain), c.final()])
    return PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')
  }
  const decrypt = (sealed: string): Buffer => {
    if (!sealed.startsWith(PREFIX)) throw new Error('not a sealed answer')
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64')
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
    d.setAuthTag(raw.subarray(12, 28))
    return Buffer.concat([d.update(raw.subarray(28)), d.final()])
  }
  return {
    seal: (values) => encrypt(Buffer.from(JSON.stringify(values), 'utf8')),
    open(sealed) {
      const values = JSON.parse(decrypt(sealed).toString('utf8')) as unknown
      if (!Array.isArray(values)) throw new Error('a sealed answer holds an array of values')
      return values
    },
    sealBytes: encrypt,
    openBytes: decrypt,
    digest: (text) => createHmac('sha256', key).update(text).digest('hex').slice(0, 32),
  }
}

/** The key: MINI_INTERVAL_ANSWER_KEY, or the data folder's `answer-key` (created on first start, mode 0600). */
export function loadAnswerKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.MINI_INTERVAL_ANSWER_KEY?.trim()
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64')
    if (key.length !== 32) throw new Error('MINI_INTERVAL_ANSWER_KEY is the base64 of 32 bytes (openssl rand -base64 32).')
    return key
  }
  const file = join(dataDir, 'answer-key')
  let text: string | undefined
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    // first start
  }
  if (text !== undefined) {
    const kept = Buffer.from(text.trim(), 'base64')
    // Never replaced: answers Restate holds were sealed with it.
    if (kept.length !== 32) throw new Error(`${file} is not an answer key (the base64 of 32 bytes).`)
    return kept
  }
  const key = randomBytes(32)
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 })
  return key
}
