// `mini-interval serve`: the second thin shell around the core. It finds the
// folder's actions with the extension's discovery, runs them with the same
// Transaction and journal (History in the data folder), resumes what a killed
// serve left, and serves the browser app and its API.
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { isIP } from 'node:net'
import { join, relative, resolve } from 'node:path'
import { ActionCatalog } from '../core/discovery/catalog'
import { isWithin } from '../core/discovery/files'
import { nodeFiles } from '../core/discovery/nodeFiles'
import { WorkflowCatalog } from '../core/discovery/workflowCatalog'
import { Leases, TTL_MS } from '../core/history/lease'
import { HistoryStore } from '../core/history/store'
import { endsSettled } from '../core/history/endSync'
import { CompileCache } from '../core/loader/cache'
import type { RunnableEntry } from '../core/runs/runnable'
import { localUser } from '../core/runtime/localUser'
import { singletonKey } from '../core/runtime/inspect'
import { createApp } from './app'
import type { Catalog } from './catalog'
import { consoleLogger, type Logger } from './log'
import { ServerRuns } from './runs'
import { embedded, type HostedRuns } from './hosted'
import { restateRuns } from './restateRuns'
import { nodeTooOld, registerEndpoint, startEndpoint } from './restate/endpoint'
import { loadAnswerKey, sealer, type Sealer } from './restate/seal'
import { prepareRunnable } from '../core/runs/prepare'
import { loadToken } from './token'
import { PeopleStore } from './people/store'
import { WorkerPool } from '../core/runtime/workerPool'
import { FileQueueStore } from '../core/queue/fileStore'
import { queueRefusal } from './inbox/check'
import type { Clock } from '../core/schedules/scheduler'
import type { QueueStore } from '../core/queue/types'
import { Notifier } from './notify/notifier'
import { declaredOf, embeddedSchedules, type EmbeddedSchedules } from './schedules/embedded'
import { RestateQueueStore } from './restate/queue'
import { RestateSchedules } from './restate/schedules'
import { restateHooks } from './restate/hooks'
import { scheduledRun } from './restate/scheduledRun'
import { scheduleOwner } from './schedules/owner'

export interface ServeOptions {
  folder: string
  port?: number
  host?: string
  /** Where the token, journals and history live; default FOLDER/.mini-interval. */
  data?: string
  allowRemote?: boolean
  /** Where worker.js, esbuild.wasm and web/ are (the package's dist). */
  dist: string
  log?: Logger
  env?: NodeJS.ProcessEnv
  /** How long a transaction waits at a prompt before its worker is released (default 10 s). */
  idleMs?: number
  /** How many transaction workers wait pre-started (runtime/workerPool.ts); default 2. */
  workerPool?: number
  /** Run transactions on Restate instead of the embedded engine. */
  restate?: RestateOptions
  /** Every notification is POSTed here too (default: MINI_INTERVAL_WEBHOOK). */
  webhook?: string
  /** Tests only: the schedules' clock (a fast one makes a minute short), and how often they look for another process's changes. */
  scheduleClock?: Clock
  schedulePollMs?: number
}

export interface RestateOptions {
  ingress: string
  admin: string
  /** Register this server's endpoint with the admin API at start (default true; idempotent). */
  register?: boolean
  /** The endpoint's port (default: any free one). */
  endpointPort?: number
  /** Accept only calls signed by the Restate server with this public key (Restate's request identity). */
  identityKey?: string
}

export interface RunningServer {
  url: string
  token: string
  people: PeopleStore
  port: number
  actions: number
  runs: ServerRuns
  history: HistoryStore
  /** The embedded engine's schedules (absent on Restate). */
  schedules?: EmbeddedSchedules
  notifier: Notifier
  /** The Inbox's queued actions. */
  queue?: QueueStore
  close(): Promise<void>
}

/** A refusal with one clear line for the person (the CLI prints it and exits non-zero). */
export class ServeError extends Error {}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const log = opts.log ?? consoleLogger()
  const folder = resolve(opts.folder)
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new ServeError(`No folder ${opts.folder}: serve needs the folder of your actions.`)
  const host = opts.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host) && !opts.allowRemote) throw new ServeError(`--host ${host} would serve beyond this machine: add --allow-remote to mean it (and put TLS in front; see the README's "Teams").`)
  if (host !== 'localhost' && !isIP(host)) throw new ServeError(`--host ${host} is not an IP address.`)
  const port = opts.port ?? 9080
  const dist = resolve(opts.dist)
  const data = resolve(opts.data ?? join(folder, '.mini-interval'))
  mkdirSync(data, { recursive: true })
  if (!opts.data) ignoreInGit(folder)

  const leases = new Leases(join(data, 'history', 'leases'))
  const lease = leases.acquire()
  const history = new HistoryStore(join(data, 'history'), { lease, leases })
  const me = process.pid
  const serveLock = history.lock('serve', lease.id, { tx: `serve-${me}`, user: `pid ${me}` })
  if (!('release' in serveLock)) {
    lease.release()
    throw new ServeError(`Another mini-interval serve uses ${data} (${serveLock.heldBy.user ?? 'a live process'}, since ${new Date(serveLock.heldBy.since).toLocaleTimeString()}). Stop it, or give this one its own --data.`)
  }
  const disposers: (() => void)[] = [() => serveLock.release(), () => lease.release()]
  try {
    const token = loadToken(data, opts.env)
    const people = new PeopleStore(data)
    people.list() // an unreadable people.json stops serve here, with its reason
    const compiler = new CompileCache(join(dist, 'esbuild.wasm'), undefined, (line) => log.info(line))
    const workerPath = join(dist, 'worker.js')
    const pool = new WorkerPool({ workerPath, size: opts.workerPool ?? 2 })
    disposers.push(() => pool.dispose())
    const files = nodeFiles(folder)
    disposers.push(() => files.dispose())
    const folders = [{ name: folder.split(/[\\/]/).pop() ?? 'folder', path: folder }]
    const problems = { set: (file: string, list: { range: { start: { line: number } }; message: string }[]) => list.forEach((p) => log.warn(`${file}:${p.range.start.line + 1}: ${p.message.split('\n', 1)[0]}`)) }
    const actions = new ActionCatalog({ folders, files, compiler, workerPath, problems, log })
    const workflows = new WorkflowCatalog({ folders, actions, files, problems, log })
    disposers.push(() => workflows.dispose(), () => actions.dispose())
    const catalog = servedCatalog(actions, workflows)
    const user = localUser(folder)
    const inFolder = (file: string): string => relative(folder, file).replace(/\\/g, '/')
    let foundActions!: () => void
    const found = new Promise<void>((r) => (foundActions = r))
    let hosted: (HostedRuns & { follow(id: string): void }) | undefined
    // On Restate, the Inbox and the schedules are Restate's too (restate/queue.ts, restate/schedules.ts).
    let restateQueue: RestateQueueStore | undefined
    let restateSchedules: RestateSchedules | undefined
    if (opts.restate) {
      const r = opts.restate
      const tooOld = nodeTooOld()
      if (tooOld) throw new ServeError(tooOld)
      let answers: Sealer
      try {
        answers = sealer(loadAnswerKey(data, opts.env))
      } catch (e) {
        throw new ServeError((e as Error).message)
      }
      const rq = (restateQueue = new RestateQueueStore(r.ingress))
      const rs = (restateSchedules = new RestateSchedules({ ingress: r.ingress, admin: r.admin, nameOf: (slug) => catalog.find(slug)?.name, ownerOf: (s) => scheduleOwner(s, people, user), log }))
      disposers.push(() => rq.close(), () => rs.close())
      // A singleton's key function (singleton: a function of the params) runs in a worker, as on the embedded engine.
      const keyOf = async (entry: RunnableEntry, params: Record<string, unknown>) => singletonKey(workerPath, (await prepareRunnable(entry, entry.slug, { compiler, isAction: () => false, concurrency: 1 })).compiled, params)
      const endpoint = await startEndpoint({
        port: r.endpointPort ?? 0, host: '127.0.0.1', ...(r.identityKey ? { identityKeys: [r.identityKey] } : {}),
        // The SDK's own lines go to serve's log (stderr): stdout carries only the ready line.
        log: { line: (text) => process.stderr.write(`${text}\n`), level: 'warn' },
        session: {
          workerPath, hostId: lease.id, idleMs: opts.idleMs ?? 10_000, sealer: answers, ingress: r.ingress,
          onLog: (id, line) => log.info(`[${id}] ${line}`),
          // ctx.enqueue, ctx.notify, a queue-mode scheduled run and a schedule's time, as the embedded engine takes them.
          ...restateHooks({
            queue: rq, queueRefusal: (req) => queueRefusal(req, queueCheck), nameOf: (slug) => catalog.find(slug)?.name, notify: (n) => notifier.send(n), log,
            scheduled: scheduledRun({ found, find: (slug) => catalog.find(slug), people, serverUser: user, singletonKey: keyOf }),
          }),
          // Its lists hear of the run, and the Schedules page of its last run.
          onScheduled: (runId) => (hosted?.follow(runId), rs.fired()),
          async resolve(slug, id) {
            await found // Restate may call as soon as it is registered: the actions are found first
            const entry = catalog.find(slug)
            if (!entry || entry.state !== 'ready') throw new Error(`No action "${slug}" that loads in this folder.`)
            // A workflow's step naming an action (not a workflow) is a human step: a transaction of its own.
            const isAction = (s: string) => !!catalog.find(s) && !catalog.find(s)!.workflow
            const { compiled, interval, workflow } = await prepareRunnable(entry, id, { compiler, isAction, concurrency: 4 })
            const action = { slug: entry.slug, name: entry.name ?? entry.slug, description: entry.description, file: entry.file.file, ...(entry.route?.kind === 'page' ? { page: true } : {}) }
            return { action, compiled, ...(interval ? { interval } : {}), ...(workflow ? { workflow } : {}) }
          },
        },
      }).catch((e: NodeJS.ErrnoException) => {
        throw new ServeError(e.code === 'EADDRINUSE' ? `--endpoint-port ${r.endpointPort} is in use.` : `The Restate endpoint could not start: ${e.message}`)
      })
      disposers.unshift(() => void endpoint.close())
      if (r.register !== false) await registerEndpoint(r.admin, endpoint.url).catch((e: Error) => {
        throw new ServeError(e.message)
      })
      const health = await fetch(new URL('/restate/health', r.ingress), { signal: AbortSignal.timeout(5000) }).catch((e: Error) => e)
      if (health instanceof Error || !health.ok) throw new ServeError(`Restate's ingress at ${r.ingress} cannot be reached${health instanceof Error ? `: ${health.message}` : ` (${health.status})`}.`)
      log.info(`Transactions run on Restate (ingress ${r.ingress}); its endpoint is ${endpoint.url}`)
      hosted = restateRuns({ ingress: r.ingress, admin: r.admin, find: (slug) => catalog.find(slug), user: localUser(folder), log, relative: inFolder, sealer: answers,
        singletonKey: keyOf,
        // A run with an Inbox item ended (a workflow's human step, say): the item leaves every Inbox.
        onEnded: (id, status) =>
          void rq.byRun(id).then((item) => (item && (item.state === 'waiting' || item.state === 'started') ? rq.finish(item.id, status) : undefined))
            .catch((e: Error) => log.error(`The Inbox item of transaction ${id} could not be updated: ${e.message}`)),
      })
    }
    const webhook = opts.webhook ?? (opts.env ?? process.env).MINI_INTERVAL_WEBHOOK?.trim()
    const notifier = new Notifier({ people, log, ...(webhook ? { webhook } : {}) })
    let schedules: EmbeddedSchedules | undefined
    // The Inbox's store, when serve has one: a queue-mode scheduled run waits there for its owner.
    // On Restate the Inbox is Restate's too (restate/queue.ts); the embedded engine keeps it in <data>/queue.
    const fileQueue = opts.restate ? undefined : new FileQueueStore(join(data, 'queue'), { onProblem: (m) => log.warn(`Inbox: ${m}`) })
    if (fileQueue) disposers.push(() => fileQueue.close())
    const queueStore: QueueStore | undefined = fileQueue ?? restateQueue
    const queueCheck = { find: (slug: string) => catalog.find(slug), people, serverUser: user }
    const runs = new ServerRuns({
      history, compiler, workerPath, find: (slug) => catalog.find(slug), owns: (file) => isWithin(file, folder), relative: inFolder, user, environment: 'development', log, idleMs: opts.idleMs,
      notify: (n) => notifier.send(n),
      onNeedsPerson: (run, prompt) => schedules?.needsPerson(run, prompt),
      ...(queueStore ? { queue: queueStore, queueRefusal: (req) => queueRefusal(req, queueCheck) } : {}),
    })
    disposers.unshift(() => runs.close())
    const engine = hosted ?? embedded(runs, history)
    if (!hosted) {
      schedules = embeddedSchedules({
        dir: join(data, 'schedules'), leases, owner: lease.id, find: (slug) => catalog.find(slug), people, serverUser: user,
        ...(opts.scheduleClock ? { clock: opts.scheduleClock } : {}), ...(opts.schedulePollMs ? { pollMs: opts.schedulePollMs } : {}),
        has: (id) => !!history.summary(id),
        status: (id) => runs.get(id)?.status ?? history.summary(id)?.status,
        start: (slug, params, u, o) => engine.start(slug, params, u, o),
        onRunChange: (f) => engine.onChange(f),
        detail: (id) => engine.detail(id),
        queue: () => queueStore,
        notify: (n) => notifier.send(n),
        log,
      })
      disposers.unshift(() => schedules!.close())
    }
    const declared = (): ReturnType<typeof declaredOf> => declaredOf([...catalog.listed(), ...catalog.pages()])

    // It listens at once (a port in use is said at once) but answers once the actions are found
    // and unfinished runs resumed: a page that reconnects after a restart finds its run going.
    let opened!: () => void
    const ready = new Promise<void>((r) => (opened = r))
    const app = (
      createApp({
        token, people, bootstrapUser: user, catalog, runs: engine, log, webRoot: join(dist, 'web'), notifier, ...(schedules ? { schedules } : restateSchedules ? { schedules: restateSchedules } : {}), ...(queueStore ? { queue: queueStore } : {}),
        onActionsChanged: (f) => {
          const a = actions.onDidChange(f)
          const w = workflows.onDidChange(f)
          return () => (a.dispose(), w.dispose())
        },
      })
    )
    disposers.unshift(() => app.close())
    const server = createServer((req, res) => void ready.then(() => app(req, res)))
    // Event streams stay open: a close must not wait for them.
    server.keepAliveTimeout = 5000
    await listen(server, port, host)
    disposers.unshift(() => server.closeAllConnections())
    const bound = (server.address() as { port: number }).port

    const indexed = actions.refresh()
    await indexed
    await workflows.start(indexed)
    foundActions()
    // Unfinished runs of a serve that is gone resume, now and at every lease TTL.
    const recover = async (): Promise<void> => {
      try {
        const { orphans, problems: found } = history.recover()
        found.forEach((p) => log.warn(`History: ${p}`))
        await Promise.all(orphans.map((id) => runs.resume(id).catch((e: Error) => log.error(`Transaction ${id} could not be resumed: ${e.message}`))))
      } catch (e) {
        log.error(`History recovery failed: ${(e as Error).message}`)
      }
    }
    await recover()
    const timer = setInterval(() => void recover(), TTL_MS)
    timer.unref()
    disposers.unshift(() => clearInterval(timer))
    // Schedules fire only now: the actions are found and unfinished runs resumed (a time a killed serve
    // left half-fired finds its run in History). Declared ones follow the action files.
    if (schedules) {
      const s = schedules
      s.setDeclared(declared())
      s.start()
      const a = actions.onDidChange(() => s.setDeclared(declared()))
      disposers.unshift(() => a.dispose())
    }
    if (restateSchedules) {
      // Every serve behind the Restate declares its folder's schedules; the registry arms each once (restate/schedules.ts).
      const s = restateSchedules
      s.setDeclared(declared())
      const a = actions.onDidChange(() => s.setDeclared(declared()))
      disposers.unshift(() => a.dispose())
    }
    opened()

    const shownHost = host.includes(':') ? `[${host}]` : host
    const url = `http://${shownHost}:${bound}/`
    notifier.baseUrl = url
    // `users add` and `users link` print links to this address (unless given --url).
    writeFileSync(join(data, 'address'), `${url}\n`, { mode: 0o600 })
    return {
      url,
      people,
      token,
      port: bound,
      actions: catalog.listed().length + catalog.workflows().length,
      runs,
      history,
      ...(schedules ? { schedules } : {}),
      notifier,
      ...(queueStore ? { queue: queueStore } : {}),
      close: async () => {
        const closed = new Promise<void>((r) => server.close(() => r()))
        // Runs that ended just now: their index line and claim follow their end's sync (group commit), under this lease.
        await endsSettled()
        for (const d of disposers.splice(0)) d()
        await closed
      },
    }
  } catch (e) {
    for (const d of disposers.splice(0)) d()
    throw e
  }
}

function servedCatalog(actions: ActionCatalog, workflows: WorkflowCatalog): Catalog {
  const asRunnable = (slug: string): RunnableEntry | undefined => {
    const w = workflows.find(slug)
    if (!w) return undefined
    return { file: w.file, slug: w.slug, state: w.state, name: w.workflow?.name ?? w.slug, workflow: true, backgroundable: true, ...(w.problems[0] ? { error: w.problems[0].message } : {}) }
  }
  return {
    listed: () => actions.listed(),
    pages: () => actions.pages(),
    workflows: () => workflows.all().map((w) => ({ file: w.file, slug: w.slug, state: w.state, name: w.workflow?.name, ...(w.problems[0] ? { problem: w.problems[0].message } : {}) })),
    find: (slug) => actions.find(slug) ?? asRunnable(slug),
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolveListen, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new ServeError(`Port ${port} on ${host} is in use: stop what uses it, or pick another with --port.`) : e.code === 'EADDRNOTAVAIL' ? new ServeError(`${host} is not an address of this machine.`) : e),
    )
    server.listen(port, host, () => resolveListen())
  })
}

/** The default data folder holds secrets: keep it out of git. */
function ignoreInGit(folder: string): void {
  const file = join(folder, '.gitignore')
  let text = ''
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    // none yet
  }
  if (text.split(/\r?\n/).some((l) => /^\/?\.mini-interval\/?$/.test(l.trim()))) return
  appendFileSync(file, `${text && !text.endsWith('\n') ? '\n' : ''}.mini-interval/\n`)
}
