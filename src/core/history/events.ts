// The append-only event log of a transaction: one JSON object a line.
// History reads it, the live panel is a fold of it, and a later resume will
// replay its answers to the same calls in the same order.
import * as z from 'zod'
import { lazySchemas } from '../lazySchemas'
import { choiceSchema, componentSchema, divergenceSchema, errorInfoSchema, loadingSchema, redirectTargetSchema, tableRowsSchema, txTriggerSchema, userSchema } from '../protocol'

export const EVENT_VERSION = 1

// Built on first use (core/lazySchemas.ts).
export const { unattendedSchema, eventSchema } = lazySchemas(() => {
  const base = { v: z.literal(EVENT_VERSION), tx: z.string(), at: z.string() }

  /**
   * A run nobody is at (a schedule's): at its first prompt it fails ('fail') or
   * waits for its owner, queued in their Inbox ('queue'). `why` says why nobody is
   * there, for the failure's message: `it ran on its schedule "0 9 * * 1"`.
   */
  const unattendedSchema = z.object({ mode: z.enum(['fail', 'queue']), why: z.string().max(1000) })

  const eventSchema = z.discriminatedUnion('type', [
    z.object({
      ...base,
      type: z.literal('started'),
      action: z.object({
        slug: z.string(), name: z.string(), description: z.string().optional(), file: z.string(),
        /** An Interval Page's screen rather than an action: shown read-only, with no status of its own. */
        page: z.boolean().optional(),
      }),
      codeHash: z.string(),
      params: z.record(z.string(), z.unknown()),
      user: userSchema,
      /** The lease of the extension host that runs it (lease.ts): recovery leaves a live host's transactions alone. */
      hostId: z.string().optional(),
      /** Written before leases: read, never trusted (a pid is reused), so such a run counts as having no live host. */
      hostPid: z.number().int().optional(),
      /** A workflow run: its DAG (each step's journal position is WORKFLOW_SEQ + its index). */
      workflow: z.object({
        steps: z.array(z.object({
          id: z.string(), action: z.string().optional(), dependsOn: z.array(z.string()), maxAttempts: z.number().int().positive(),
          /** A human step: the id of the transaction its action runs as. */
          childTx: z.string().optional(),
        })),
      }).optional(),
      /** Started by a schedule or from an Inbox item (History marks it). */
      trigger: txTriggerSchema.optional(),
      /** Nobody is at it: kept here so a run resumed after a crash stays unattended (runtime/unattended.ts). */
      unattended: unattendedSchema.optional(),
    }),
    z.object({
      ...base, type: z.literal('render'), seq: z.number().int(), components: z.array(componentSchema), choices: z.array(choiceSchema).optional(),
      /** A hash of the components' props: replay compares it (journal.ts). */
      hash: z.string().optional(),
    }),
    z.object({ ...base, type: z.literal('display'), seq: z.number().int(), components: z.array(componentSchema), hash: z.string().optional() }),
    /** A shown component changed (a metadata value resolved): replaces component `index` of screen `seq`. */
    z.object({ ...base, type: z.literal('update'), seq: z.number().int(), index: z.number().int().nonnegative(), component: componentSchema }),
    /** The accepted answer: wire values (what the webview sent, after the host's checks) and the choice pressed. */
    z.object({
      ...base, type: z.literal('answer'), seq: z.number().int(), values: z.array(z.unknown()), choice: z.string().optional(),
      /** What the chosen rows of each io.select.table showed (values hold only their indexes): what History shows. */
      chosenRows: z.record(z.string(), tableRowsSchema).optional(),
      /** For each io.search field (by index): the query and position that produced each chosen result, so replay can find them again. */
      searched: z.record(z.string(), z.array(z.object({ query: z.string().nullable(), pos: z.number().int().nonnegative() }))).optional(),
      /** Who answered, when a server serves several people (absent in the extension and in older logs). */
      by: z.string().optional(),
    }),
    z.object({
      ...base,
      type: z.literal('invalid'),
      seq: z.number().int(),
      values: z.array(z.unknown()),
      errors: z.array(z.string().nullable()),
      formError: z.string().optional(),
    }),
    z.object({ ...base, type: z.literal('log'), message: z.string() }),
    z.object({ ...base, type: z.literal('loading'), state: loadingSchema.nullable() }),
    z.object({ ...base, type: z.literal('result'), value: z.unknown().optional() }),
    z.object({ ...base, type: z.literal('error'), error: errorInfoSchema }),
    /** `by`: the name of who canceled (absent in logs written before it was recorded). */
    z.object({ ...base, type: z.literal('canceled'), by: z.string().optional() }),
    /** ctx.redirect: the transaction ends and the target opens (a URL) or starts (a route). */
    z.object({ ...base, type: z.literal('redirected'), target: redirectTargetSchema }),
    z.object({ ...base, type: z.literal('interrupted'), reason: z.string() }),
    /**
     * A ctx.run step: `start` before each attempt (journaled before the step's code runs), `end` after it,
     * with its JSON value or its error; `final` when no attempt follows (success, a terminal error, or the last attempt).
     */
    z.object({
      ...base, type: z.literal('step'), seq: z.number().int(), name: z.string(), phase: z.enum(['start', 'end']), attempt: z.number().int().positive(),
      ok: z.boolean().optional(), value: z.unknown().optional(), error: errorInfoSchema.optional(), final: z.boolean().optional(),
    }),
    /**
     * ctx.now() and ctx.random(): replay returns the value journaled here. No value: the engine journaled it
     * itself (Restate's ctx.date.now and ctx.rand; server/restate/session.ts), and this marks its position.
     */
    z.object({ ...base, type: z.literal('recorded'), seq: z.number().int(), op: z.enum(['now', 'random']), value: z.number().optional() }),
    /** A window took the transaction over after the one running it went away, and replays it from here. */
    z.object({ ...base, type: z.literal('resumed'), hostId: z.string().optional(), codeHash: z.string() }),
    /** A workflow step that will not run: a step it depends on failed (skipped), or the run was canceled. */
    z.object({ ...base, type: z.literal('stepSkipped'), step: z.string(), status: z.enum(['skipped', 'canceled']), reason: z.string().optional() }),
    /** Replay met a different call than the journal holds at `seq`: the transaction stops rather than guess. */
    z.object({ ...base, type: z.literal('diverged'), divergence: divergenceSchema }),
  ])
  return { unattendedSchema, eventSchema }
})

export type Unattended = z.infer<typeof unattendedSchema>
export type TxEvent = z.infer<typeof eventSchema>
export type StartedEvent = Extract<TxEvent, { type: 'started' }>

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
/** An event before the store stamps it with version, transaction id and time. */
export type NewEvent = DistributiveOmit<TxEvent, 'v' | 'tx' | 'at'>

/** The events that end a transaction: nothing is logged after one. */
export const TERMINAL = new Set<TxEvent['type']>(['result', 'error', 'canceled', 'redirected', 'interrupted', 'diverged'])

/** Events that hold a journal position (`seq`): what replay walks. A run with more fails (JOURNAL_LIMIT). */
export const JOURNALED = new Set<TxEvent['type']>(['render', 'display', 'step', 'recorded'])
export const JOURNAL_LIMIT = 10_000
/** A workflow step's journal position is this plus its index: fixed, so parallel steps replay by step, not by the order they happened to start in. */
export const WORKFLOW_SEQ = 1_000_000
