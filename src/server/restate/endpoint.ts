// The Restate endpoint of a server: an HTTP/2 server on loopback (or the
// host given) that Restate calls to run transactions (workflow.ts), and the
// admin call that registers it as a deployment.
import { createServer, type Http2Server } from 'node:http2'
import * as restate from '@restatedev/restate-sdk'
import { abandonAll, type SessionHost } from './session'
import { txWorkflow } from './workflow'
import { singletonObject } from './singleton'
import { blobObject } from './blobs'
import { queueObject } from './queue'
import { scheduleObject, schedulesObject } from './schedules'
import { changesWorkflow } from './changes'

/** The Restate SDK needs Promise.withResolvers (Node 22). */
export const MIN_NODE = 22

/** One line saying why this Node cannot run the Restate engine, or undefined. */
export function nodeTooOld(version = process.versions.node): string | undefined {
  const major = Number(version.split('.')[0])
  return major >= MIN_NODE ? undefined : `The Restate engine needs Node ${MIN_NODE} or later (its SDK does); this is Node ${version}.`
}

export interface EndpointOptions {
  port: number
  host?: string
  session: SessionHost
  /** How long an uploaded file is kept in Restate after it was last uploaded or read (blobs.ts); default 90 days. */
  blobKeepMs?: number
  /** Restate's request identity: only calls signed by the server with one of these public keys are accepted. */
  identityKeys?: string[]
  /**
   * Where the SDK's log lines go (one line each, with their level and invocation), and from which level.
   * Default: the SDK's own console logging (stdout), which a program printing its own lines there may not want.
   */
  log?: { line(text: string): void; level?: 'debug' | 'info' | 'warn' | 'error' }
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error']

/** The SDK's logger, writing lines to `log` (skipping what a replay logs again). */
function sdkLogger(log: NonNullable<EndpointOptions['log']>): restate.LoggerTransport {
  const min = LEVELS.indexOf(log.level ?? 'info')
  return (meta, message, ...rest) => {
    if (meta.replaying || LEVELS.indexOf(meta.level) < min) return
    const where = meta.context ? ` [${meta.context.serviceName}/${meta.context.key ?? ''}/${meta.context.handlerName} ${meta.context.invocationId}]` : ''
    const text = [message, ...rest].map((v) => (v instanceof Error ? v.stack ?? v.message : typeof v === 'string' ? v : JSON.stringify(v))).join(' ')
    log.line(`restate ${meta.level}${where}: ${text}`)
  }
}

export interface RestateEndpoint {
  port: number
  url: string
  close(): Promise<void>
}

export async function startEndpoint(opts: EndpointOptions): Promise<RestateEndpoint> {
  const tooOld = nodeTooOld()
  if (tooOld) throw new Error(tooOld)
  const handler = restate.createEndpointHandler({
    services: [txWorkflow(opts.session), singletonObject, blobObject(opts.blobKeepMs), queueObject, scheduleObject(opts.session), schedulesObject, changesWorkflow],
    ...(opts.identityKeys?.length ? { identityKeys: opts.identityKeys } : {}),
    ...(opts.log ? { logger: sdkLogger(opts.log) } : {}),
  })
  const server: Http2Server = createServer(handler)
  const host = opts.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, host, () => (server.off('error', reject), resolve()))
  })
  const port = (server.address() as { port: number }).port
  return {
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        abandonAll()
        server.close(() => resolve())
        // Restate holds its invocation streams open: closing waits for none of them.
        setTimeout(resolve, 1000).unref()
      }),
  }
}

/** Registers the endpoint with Restate's admin API (idempotent: `force` updates a deployment at the same address). */
export async function registerEndpoint(adminUrl: string, endpointUrl: string): Promise<void> {
  let r: Response
  try {
    r = await fetch(new URL('/deployments', adminUrl), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uri: endpointUrl, force: true }),
    })
  } catch (e) {
    throw new Error(`Restate's admin API at ${adminUrl} cannot be reached: ${(e as Error).message}`)
  }
  if (!r.ok) throw new Error(`Restate's admin API at ${adminUrl} refused to register ${endpointUrl}: ${r.status} ${(await r.text()).slice(0, 500)}`)
}
