// A transaction as a Restate workflow keyed by its id. `run` drives the same
// Transaction and worker as the embedded engine (session.ts); what it
// journals in Restate is:
//   - each batch of the transaction's events (screens, steps with their
//     results, ctx.now/random positions, logs, the end) as one `ctx.run`: on a
//     re-invocation those come back from Restate's journal without running,
//     and are the journal the new worker replays (durable/replay.ts), so an
//     answered screen is not asked again and a finished ctx.run step does not
//     run again;
//   - each ctx.now() as Restate's ctx.date.now() and each ctx.random() as
//     its ctx.rand (seeded by the invocation), taken when the batch holding
//     its position comes back, so a replay takes them in the same order;
//   - each answer as a durable promise `answer-<seq>-<attempt>` (attempt counts
//     the answers the action's validators refused), resolved by `answer`;
//     serve seals its values (seal.ts), so Restate holds no answer in clear.
// The sequence of Restate calls `run` makes depends only on what those calls
// returned, so Restate's replay of the handler always matches.
// Prompts are published as durable promises `wait-<n>` (the n-th time the
// transaction waits for a person, or its end), which `next` awaits: a
// client is pushed the next screen, never polls.
import * as restate from '@restatedev/restate-sdk'
import type { TxEvent } from '../../core/history/events'
import { applyEvent, toTxView, type TxRecord } from '../../core/history/record'
import { isFinished, type TxView } from '../../core/protocol'
import { Clock, fold, Session, type SessionHost, type StartInput } from './session'
import type { Sealer } from './seal'
import { answerQuery, needsCode, type Query, type QueryAnswer } from './query'
import { JOURNAL_RUN, QUEUE_OBJECT, SINGLETON_OBJECT, TX_WORKFLOW } from './names'
import { QUEUE_KEY } from './queue'

export { TX_WORKFLOW }

/**
 * An answer as the panel sends it: its values in clear, or `sealed` by serve
 * (seal.ts: Restate's journal and the durable promise hold only ciphertext).
 */
export interface AnswerInput {
  seq: number
  values?: unknown[]
  sealed?: string
  choice?: string
  /** Who answered, as History names them. */
  by?: string
}

/** An answer with its values opened (in memory only). */
interface OpenAnswer {
  seq: number
  values: unknown[]
  choice?: string
  by?: string
}

/** What `next` gives an action's transaction: the screen it waits on, or how it ended. */
export type Waiting =
  | { n: number; seq: number; attempt: number; view: TxView }
  | { n: number; ended: TxView['status']; view: TxView }

/** What `next` gives: a Waiting, or another change a page shows (an answer taken and the action running on; a workflow's graph). */
export type Published = Waiting | { n: number; changed: true; view: TxView }

/** The screen awaiting an answer in the record, with its attempt. */
interface Asking {
  seq: number
  attempt: number
}

/** The `asking` state: that screen, and what an answer to it must look like. */
interface AskingState extends Asking {
  n: number
  fields: number
  choices?: string[]
  identity?: boolean
  /** The screen needs the action's code live (needsCode): the wake promise a query resolves is wake-<seq>-<attempt>-<wake>. */
  wake?: number
}

/** How long a query waits for the live session and its answer. */
const QUERY_MS = 30_000

/** Restate's default retention of an ended workflow. */
const DAY = 24 * 60 * 60_000

export function txWorkflow(host: SessionHost) {
  return restate.workflow({
    name: TX_WORKFLOW,
    options: {
      // Waiting for a person this long, the invocation suspends and its worker is released (session.ts).
      inactivityTimeout: host.idleMs ?? 60_000,
      // Plain code or a ctx.run step may run this long between two journal writes before Restate aborts the attempt.
      abortTimeout: 60 * 60_000,
      // An ended transaction's state (History's list) and its journal (a run's detail, admin.ts) are kept as long as each other.
      workflowRetention: host.retentionMs ?? DAY,
      journalRetention: host.retentionMs ?? DAY,
    },
    handlers: {
      run: async (ctx: restate.WorkflowContext, input: StartInput): Promise<TxView> => {
        const id = ctx.key
        const events: TxEvent[] = []
        let record: TxRecord | undefined
        /** Refused answers per screen: the attempt of the next one. */
        const refused = new Map<number, number>()
        /** An answer Restate returned whose outcome (answer or invalid event) is not journaled yet. */
        let unconsumed: (OpenAnswer & { attempt: number }) | undefined
        /** Each screen's last answer, opened: what replay gives a sensitive field the batches mask (session.ts). */
        const answers = new Map<number, unknown[]>()
        let session: Session | undefined
        let waits = 0
        let canceledBy: string | undefined
        const clock = new Clock()

        const add = (batch: TxEvent[]) => {
          for (const e of batch) {
            events.push(e)
            record = record ? applyEvent(record, e) : fold([e])
            if (e.type === 'invalid') refused.set(e.seq, (refused.get(e.seq) ?? 0) + 1)
            if ((e.type === 'answer' || e.type === 'invalid') && unconsumed?.seq === e.seq) unconsumed = undefined
          }
        }
        /** The live session; started (replaying the journal so far) the first time Restate runs a closure rather than replaying it. */
        const live = async (): Promise<Session> => {
          if (!session) {
            const s = await Session.open(id, events, host, input, clock, answers)
            // Failing (its files could not be read), the ctx.run is retried and opens the same session again.
            if (unconsumed) await s.submit(unconsumed)
            session = s
            const attempt = ctx.request().attemptCompletedSignal
            if (attempt.aborted) s.release(host)
            else attempt.addEventListener('abort', () => s.release(host), { once: true })
            if (canceledBy !== undefined) s.tx.cancel(canceledBy || undefined)
          }
          return session
        }
        /** An answer for the live session's worker, given in the next ctx.run: reading its files there, a failure is retried. */
        let deliver: OpenAnswer | undefined
        let lastStatus: TxView['status'] | undefined
        const publish = (w: Published) => {
          // Where the transaction stands, for `view` and History (Restate's state, which its SQL API lists too),
          // and the last thing published, so a page joining now follows from there (`where`).
          ctx.set('view', w.view)
          ctx.set('published', w.n)
          lastStatus = w.view.status
          return ctx.promise<Published>(`wait-${w.n}`).resolve(w)
        }

        /** The screen last published, and how often a query woke the run while it waited there (wake-<seq>-<attempt>-<k>). */
        let shown: Asking | undefined
        let wakes = 0
        /** The workflow graph last published (a workflow run). */
        let lastGraph: string | undefined
        /** A query woke the run: the next batch opens the live session and takes what is there, waiting for nothing. */
        let woken = false

        for (;;) {
          let batch: TxEvent[]
          try {
            batch = await ctx.run(JOURNAL_RUN, async () => {
              const s = await live()
              if (deliver) {
                await s.submit(deliver)
                deliver = undefined
              }
              if (!woken) return s.log.take()
              // Held open (a run in progress is not suspended) until the query that woke it is answered.
              await s.settled(QUERY_MS)
              return s.log.takeNow()
            })
            woken = false
          } catch (e) {
            // Restate's cancellation: the transaction is canceled as the embedded engine cancels it (the
            // worker's pending io call rejects, its finally blocks run), and its end is journaled.
            if (!(e instanceof restate.CancelledError)) throw e
            canceledBy = ''
            if (session) session.tx.cancel()
            continue
          }
          session?.log.committed(batch.length)
          const first = !record
          add(batch)
          // ctx.now/ctx.random asked in this batch: Restate's own, in order (the batches replay the same, so these calls do too).
          for (const e of batch) {
            if (e.type !== 'recorded' || e.value !== undefined) continue
            try {
              clock.set(e.seq, e.op === 'now' ? await ctx.date.now() : ctx.rand.random())
            } catch (err) {
              if (!(err instanceof restate.CancelledError)) throw err
              canceledBy = ''
              if (session) session.tx.cancel()
            }
          }
          if (!record) throw new restate.TerminalError(`transaction ${id} has no start event`)
          // Listed in History from its start (its view is set again at each screen and at its end).
          if (first) ctx.set('view', toTxView(record))
          if (isFinished(record.status)) {
            // A singleton's lock (singleton.ts), taken by the server before it started this transaction.
            if (input.lock) ctx.genericSend({ service: SINGLETON_OBJECT, method: 'release', key: input.lock, parameter: { tx: id }, inputSerde: restate.serde.json })
            const view = toTxView(record)
            // A run opened from an Inbox, or a scheduled one its owner may have been asked into: its item (if any) is done.
            if (input.trigger || input.unattended?.mode === 'queue') {
              ctx.genericSend({ service: QUEUE_OBJECT, method: 'finishRun', key: QUEUE_KEY, parameter: { runId: id, outcome: view.status }, inputSerde: restate.serde.json })
            }
            // A workflow's steps still waiting in an Inbox go with it.
            if (record.workflow) ctx.genericSend({ service: QUEUE_OBJECT, method: 'withdrawSteps', key: QUEUE_KEY, parameter: { tx: id }, inputSerde: restate.serde.json })
            // A schedule's notification, sent once (a replay of the handler finds the step done). The step is there
            // whatever this endpoint's hooks: its journal must replay the same on every endpoint.
            if (input.notify) await ctx.run('ended', async () => void (await host.onEnded?.(id, input, view)))
            // Nothing is asked any more: a late answer is refused.
            ctx.clear('asking')
            await publish({ n: waits, ended: view.status, view })
            return view
          }
          // Shown live as a screen is: an answer taken with the action going on (a step, say) before its next
          // screen, and each change of a workflow's graph.
          const graph = record.workflow ? JSON.stringify(record.workflow) : undefined
          if ((record.status === 'running' && lastStatus === 'awaiting') || graph !== lastGraph) await publish({ n: waits++, changed: true, view: toTxView(record) })
          lastGraph = graph
          const asking = askingFor(record, refused, unconsumed)
          if (!asking) continue
          const again = shown?.seq === asking.seq && shown.attempt === asking.attempt
          if (!again) wakes = 0
          // What `answer` checks an answer against: the screen, its field count and its choices; and what wakes the run.
          const prompt = record.prompt!
          ctx.set('asking', {
            ...asking, n: again ? waits - 1 : waits, fields: prompt.components.length,
            ...(prompt.choices ? { choices: prompt.choices.map((c) => c.value) } : {}),
            ...(prompt.components.some((c) => c.method === 'CONFIRM_IDENTITY') ? { identity: true } : {}),
            ...(needsCode(record) ? { wake: wakes } : {}),
          })
          // Shown once: a query that woke the run (below) brings it back to the same screen.
          if (!again) await publish({ n: waits++, ...asking, view: toTxView(record) })
          shown = asking
          let answer: AnswerInput
          try {
            const answered = ctx.promise<AnswerInput>(`answer-${asking.seq}-${asking.attempt}`).get()
            if (!needsCode(record)) answer = await answered
            else {
              // An io.search or a getData table needs the action's code live; once Restate suspended the run (its worker
              // released), a query (`query`) wakes it so the worker replays here again.
              const woke = ctx.promise<null>(`wake-${asking.seq}-${asking.attempt}-${wakes}`).get()
              const rethrow = (f: unknown) => {
                if (f) throw f
              }
              const first = await restate.RestatePromise.race([
                answered.map((a, f) => (rethrow(f), { a })),
                woke.map((_, f) => (rethrow(f), { a: undefined })),
              ])
              if (!first.a) {
                wakes++
                woken = true
                continue
              }
              answer = first.a
            }
          } catch (e) {
            if (!(e instanceof restate.CancelledError)) throw e
            canceledBy = ''
            if (session) session.tx.cancel()
            continue
          }
          const opened = openAnswer(answer, host.sealer)
          if (!opened.ok) throw new Error(opened.error) // retried: another endpoint may hold the key
          answers.set(opened.answer.seq, opened.answer.values)
          unconsumed = { ...opened.answer, attempt: asking.attempt }
          if (session) deliver = opened.answer
        }
      },

      /** Answers the screen the transaction waits on; refused (TerminalError) when it waits on another or the answer's shape is wrong. */
      answer: async (ctx: restate.WorkflowSharedContext, answer: AnswerInput): Promise<void> => {
        const asking = await ctx.get<AskingState>('asking')
        const opened = openAnswer(answer, host.sealer)
        if (!opened.ok) throw new restate.TerminalError(opened.error)
        const { values } = opened.answer
        if (!asking || asking.seq !== answer.seq) throw new restate.TerminalError(`Transaction ${ctx.key} is not waiting on screen ${answer.seq}.`)
        // Refused here, not after: an answer the Transaction ignores would leave the run waiting on a resolved promise.
        if (values.length !== asking.fields) throw new restate.TerminalError(`Screen ${answer.seq} has ${asking.fields} field(s); the answer has ${values.length} value(s).`)
        if (asking.choices ? !asking.choices.includes(answer.choice ?? '') : answer.choice !== undefined) {
          throw new restate.TerminalError(`Screen ${answer.seq} ${asking.choices ? `takes one of the choices ${asking.choices.map((c) => JSON.stringify(c)).join(', ')}` : 'has no choices'}.`)
        }
        if (asking.identity) throw new restate.TerminalError('io.confirmIdentity is answered by the host (VS Code), which the Restate engine does not do yet.')
        // A sealed answer stays sealed in the promise: only an endpoint opens it, in memory.
        const held = answer.sealed !== undefined ? { sealed: answer.sealed } : { values }
        await ctx.promise<AnswerInput>(`answer-${asking.seq}-${asking.attempt}`).resolve({
          seq: answer.seq, ...held, ...(answer.choice !== undefined ? { choice: answer.choice } : {}), ...(opened.answer.by ? { by: opened.answer.by } : {}),
        })
      },

      /**
       * A page's search or table page: the action's code answers it in the live session (query.ts). Not live in
       * this process (Restate suspended the run at its prompt), the run is woken so it is; refused (TerminalError)
       * when the transaction asks nothing that needs its code.
       */
      query: async (ctx: restate.WorkflowSharedContext, q: Query): Promise<QueryAnswer> => {
        const asking = await ctx.get<AskingState>('asking')
        if (!asking || asking.wake === undefined) throw new restate.TerminalError(`Transaction ${ctx.key} shows no io.search or getData table now.`)
        if (q?.type === 'search' ? q.seq !== asking.seq : q?.type !== 'tableQuery') throw new restate.TerminalError(`Transaction ${ctx.key} does not show that search now.`)
        let s = Session.running(ctx.key)
        if (!s) {
          // The run, woken, opens its session in this process (the one Restate sends this deployment's calls to).
          await ctx.promise<null>(`wake-${asking.seq}-${asking.attempt}-${asking.wake}`).resolve(null).catch(() => undefined)
          s = await Session.whenRunning(ctx.key, QUERY_MS)
        }
        if (!s) throw new restate.TerminalError(`Transaction ${ctx.key} is not running in this process; try again.`)
        try {
          const live = s
          return await live.query(() => answerQuery(live.tx, asking.seq, q, QUERY_MS, live.released.signal))
        } catch (e) {
          throw new restate.TerminalError((e as Error).message)
        }
      },

      /** Where the transaction stands and the last `next` it published (-1: none yet), for a page that joins now. */
      where: async (ctx: restate.WorkflowSharedContext): Promise<{ n: number; view: TxView | null }> => ({
        n: (await ctx.get<number>('published')) ?? -1,
        view: (await ctx.get<TxView>('view')) ?? null,
      }),

      /** Where the transaction stands: the screen it waits on or its end (undefined before its first screen). */
      view: async (ctx: restate.WorkflowSharedContext): Promise<TxView | null> => (await ctx.get<TxView>('view')) ?? null,

      /** The n-th screen the transaction waits on (0 first), or its end: resolves when it is there. */
      next: async (ctx: restate.WorkflowSharedContext, input: { n: number }): Promise<Published> => {
        const n = Number(input?.n ?? 0)
        if (!Number.isInteger(n) || n < 0) throw new restate.TerminalError('next takes { n }, a whole number.')
        return ctx.promise<Published>(`wait-${n}`).get()
      },
    },
  })
}

/** An answer's values, opened if sealed; or why it cannot be taken. */
function openAnswer(a: AnswerInput, sealer: Sealer | undefined): { ok: true; answer: OpenAnswer } | { ok: false; error: string } {
  if (!a || typeof a !== 'object' || typeof a.seq !== 'number' || (a.choice !== undefined && typeof a.choice !== 'string') || (a.by !== undefined && typeof a.by !== 'string')) {
    return { ok: false, error: 'An answer is { seq, values | sealed, choice?, by? }.' }
  }
  let values = a.values
  if (typeof a.sealed === 'string') {
    if (!sealer) return { ok: false, error: 'This endpoint takes no sealed answers (it has no answer key).' }
    try {
      values = sealer.open(a.sealed)
    } catch {
      return { ok: false, error: 'The answer was sealed with another key: every serve behind one Restate needs the same MINI_INTERVAL_ANSWER_KEY.' }
    }
  }
  if (!Array.isArray(values)) return { ok: false, error: 'An answer is { seq, values | sealed, choice?, by? }.' }
  return { ok: true, answer: { seq: a.seq, values, ...(a.choice !== undefined ? { choice: a.choice } : {}), ...(a.by ? { by: a.by.slice(0, 500) } : {}) } }
}

/**
 * The screen the transaction waits for a person on, if any: it shows one, and
 * no answer to this attempt is on its way to the worker. A screen with an
 * unanswered io.confirmIdentity is answered by the host, which Restate's engine
 * does not do yet: the run waits for its answer like any other.
 */
function askingFor(record: TxRecord, refused: Map<number, number>, unconsumed: { seq: number; attempt: number } | undefined): Asking | undefined {
  if (record.status !== 'awaiting' || !record.prompt) return undefined
  const seq = record.prompt.seq
  const attempt = refused.get(seq) ?? 0
  if (unconsumed?.seq === seq && unconsumed.attempt === attempt) return undefined
  return { seq, attempt }
}
