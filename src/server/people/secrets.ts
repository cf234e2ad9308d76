// Sign-in links and session tokens: `<person id>.<32 random bytes>`. Only a
// SHA-256 of each is stored (a 256-bit random secret needs no slow hash); the
// id in front lets sign-in attempts be limited per person.
import { createHash, randomBytes } from 'node:crypto'

export interface Secret {
  /** What the person gets (a link carries it, a client sends it). */
  value: string
  /** What the store keeps. */
  hash: string
}

export function newSecret(personId: string): Secret {
  const value = `${personId}.${randomBytes(32).toString('base64url')}`
  return { value, hash: hashSecret(value) }
}

export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

const SHAPE = /^([a-z0-9]{8,32})\.[A-Za-z0-9_-]{43}$/

/** The person id a well-formed secret names (for rate limits); undefined for anything else. */
export function personOfSecret(value: string): string | undefined {
  return SHAPE.exec(value)?.[1]
}
