// The benchmark's baseline (scripts/bench-restate.ts): a bare Restate
// workflow with the same three durable promises and the same client-facing
// handlers as a transaction (workflow.ts) — `run`, `answer`, `next` — and no
// action, worker or journal of ours. Bundled by build.ts, run with Node 24.
//   env: MI_ENDPOINT_PORT. stdout: "listening <port>".
import { writeSync } from 'node:fs'
import { createServer } from 'node:http2'
import * as restate from '@restatedev/restate-sdk'

const bare = restate.workflow({
  name: 'bare',
  handlers: {
    run: async (ctx: restate.WorkflowContext): Promise<{ values: unknown[] }> => {
      const values: unknown[] = []
      for (let seq = 1; seq <= 3; seq++) {
        ctx.set('asking', { seq })
        await ctx.promise(`wait-${seq - 1}`).resolve({ n: seq - 1, seq })
        const a = await ctx.promise<{ values: unknown[] }>(`answer-${seq}`).get()
        values.push(a.values[0])
      }
      await ctx.promise('wait-3').resolve({ n: 3, ended: 'completed' })
      return { values }
    },
    answer: async (ctx: restate.WorkflowSharedContext, a: { seq: number; values: unknown[] }): Promise<void> => {
      const asking = await ctx.get<{ seq: number }>('asking')
      if (asking?.seq !== a.seq) throw new restate.TerminalError(`not waiting on screen ${a.seq}`)
      await ctx.promise(`answer-${a.seq}`).resolve(a)
    },
    next: async (ctx: restate.WorkflowSharedContext, input: { n: number }) => ctx.promise(`wait-${input.n}`).get(),
  },
})

const server = createServer(restate.createEndpointHandler({ services: [bare] }))
server.listen(Number(process.env.MI_ENDPOINT_PORT), '127.0.0.1', () => writeSync(1, `listening ${(server.address() as { port: number }).port}\n`))
