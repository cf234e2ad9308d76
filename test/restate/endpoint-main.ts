// The process the Restate tests kill: one Restate endpoint (src/server/restate)
// serving the actions of a folder (`<slug>.action.ts`), as `serve` does.
// Bundled by test/restate/build.ts and run with Node 24 (the SDK needs 22+).
//   env: MI_ENDPOINT_PORT, MI_ACTIONS_DIR, MI_WORKER (the worker bundle), MI_WASM (esbuild.wasm), MI_IDLE_MS, MI_WORKER_POOL (optional);
//   MI_INGRESS (optional): schedules run as the test user (scheduleMode 'queue' for slugs in MI_QUEUE_MODE, a comma list),
//   and ctx.enqueue and queue-mode runs go to Restate's queue, as serve wires them (src/server/restate/hooks.ts).
// stdout: "listening <port>" once Restate can call it; "released <tx>" when a waiting transaction's worker stops;
// "scheduled <tx>" when a schedule's tick started a run from here.
import { writeSync } from 'node:fs'
import { join } from 'node:path'
import { compileAction, type CompiledAction } from '../../src/core/loader/compile'
import { startEndpoint } from '../../src/server/restate/endpoint'
import { WorkerPool } from '../../src/core/runtime/workerPool'
import { RestateQueueStore } from '../../src/server/restate/queue'
import { restateHooks } from '../../src/server/restate/hooks'

const env = (name: string): string => {
  const v = process.env[name]
  if (!v) throw new Error(`${name} is not set`)
  return v
}
const dir = env('MI_ACTIONS_DIR')
const compiled = new Map<string, Promise<CompiledAction>>()

// Workers started ahead of need, as serve keeps them (MI_WORKER_POOL of them; none by default).
const pool = Number(process.env.MI_WORKER_POOL ?? 0)
if (pool > 0) new WorkerPool({ workerPath: env('MI_WORKER'), size: pool })

const ingress = process.env.MI_INGRESS
const queueMode = new Set((process.env.MI_QUEUE_MODE ?? '').split(',').filter(Boolean))
const user = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }
const hooks = ingress
  ? restateHooks({
      queue: new RestateQueueStore(ingress),
      nameOf: (slug) => slug,
      scheduled: async (s) => ({ user, mode: queueMode.has(s.slug) ? 'queue' : 'fail' }),
      notify: (n) => writeSync(1, `notify ${JSON.stringify(n)}\n`),
      log: { info: () => undefined, warn: (m) => process.stderr.write(`${m}\n`), error: (m) => process.stderr.write(`${m}\n`) },
    })
  : {}

void startEndpoint({
  port: Number(env('MI_ENDPOINT_PORT')),
  session: {
    workerPath: env('MI_WORKER'),
    hostId: `endpoint-${process.pid}`,
    async resolve(slug) {
      if (!/^[a-z0-9-]+$/.test(slug)) throw new Error(`No action "${slug}".`)
      const file = join(dir, `${slug}.action.ts`)
      if (!compiled.has(slug)) compiled.set(slug, compileAction(file, env('MI_WASM')))
      return { action: { slug, name: slug, file }, compiled: await compiled.get(slug)! }
    },
    onLog: (tx, line) => process.stderr.write(`[${tx}] ${line}\n`),
    onRelease: (tx) => writeSync(1, `released ${tx}\n`),
    ...(process.env.MI_IDLE_MS ? { idleMs: Number(process.env.MI_IDLE_MS) } : {}),
    ...(ingress ? { ingress } : {}),
    ...hooks,
    onScheduled: (runId) => writeSync(1, `scheduled ${runId}\n`),
  },
}).then((ep) => writeSync(1, `listening ${ep.port}\n`))
