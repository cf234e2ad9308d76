// Entry of the worker thread that runs one action. Workspace code runs here,
// never on the extension host's thread, so a spinning action blocks nothing
// and can be terminated.
import Module from 'node:module'
import { dirname } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { SDK_MODULES } from '../../sdk/modules'
import { readEntry } from '../routes/entry'
import { renderPage } from '../routes/layout'
import type { IntervalConfig } from '../routes/app'
import { createCtx } from './ctx'
import { normalizeAction, type ActionConfig } from './definition'
import { readSchedules, type ScheduleMode, type ScheduleSpec } from '../schedules/spec'
import { readAccess } from '../protocol/access'
import { IOError } from './errors'
import { createIO } from './io'
import { WorkerChannel } from './channel'
import { LogPipe } from './logPipe'
import { memoryLimitError, watchOwnMemory } from './memoryWatch'
import { guardedPost } from './post'
import { errorInfo, toJsonSafe } from './serialize'
import { framesOf } from './stack'
import { setCurrent } from './current'
import { Replay } from '../durable/replay'
import { durableCalls } from '../durable/steps'
import { askClock } from '../durable/hostClock'
import { runWorkflow, type WorkflowHost } from '../workflows/run'
import type { HostToWorker, WorkerData, WorkerToHost } from './workerMessages'
import type { PooledStart } from './workerPool'
import { saveCodeCache } from './codeCache'

process.setSourceMapsEnabled(true)
/** What to run: the workerData, or (a pooled worker, workerPool.ts) the first message on the pool's port. */
let data: WorkerData
const send = guardedPost((m) => parentPort!.postMessage(m))
/** A resumed run re-walks what it did: the log lines it wrote then are not written twice. */
let logsToSkip = 0
const logs = new LogPipe((messages) => {
  if (logsToSkip > 0) {
    const skipped = Math.min(logsToSkip, messages.length)
    logsToSkip -= skipped
    messages = messages.slice(skipped)
  }
  if (messages.length) send({ type: 'log', messages })
})
/** Messages that end the transaction: unfinished console lines go first. */
const LAST = new Set<WorkerToHost['type']>(['result', 'error', 'canceled', 'meta', 'routes', 'needsRoutesDirectory', 'diverged', 'singletonKey'])
/** Every message leaves after the log lines written before it, so the host sees them in order. */
/** Set once an answer was accepted: the next screen means the common path has run, and the code cache is saved while it waits (codeCache.ts). */
let answered = false
const post = (m: WorkerToHost): void => {
  if (LAST.has(m.type)) logs.end()
  else logs.flush()
  send(m)
  if (m.type === 'accepted') answered = true
  // (Not at the result: the host stops the thread then.)
  else if (answered && m.type === 'render') saveCodeCache()
}
logs.capture('stdout', process.stdout)
logs.capture('stderr', process.stderr)

/** Stacks name the action's files, not this bundle's, its boot's (workerBoot.ts) nor Node's frames. */
const describe = (e: unknown) => errorInfo(e, framesOf([__filename, ...(require.main ? [require.main.filename] : [])]))

type InternalModule = Module & {
  _compile(code: string, filename: string): void
  paths: string[]
}

/** Evaluates a compiled bundle as a CommonJS module; the SDK's package names resolve to our runtime. */
function loadModule(code: string, bundleFile: string): unknown {
  const mod = new Module(bundleFile) as InternalModule
  mod.filename = bundleFile
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(bundleFile))
  const requireFromFile = mod.require.bind(mod)
  mod.require = Object.assign((id: string) => (SDK_MODULES.has(id) ? SDK_MODULES.get(id) : requireFromFile(id)), requireFromFile) as NodeJS.Require
  mod._compile(code, bundleFile)
  return mod.exports
}

/** The action to run (or describe), from an action file's default export or an entry file's route. */
async function findAction(): Promise<{ action: ActionConfig; app?: IntervalConfig; definition?: unknown; stepFunctions?: Record<string, unknown> } | undefined> {
  let exported: unknown
  try {
    exported = loadModule(data.code, data.bundleFile)
  } catch (e) {
    return void post({ type: 'error', error: describe(e) })
  }
  // A workflow: its handler is made in run(), which has the durable calls; the module holds its step functions.
  if (data.workflow) return { action: { name: data.workflow.definition.name, handler: () => undefined }, stepFunctions: (exported ?? {}) as Record<string, unknown> }
  if (!data.interval) {
    const found = normalizeAction(exported)
    if (!found.ok) return void post({ type: 'error', error: { name: 'InvalidAction', message: found.error } })
    return { action: found.action }
  }
  // Routes added right after the constructor (`interval.routes.add`) count, as they did before Interval's listen().
  await new Promise((r) => setImmediate(r))
  let read: ReturnType<typeof readEntry>
  try {
    read = readEntry(data.bundleFile, data.interval, loadModule)
  } catch (e) {
    return void post({ type: 'error', error: describe(e) })
  }
  if (read.kind === 'error') return void post({ type: 'error', error: { name: 'InvalidInterval', message: read.message } })
  if (read.kind === 'needsDirectory') return void post({ type: 'needsRoutesDirectory', dir: read.dir })
  if (data.mode === 'inspect') return void post({ type: 'routes', routes: read.table.routes, routesDirectory: read.dir })
  const route = data.interval.route ?? ''
  const handler = read.table.handlers.get(route)
  const page = read.table.pages.get(route)
  // A page with a handler opens as a read-only screen of its Layout.
  if (!handler && page?.handler) {
    // Interval's page ctx names the page; module-level `ctx` is the same object.
    const open = (io: Parameters<typeof renderPage>[1], ctx: Parameters<typeof renderPage>[2]) => renderPage(page, io, Object.assign(ctx, { page: { slug: route } }))
    return { action: { name: page.name, description: page.description, handler: open }, app: read.config }
  }
  if (!handler) {
    const broken = read.table.routes.find((r) => r.slug === route)
    const message = broken?.error ?? (broken ? `"${route}" is a page without a handler: it has no screen of its own.` : `This Interval app has no route "${route}".`)
    return void post({ type: 'error', error: { name: 'InvalidRoute', message } })
  }
  const info = read.table.routes.find((r) => r.slug === route)!
  return { action: { ...info, handler }, app: read.config, definition: read.table.definitions.get(route) }
}

/** An action's declared schedules for inspection (checked already by normalizeAction). */
function scheduled(action: ActionConfig): { schedules?: ScheduleSpec[]; scheduleMode?: ScheduleMode } {
  const r = readSchedules(action)
  return r.ok && r.schedules.length ? { schedules: r.schedules, scheduleMode: r.mode } : {}
}

async function run(): Promise<void> {
  const found = await findAction()
  if (!found) return
  const { app, definition } = found
  let { action } = found
  if (data.mode === 'inspect') {
    return post({
      type: 'meta', name: action.name, description: action.description,
      // Interval's defaults: not backgroundable, listed, and warn before closing.
      backgroundable: action.backgroundable ?? false, unlisted: action.unlisted ?? false, warnOnClose: action.warnOnClose ?? true,
      ...(action.singleton ? { singleton: typeof action.singleton === 'function' ? ('key' as const) : true } : {}),
      ...(readAccess(action.access) ? { access: readAccess(action.access) } : {}),
      ...scheduled(action),
    })
  }
  if (data.mode === 'key') {
    try {
      const key = typeof action.singleton === 'function' ? action.singleton(data.tx?.params ?? {}) : ''
      return post({ type: 'singletonKey', key: typeof key === 'string' ? key : JSON.stringify(key ?? null) })
    } catch (e) {
      return post({ type: 'error', error: { ...describe(e), message: `The action's singleton key function threw: ${describe(e).message}` } })
    }
  }

  const tx = data.tx!
  if (data.maxMemoryMb) {
    const limit = data.maxMemoryMb
    // The host ends the transaction on this error and stops the thread.
    watchOwnMemory(limit, (usedMb) => post({ type: 'error', error: memoryLimitError(limit, usedMb) }))
  }
  const replay = new Replay(data.replay, (divergence) => post({ type: 'diverged', divergence }))
  // Journaled messages wait for the host's acknowledgement, in order: it answers each once it is in the log.
  const acks: (() => void)[] = []
  const journal = (m: WorkerToHost): Promise<void> =>
    new Promise<void>((resolve) => {
      acks.push(resolve)
      post(m)
    })
  const channel = new WorkerChannel(post, { replay, journal })
  // On an engine with its own deterministic clock and random (Restate), fresh values are the host's.
  const clock = data.clock ? (op: 'now' | 'random', seq: number) => askClock(data.clock!, () => post({ type: 'clock', seq, op })) : undefined
  const durable = durableCalls(replay, { journal, record: post }, undefined, clock)
  const canceled = new AbortController()
  const children = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>()
  /** ctx.enqueue calls waiting for the host's store, by request id. */
  const enqueues = new Map<number, { resolve(): void; reject(e: unknown): void }>()
  let nextEnqueue = 0
  parentPort!.on('message', (m: HostToWorker) => {
    if (m.type === 'journaled') acks.shift()?.()
    else if (m.type === 'enqueued') {
      const e = enqueues.get(m.requestId)
      enqueues.delete(m.requestId)
      if (m.ok) e?.resolve()
      else e?.reject(new Error(m.error ?? 'The action could not be queued.'))
    }
    else if (m.type === 'childResult') {
      const c = children.get(m.requestId)
      children.delete(m.requestId)
      if (m.ok) c?.resolve(m.value)
      else c?.reject(Object.assign(new Error(m.error?.message ?? 'The step\'s action did not complete.'), { name: m.error?.name ?? 'Error' }))
    }
    else if (m.type === 'cancel') (canceled.abort(), channel.cancel())
    else if (m.type === 'answer') void channel.answer(m.seq, m.values, m.choice)
    else if (m.type === 'search') void channel.search(m.seq, m.index, m.requestId, m.query)
    else if (m.type === 'tableQuery') void channel.tableQuery(m.dataId, m.requestId, m.query)
  })
  const io = createIO(channel)
  let redirected = false
  const ctx = createCtx(
    // An action's own address: not a web URL, there is no server; it names the action for links and logs.
    { txId: tx.id, user: tx.user, params: tx.params, environment: tx.environment, action: { slug: tx.slug, url: `mini-interval://action/${tx.slug}` } },
    {
      log: (message) => logs.line(message),
      // What a replayed stretch shows and notifies happened already: it is in the log.
      loading: (state) => void (replay.replaying || post({ type: 'loading', state: state ?? null })),
      notify: (n) => void (replay.replaying || post({ type: 'notify', ...n })),
      // Inside ctx.enqueue's journaled step: a replayed one never gets here.
      enqueue: (req) =>
        new Promise<void>((resolve, reject) => {
          const requestId = ++nextEnqueue
          enqueues.set(requestId, { resolve, reject })
          post({ type: 'enqueue', requestId, ...req })
        }),
      redirect: (target) => {
        if (redirected || channel.isClosed) return false
        post({ type: 'redirect', target })
        redirected = true
        channel.close(new IOError('TRANSACTION_CLOSED', 'The transaction redirected: no more io calls.'))
        return true
      },
    },
    durable,
  )
  const workflow = data.workflow
  if (workflow) {
    let nextRequest = 0
    const host: WorkflowHost = {
      runId: tx.id, params: tx.params, signal: canceled.signal, runAt: durable.runAt,
      log: (...values) => ctx.log(...values),
      skipped: (e) => post({ type: 'stepSkipped', step: e.step, status: e.status as 'skipped' | 'canceled', ...(e.reason ? { reason: e.reason } : {}) }),
      child: (id, slug, params) =>
        new Promise((resolve, reject) => {
          const requestId = ++nextRequest
          children.set(requestId, { resolve, reject })
          post({ type: 'child', requestId, id, slug, params: toJsonSafe(params) as Record<string, unknown> })
        }),
    }
    action = { ...action, handler: (io) => runWorkflow(workflow, found.stepFunctions ?? {}, io, host) }
  }
  setCurrent(io, ctx)
  try {
    const value = await action.handler(io, ctx)
    if (replay.isStopped || replay.finish()) return
    post({ type: 'result', value: toJsonSafe(value) })
  } catch (e) {
    if (replay.isStopped) return
    if (e instanceof IOError && e.kind === 'CANCELED') return post({ type: 'canceled' })
    if (app?.onError) await reportError(app.onError, e, ctx, definition)
    post({ type: 'error', error: describe(e) })
  }
}

function begin(d: WorkerData): void {
  data = d
  logsToSkip = d.replay?.logs ?? 0
  void run()
}

const pooled = (workerData as Partial<PooledStart> | undefined)?.pool
if (pooled) {
  // Loaded and waiting: the pool hands over the transaction (and the port is closed, so nothing keeps this thread but the run).
  pooled.once('message', (d: WorkerData) => {
    pooled.close()
    begin(d)
  })
  pooled.postMessage('ready')
} else begin(workerData as WorkerData)

/** Interval's `onError`, called for each failed transaction; its own failure is logged, never the transaction's error. */
async function reportError(onError: NonNullable<IntervalConfig['onError']>, error: unknown, ctx: ReturnType<typeof createCtx>, routeDefinition: unknown): Promise<void> {
  const route = data.interval?.route ?? ''
  // As Interval did: an IOError that wraps the action's own error reports that error.
  if (error instanceof IOError && error.cause) error = error.cause
  try {
    await onError({ error, route, routeDefinition, params: ctx.params, environment: ctx.environment, user: ctx.user, organization: ctx.organization })
  } catch (e) {
    logs.line(`onError threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`)
  }
}
