// The people of a `serve` data folder, their sign-in links and sessions, in one
// file (people.json, 0600) that the `users` commands and a running serve both
// change: each change takes a lock file, reads the file afresh, and replaces it
// with a rename, so a reader never sees half a file. A serve re-reads it when
// it changed (a stat per request, and a watcher for open event streams), so a
// person removed on the command line is signed out at once.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, watch, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import * as z from 'zod'
import { hashSecret, newSecret } from './secrets'

export const ROLES = ['admin', 'developer', 'member', 'auditor'] as const
export type Role = (typeof ROLES)[number]

const personSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.enum(ROLES),
  teams: z.array(z.string()),
  addedAt: z.string(),
})
export type Person = z.infer<typeof personSchema>

const grantSchema = z.object({ hash: z.string(), person: z.string(), expiresAt: z.number() })
const fileSchema = z.object({
  version: z.literal(1),
  people: z.array(personSchema),
  /** One-time sign-in links (hashes). */
  links: z.array(grantSchema),
  /** Signed-in browsers and VS Code windows (hashes). */
  sessions: z.array(grantSchema),
})
type PeopleFile = z.infer<typeof fileSchema>

export const LINK_TTL_MS = 24 * 3600_000
export const SESSION_TTL_MS = 7 * 24 * 3600_000

/** A refusal the `users` command or the People page shows as it is. */
export class PeopleError extends Error {}

export interface NewPerson {
  email: string
  role: Role
  teams?: string[]
  /** "First Last"; default: the part of the email before @. */
  name?: string
}

export class PeopleStore {
  readonly file: string
  private cache?: { key: string; data: PeopleFile }

  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.file = join(dir, 'people.json')
  }

  list(): Person[] {
    return this.read().people
  }

  find(email: string): Person | undefined {
    const e = normalEmail(email)
    return this.read().people.find((p) => p.email === e)
  }

  /** The shared token is a bootstrap: it opens the server only until someone can manage it. */
  hasAdmin(): boolean {
    return this.read().people.some((p) => p.role === 'admin')
  }

  add(p: NewPerson, linkTtlMs = LINK_TTL_MS): { person: Person; link: string } {
    const email = normalEmail(p.email)
    if (!EMAIL.test(email)) throw new PeopleError(`"${p.email}" is not an email address.`)
    if (!ROLES.includes(p.role)) throw new PeopleError(`The role must be one of ${ROLES.join(', ')}.`)
    const [firstName = '', ...rest] = (p.name?.trim() || email.split('@')[0]!).split(/\s+/)
    const person: Person = { id: randomBytes(8).toString('hex'), email, firstName, lastName: rest.join(' '), role: p.role, teams: cleanTeams(p.teams), addedAt: new Date(this.now()).toISOString() }
    return this.update((d) => {
      if (d.people.some((x) => x.email === email)) throw new PeopleError(`${email} is already a person here: use users set-role, or users link for a new sign-in link.`)
      d.people.push(person)
      return { person, link: this.grant(d.links, person, linkTtlMs) }
    })
  }

  setRole(email: string, role: Role, teams?: string[]): Person {
    if (!ROLES.includes(role)) throw new PeopleError(`The role must be one of ${ROLES.join(', ')}.`)
    return this.update((d) => {
      const p = mustFind(d, email)
      p.role = role
      if (teams) p.teams = cleanTeams(teams)
      return { ...p }
    })
  }

  /** Removes a person with every link and session they have: they are signed out at once. */
  remove(email: string): Person {
    return this.update((d) => {
      const p = mustFind(d, email)
      d.people = d.people.filter((x) => x !== p)
      d.links = d.links.filter((l) => l.person !== p.id)
      d.sessions = d.sessions.filter((s) => s.person !== p.id)
      return p
    })
  }

  /** A new one-time sign-in link's secret; links given before stay valid until used or expired. */
  link(email: string, ttlMs = LINK_TTL_MS): string {
    return this.update((d) => this.grant(d.links, mustFind(d, email), ttlMs))
  }

  /** Uses a link once: a session for its person, or undefined (unknown, used or expired). */
  redeem(linkSecret: string, sessionTtlMs = SESSION_TTL_MS): { person: Person; session: string; expiresAt: number } | undefined {
    const hash = hashSecret(linkSecret)
    if (!this.read().links.some((l) => l.hash === hash)) return undefined // most guesses: no lock, no write
    return this.update((d) => {
      const link = d.links.find((l) => l.hash === hash)
      if (!link) return undefined
      d.links = d.links.filter((l) => l !== link)
      const person = d.people.find((p) => p.id === link.person)
      if (!person || link.expiresAt <= this.now()) return undefined
      const expiresAt = this.now() + sessionTtlMs
      const session = newSecret(person.id)
      d.sessions.push({ hash: session.hash, person: person.id, expiresAt })
      return { person, session: session.value, expiresAt }
    })
  }

  /** The person a session token belongs to, while it lasts. */
  session(token: string): { person: Person; hash: string; expiresAt: number } | undefined {
    const hash = hashSecret(token)
    return this.sessionByHash(hash)
  }

  /** A session known by its hash (what the server keeps for an open event stream). */
  sessionByHash(hash: string): { person: Person; hash: string; expiresAt: number } | undefined {
    const d = this.read()
    const s = d.sessions.find((x) => x.hash === hash)
    if (!s || s.expiresAt <= this.now()) return undefined
    const person = d.people.find((p) => p.id === s.person)
    return person && { person, hash, expiresAt: s.expiresAt }
  }

  /** Sign-out. */
  endSession(token: string): void {
    const hash = hashSecret(token)
    if (!this.read().sessions.some((s) => s.hash === hash)) return
    this.update((d) => void (d.sessions = d.sessions.filter((s) => s.hash !== hash)))
  }

  /** Calls `f` when the file changes (another process, or this one). */
  watch(f: () => void): () => void {
    mkdirSync(this.dir, { recursive: true })
    const w = watch(this.dir, (_e, name) => {
      if (name === null || String(name) === 'people.json') f()
    })
    w.on('error', () => void 0)
    return () => w.close()
  }

  private grant(links: PeopleFile['links'], person: Person, ttlMs: number): string {
    const s = newSecret(person.id)
    links.push({ hash: s.hash, person: person.id, expiresAt: this.now() + ttlMs })
    return s.value
  }

  /** The file as it is now: parsed again only when it changed. */
  private read(): PeopleFile {
    let key: string
    try {
      const st = statSync(this.file, { bigint: true })
      key = `${st.ino}:${st.mtimeNs}:${st.size}`
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, people: [], links: [], sessions: [] }
      throw e
    }
    if (this.cache?.key === key) return this.cache.data
    const data = parseFile(readFileSync(this.file, 'utf8'), this.file)
    this.cache = { key, data }
    return data
  }

  private update<T>(f: (d: PeopleFile) => T): T {
    mkdirSync(this.dir, { recursive: true })
    const release = lockFile(`${this.file}.lock`)
    try {
      this.cache = undefined
      const d = structuredClone(this.read())
      const out = f(d)
      const now = this.now()
      d.links = d.links.filter((l) => l.expiresAt > now)
      d.sessions = d.sessions.filter((s) => s.expiresAt > now)
      const tmp = `${this.file}.${process.pid}.tmp`
      writeFileSync(tmp, `${JSON.stringify(d, null, 1)}\n`, { mode: 0o600 })
      renameSync(tmp, this.file)
      return out
    } finally {
      release()
    }
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+$/

function normalEmail(email: string): string {
  return email.trim().toLowerCase()
}

function cleanTeams(teams: string[] | undefined): string[] {
  return [...new Set((teams ?? []).map((t) => t.trim()).filter(Boolean))]
}

function mustFind(d: PeopleFile, email: string): Person {
  const p = d.people.find((x) => x.email === normalEmail(email))
  if (!p) throw new PeopleError(`No person ${normalEmail(email)} here (users list shows who is).`)
  return p
}

function parseFile(text: string, file: string): PeopleFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new PeopleError(`${file} is not JSON: fix or remove it.`)
  }
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) throw new PeopleError(`${file} is not a people file of this version: ${parsed.error.issues[0]?.message}`)
  return parsed.data
}

/** An exclusive lock file; one left by a process that died is taken over after 10 s. */
function lockFile(path: string): () => void {
  const deadline = Date.now() + 5000
  for (;;) {
    try {
      closeSync(openSync(path, 'wx', 0o600))
      return () => {
        try {
          unlinkSync(path)
        } catch {
          // already gone
        }
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      try {
        if (Date.now() - statSync(path).mtimeMs > 10_000) unlinkSync(path)
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline) throw new PeopleError(`${path} is held by another process: try again.`)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
    }
  }
}
