// Uploaded files on Restate. As on the embedded engine, a file's bytes are
// kept once, apart from the answer, and the journal keeps a reference
// (`{ name, type, size, lastModified, blob }`, core/runtime/answerLog.ts); a
// replay reads the bytes back (core/durable/restore.ts). Here they are kept in
// Restate, where every serve behind it reads them: a virtual object holding
// the file in chunks (about 512 KB sealed: Restate's message limit is 32 MiB,
// and it warns from 10 MiB), each sealed with the answer key (seal.ts), as
// files are answers. serve uploads them before it sends the answer, so the
// answer (its durable promise, journaled) holds references, not bytes.
import { createHash } from 'node:crypto'
import * as restate from '@restatedev/restate-sdk'
import type { Sealer } from './seal'
import { BLOB_OBJECT } from './names'

/** Bytes per chunk: sealed (base64), about 512 KB. */
export const CHUNK_BYTES = 384 * 1024

/**
 * A blob's reference: its sha256, keyed (HMAC) with the answer key when there is one, so neither Restate's state
 * nor the journal tells which known file someone uploaded.
 */
export function blobRef(bytes: Uint8Array, sealer: Sealer | undefined): string {
  const sha = createHash('sha256').update(bytes).digest('hex')
  return sealer ? sealer.digest(`blob:${sha}`) : sha
}

const REF = /^[0-9a-f]{32}$|^[0-9a-f]{64}$/

/** How long a blob is kept after it was last uploaded or read: as long as History keeps runs by default (90 days). */
export const KEEP_MS = 90 * 24 * 60 * 60_000

/**
 * One chunk per key (`<ref>-<i>`): Restate sends an object's whole state with each call to it (eager state), so
 * a blob kept under one key would cost a call as many bytes as the file, and reading it chunk by chunk its square.
 * A chunk is dropped `keepMs` after it was last uploaded or read (a replay reads it), as the embedded engine prunes
 * blobs untouched for its retention; a run replayed after that asks for the file again.
 */
export function blobObject(keepMs = KEEP_MS) {
  const keep = async (ctx: restate.ObjectContext) => {
    const first = (await ctx.get<number>('until')) === null
    ctx.set('until', (await ctx.date.now()) + keepMs)
    if (first) ctx.genericSend({ service: BLOB_OBJECT, method: 'expire', key: ctx.key, parameter: null, inputSerde: restate.serde.json, delay: keepMs })
  }
  return restate.object({
    name: BLOB_OBJECT,
    handlers: {
      /** Keeps the chunk, one of `n`; written once: the same blob uploaded again (or a retry) leaves it as it is. */
      put: async (ctx: restate.ObjectContext, req: { n: number; chunk: string }): Promise<void> => {
        if (!req || !Number.isInteger(req.n) || req.n < 1 || typeof req.chunk !== 'string') throw new restate.TerminalError('put takes { n, chunk }.')
        if ((await ctx.get<string>('chunk')) === null) {
          ctx.set('chunk', req.chunk)
          ctx.set('n', req.n)
        }
        await keep(ctx)
      },
      /** The chunk and how many the blob has (null: not kept); kept `keepMs` longer. */
      get: async (ctx: restate.ObjectContext): Promise<{ n: number; chunk: string | null }> => {
        const chunk = (await ctx.get<string>('chunk')) ?? null
        if (chunk !== null) await keep(ctx)
        return { n: (await ctx.get<number>('n')) ?? 0, chunk }
      },
      /** Drops the chunk if it was not touched for `keepMs`, else looks again when it may be. */
      expire: async (ctx: restate.ObjectContext): Promise<void> => {
        const left = ((await ctx.get<number>('until')) ?? 0) - (await ctx.date.now())
        if (left <= 0) return ctx.clearAll()
        ctx.genericSend({ service: BLOB_OBJECT, method: 'expire', key: ctx.key, parameter: null, inputSerde: restate.serde.json, delay: left })
      },
    },
  })
}

async function call<T>(ingress: string, ref: string, i: number, handler: string, body: unknown): Promise<T> {
  if (!REF.test(ref)) throw new Error(`Invalid blob reference "${ref}"`)
  const url = `${ingress.replace(/\/$/, '')}/${BLOB_OBJECT}/${ref}-${i}/${handler}`
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(60_000) })
  if (!r.ok) throw new Error(`Restate could not ${handler} an uploaded file: ${r.status} ${(await r.text()).slice(0, 500)}`)
  return (await r.json().catch(() => undefined)) as T
}

const seal = (bytes: Uint8Array, sealer: Sealer | undefined) => (sealer ? sealer.sealBytes(bytes) : Buffer.from(bytes).toString('base64'))
const open = (chunk: string, sealer: Sealer | undefined) => (sealer ? sealer.openBytes(chunk) : Buffer.from(chunk, 'base64'))

/** Keeps `bytes` in Restate and returns their reference. */
export async function putBlob(ingress: string, bytes: Uint8Array, sealer: Sealer | undefined): Promise<string> {
  const ref = blobRef(bytes, sealer)
  const n = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES))
  for (let i = 0; i < n; i++) await call(ingress, ref, i, 'put', { n, chunk: seal(bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES), sealer) })
  return ref
}

/** The bytes of blob `ref`, or undefined if Restate does not hold all of them; throws if they are not what `ref` names. */
export async function readBlob(ingress: string, ref: string, sealer: Sealer | undefined): Promise<Buffer | undefined> {
  const parts: Buffer[] = []
  for (let i = 0, n = 1; i < n; i++) {
    const got = await call<{ n: number; chunk: string | null }>(ingress, ref, i, 'get', null)
    if (got.chunk === null) return undefined
    if (i === 0) n = got.n
    parts.push(open(got.chunk, sealer))
  }
  const bytes = Buffer.concat(parts)
  if (blobRef(bytes, sealer) !== ref) throw new Error(`The uploaded file ${ref} in Restate is not the one its reference names.`)
  return bytes
}

/** Applies `f` to each file among a screen's answer values (an io.input.file's, or each of a .multiple()'s), in order. */
export async function mapFiles(components: readonly { method: string }[], values: unknown[], f: (file: Record<string, unknown>) => Promise<unknown>): Promise<unknown[]> {
  const one = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? f(v as Record<string, unknown>) : Promise.resolve(v))
  const out: unknown[] = []
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (components[i]?.method !== 'INPUT_FILE') out.push(v)
    else if (Array.isArray(v)) {
      const files: unknown[] = []
      for (const x of v) files.push(await one(x))
      out.push(files)
    } else out.push(await one(v))
  }
  return out
}
