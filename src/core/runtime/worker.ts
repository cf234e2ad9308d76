// Entry of the worker thread that runs one action. Workspace code runs here,
// never on the extension host's thread, so a spinning action blocks nothing
// and can be terminated.
import Module from 'node:module'
import { dirname } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import * as sdk from '../../sdk'
import { createCtx } from './ctx'
import { normalizeAction } from './definition'
import { IOError } from './errors'
import { createIO } from './io'
import { WorkerChannel } from './channel'
import { LogPipe } from './logPipe'
import { memoryLimitError, watchOwnMemory } from './memoryWatch'
import { guardedPost } from './post'
import { errorInfo, toJsonSafe } from './serialize'
import { framesOf } from './stack'
import { setCurrent } from './current'
import type { HostToWorker, WorkerData, WorkerToHost } from './workerMessages'

process.setSourceMapsEnabled(true)
const data = workerData as WorkerData
const send = guardedPost((m) => parentPort!.postMessage(m))
const logs = new LogPipe((messages) => send({ type: 'log', messages }))
/** Messages that end the transaction: unfinished console lines go first. */
const LAST = new Set<WorkerToHost['type']>(['result', 'error', 'canceled', 'meta'])
/** Every message leaves after the log lines written before it, so the host sees them in order. */
const post = (m: WorkerToHost): void => {
  if (LAST.has(m.type)) logs.end()
  else logs.flush()
  send(m)
}
logs.capture('stdout', process.stdout)
logs.capture('stderr', process.stderr)

/** Stacks name the action's files, not this bundle's (nor Node's) frames. */
const describe = (e: unknown) => errorInfo(e, framesOf([__filename]))

/** Package names that resolve to our own runtime instead of node_modules. */
const SDK_IDS = new Set(['mini-interval', '@interval/sdk'])

type InternalModule = Module & {
  _compile(code: string, filename: string): void
  paths: string[]
}

function loadActionModule(): unknown {
  const mod = new Module(data.bundleFile) as InternalModule
  mod.filename = data.bundleFile
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(data.bundleFile))
  const requireFromFile = mod.require.bind(mod)
  mod.require = Object.assign((id: string) => (SDK_IDS.has(id) ? sdk : requireFromFile(id)), requireFromFile) as NodeJS.Require
  mod._compile(data.code, data.bundleFile)
  return mod.exports
}

async function run(): Promise<void> {
  let exported: unknown
  try {
    exported = loadActionModule()
  } catch (e) {
    return post({ type: 'error', error: describe(e) })
  }
  const found = normalizeAction(exported)
  if (!found.ok) return post({ type: 'error', error: { name: 'InvalidAction', message: found.error } })
  const { action } = found
  if (data.mode === 'inspect') {
    return post({
      type: 'meta', name: action.name, description: action.description,
      // Interval's defaults: not backgroundable, listed, and warn before closing.
      backgroundable: action.backgroundable ?? false, unlisted: action.unlisted ?? false, warnOnClose: action.warnOnClose ?? true,
    })
  }

  const tx = data.tx!
  if (data.maxMemoryMb) {
    const limit = data.maxMemoryMb
    // The host ends the transaction on this error and stops the thread.
    watchOwnMemory(limit, (usedMb) => post({ type: 'error', error: memoryLimitError(limit, usedMb) }))
  }
  const channel = new WorkerChannel(post)
  parentPort!.on('message', (m: HostToWorker) => {
    if (m.type === 'answer') void channel.answer(m.seq, m.values, m.choice)
    else if (m.type === 'search') void channel.search(m.seq, m.index, m.requestId, m.query)
    else if (m.type === 'tableQuery') void channel.tableQuery(m.dataId, m.requestId, m.query)
    else if (m.type === 'cancel') channel.cancel()
  })
  const io = createIO(channel)
  let redirected = false
  const ctx = createCtx(
    // An action's own address: not a web URL, there is no server; it names the action for links and logs.
    { user: tx.user, params: tx.params, environment: tx.environment, action: { slug: tx.slug, url: `mini-interval://action/${tx.slug}` } },
    {
      log: (message) => logs.line(message),
      loading: (state) => post({ type: 'loading', state: state ?? null }),
      notify: (n) => post({ type: 'notify', ...n }),
      redirect: (target) => {
        if (redirected || channel.isClosed) return false
        post({ type: 'redirect', target })
        redirected = true
        channel.close(new IOError('TRANSACTION_CLOSED', 'The transaction redirected: no more io calls.'))
        return true
      },
    },
  )
  setCurrent(io, ctx)
  try {
    const value = await action.handler(io, ctx)
    post({ type: 'result', value: toJsonSafe(value) })
  } catch (e) {
    if (e instanceof IOError && e.kind === 'CANCELED') post({ type: 'canceled' })
    else post({ type: 'error', error: describe(e) })
  }
}

void run()
