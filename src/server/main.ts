// The `mini-interval` bin: parses, starts, prints one ready line, stops on
// Ctrl+C. Any refusal is one line on stderr and a non-zero exit.
import { dirname } from 'node:path'
import { parseArgs, USAGE, USERS_USAGE } from './cli'
import { usersCommand } from './people/command'
import { PeopleError } from './people/store'
import { consoleLogger } from './log'
import { ServeError, startServer } from './serve'

declare const MINI_INTERVAL_VERSION: string

/** Restate reaches a transaction's endpoint at the address it was registered with: a fixed port survives a restart. */
const DEFAULT_ENDPOINT_PORT = 9081

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2))
  if ('error' in args) return fail(args.error)
  if (args.command === 'help') return (console.log(process.argv[2] === 'users' ? USERS_USAGE : USAGE), 0)
  if (args.command === 'version') return (console.log(typeof MINI_INTERVAL_VERSION === 'string' ? MINI_INTERVAL_VERSION : 'dev'), 0)
  if (args.command === 'users') {
    try {
      for (const line of usersCommand(args)) console.log(line)
      return 0
    } catch (e) {
      if (e instanceof PeopleError) return fail(e.message)
      throw e
    }
  }
  if (args.restate && !args.restateAdmin) return fail('--restate needs --restate-admin ADMIN_URL too: serve registers itself there, and History and Cancel ask it.')
  const log = consoleLogger()
  let server
  try {
    server = await startServer({
      folder: args.folder, port: args.port, host: args.host, data: args.data, allowRemote: args.allowRemote, dist: dirname(__filename), log, webhook: args.webhook,
      ...(args.restate ? { restate: { ingress: args.restate, admin: args.restateAdmin!, register: args.register, endpointPort: args.endpointPort ?? DEFAULT_ENDPOINT_PORT, identityKey: args.restateIdentityKey } } : {}),
    })
  } catch (e) {
    if (e instanceof ServeError) return fail(e.message)
    return fail(`serve could not start: ${(e as Error).message}`)
  }
  // The shared token opens the server only until its first admin exists; then people sign in with their own links.
  if (server.people.hasAdmin()) console.log(`Mini Interval is serving ${server.actions} actions at ${server.url} (sign in with your link: mini-interval users link EMAIL)`)
  else console.log(`Mini Interval is serving ${server.actions} actions at ${server.url}?token=${encodeURIComponent(server.token)}`)
  await new Promise<void>((resolve) => {
    let stopping = false
    const stop = (): void => {
      if (stopping) return process.exit(130) // a second Ctrl+C: now
      stopping = true
      log.info('Stopping: unfinished transactions resume at the next start')
      void server.close().then(resolve, resolve)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  return 0
}

function fail(message: string): number {
  process.stderr.write(`mini-interval: ${message}\n`)
  return 2
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`mini-interval: ${e.message}\n`)
    process.exit(1)
  },
)
