// The command line: `mini-interval serve FOLDER [options]` and `mini-interval
// users …` (the people of a serve's data folder). Parsing is pure; every
// mistake is one line for the person, never a stack trace.
import { ROLES, type Role } from './people/store'

export interface ServeArgs {
  command: 'serve'
  folder: string
  port: number
  host: string
  data?: string
  allowRemote: boolean
  restate?: string
  restateAdmin?: string
  register: boolean
  endpointPort?: number
  restateIdentityKey?: string
  /** Every notification is POSTed here too (or MINI_INTERVAL_WEBHOOK). */
  webhook?: string
}

export interface UsersArgs {
  command: 'users'
  action: 'list' | 'add' | 'set-role' | 'remove' | 'link'
  /** The server's data folder (--data, else --folder's .mini-interval, else ./.mini-interval). */
  data: string
  email?: string
  role?: Role
  teams?: string[]
  name?: string
  /** The server's address for printed links (default: the one serve last wrote to the data folder). */
  url?: string
}

export type Parsed = ServeArgs | UsersArgs | { command: 'help' } | { command: 'version' } | { error: string }

export const USAGE = `Usage: mini-interval serve FOLDER [options]
       mini-interval users list|add|set-role|remove|link … (mini-interval users --help)

Serves FOLDER's actions to a browser and to VS Code.

Options:
  --port N                  port to listen on (default 9080)
  --host ADDRESS            address to listen on (default 127.0.0.1)
  --allow-remote            allow a --host beyond loopback (put TLS in front)
  --data DIR                token, journals and history (default FOLDER/.mini-interval)
  --restate INGRESS_URL     run transactions on Restate
  --restate-admin ADMIN_URL Restate's admin API, to register this endpoint
  --no-register             do not register with the admin API
  --endpoint-port N         port of the Restate endpoint (default 9081)
  --restate-identity-key K  accept only calls signed by this Restate server
  --webhook URL             POST every notification here too, Slack-compatible
                            (or MINI_INTERVAL_WEBHOOK=URL)
  -h, --help                this text
  -v, --version             the version`

const VALUE = new Set(['--port', '--host', '--data', '--restate', '--restate-admin', '--endpoint-port', '--restate-identity-key', '--webhook'])
const FLAG = new Set(['--allow-remote', '--no-register'])

export function parseArgs(argv: string[]): Parsed {
  if (!argv.length || argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help') return { command: 'help' }
  if (argv[0] === '-v' || argv[0] === '--version') return { command: 'version' }
  const [command, ...rest] = argv
  if (command === 'users') return parseUsers(rest)
  if (command !== 'serve') return { error: `Unknown command "${command}". Try: mini-interval serve FOLDER` }
  const values = new Map<string, string>()
  const flags = new Set<string>()
  const positional: string[] = []
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!
    if (arg === '-h' || arg === '--help') return { command: 'help' }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1
    const name = eq > 0 ? arg.slice(0, eq) : arg
    if (VALUE.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : rest[++i]
      if (value === undefined || value === '') return { error: `${name} needs a value.` }
      values.set(name, value)
    } else if (FLAG.has(name) && eq < 0) flags.add(name)
    else if (arg.startsWith('-')) return { error: `Unknown option ${arg}. See mini-interval serve --help.` }
    else positional.push(arg)
  }
  if (positional.length === 0) return { error: 'serve needs a FOLDER: mini-interval serve FOLDER' }
  if (positional.length > 1) return { error: `serve takes one FOLDER, not ${positional.length}: ${positional.join(' ')}` }
  const port = portOf(values.get('--port'), '--port', 9080)
  if (typeof port === 'string') return { error: port }
  const endpointPort = values.has('--endpoint-port') ? portOf(values.get('--endpoint-port'), '--endpoint-port', 0) : undefined
  if (typeof endpointPort === 'string') return { error: endpointPort }
  for (const name of ['--restate', '--restate-admin', '--webhook']) {
    const v = values.get(name)
    if (v !== undefined && !/^https?:\/\/[^\s]+$/.test(v)) return { error: `${name} must be a URL like http://127.0.0.1:8080, not "${v}".` }
  }
  if (values.has('--restate-admin') && !values.has('--restate')) return { error: '--restate-admin goes with --restate INGRESS_URL.' }
  return {
    command: 'serve',
    folder: positional[0]!,
    port,
    host: values.get('--host') ?? '127.0.0.1',
    ...(values.has('--data') ? { data: values.get('--data') } : {}),
    allowRemote: flags.has('--allow-remote'),
    ...(values.has('--restate') ? { restate: values.get('--restate') } : {}),
    ...(values.has('--restate-admin') ? { restateAdmin: values.get('--restate-admin') } : {}),
    register: !flags.has('--no-register'),
    ...(endpointPort !== undefined ? { endpointPort } : {}),
    ...(values.has('--restate-identity-key') ? { restateIdentityKey: values.get('--restate-identity-key') } : {}),
    ...(values.has('--webhook') ? { webhook: values.get('--webhook') } : {}),
  }
}

function portOf(raw: string | undefined, name: string, dflt: number): number | string {
  if (raw === undefined) return dflt
  const n = Number(raw)
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : `${name} must be a port number (0-65535), not "${raw}".`
}

export const USERS_USAGE = `Usage: mini-interval users COMMAND [options]

The people of a serve's data folder; a running serve picks up each change at once.

Commands:
  list                          who is here, with roles and teams
  add EMAIL --role ROLE         add a person and print a one-time sign-in link
      [--teams a,b] [--name "First Last"]
  set-role EMAIL ROLE           change a role (and --teams a,b)
  remove EMAIL                  remove a person: their sessions end at once
  link EMAIL                    a new one-time sign-in link (24 h)

Roles: ${ROLES.join(', ')}

Options:
  --data DIR                    the data folder serve uses (default FOLDER/.mini-interval)
  --folder FOLDER               serve's FOLDER, when --data is the default (default: here)
  --url URL                     the server's address in printed links (default: where serve last listened)`

const USERS_VALUE = new Set(['--role', '--teams', '--name', '--data', '--folder', '--url'])
const USERS_ACTIONS = new Set(['list', 'add', 'set-role', 'remove', 'link'])

function parseUsers(argv: string[]): UsersArgs | { command: 'help' } | { error: string } {
  const values = new Map<string, string>()
  const positional: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '-h' || arg === '--help') return { command: 'help' }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1
    const name = eq > 0 ? arg.slice(0, eq) : arg
    if (USERS_VALUE.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i]
      if (value === undefined || value === '') return { error: `${name} needs a value.` }
      values.set(name, value)
    } else if (arg.startsWith('-')) return { error: `Unknown option ${arg}. See mini-interval users --help.` }
    else positional.push(arg)
  }
  const [action, email, roleArg, ...extra] = positional
  if (!action) return { command: 'help' }
  if (!USERS_ACTIONS.has(action)) return { error: `Unknown users command "${action}": one of ${[...USERS_ACTIONS].join(', ')}.` }
  if (action !== 'list' && !email) return { error: `users ${action} needs an EMAIL.` }
  if (action === 'list' && email) return { error: `users list takes no EMAIL.` }
  const roleText = values.get('--role') ?? (action === 'set-role' ? roleArg : undefined)
  if (extra.length || (roleArg !== undefined && action !== 'set-role')) return { error: `Unexpected ${[roleArg, ...extra].filter(Boolean).join(' ')}. See mini-interval users --help.` }
  if ((action === 'add' || action === 'set-role') && !roleText) return { error: `users ${action} needs a role: ${action === 'add' ? '--role ' : ''}${ROLES.join('|')}.` }
  if (roleText !== undefined && !(ROLES as readonly string[]).includes(roleText)) return { error: `"${roleText}" is not a role: one of ${ROLES.join(', ')}.` }
  const url = values.get('--url')
  if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url)) return { error: `--url must be the server's address, like https://tools.example.com/, not "${url}".` }
  return {
    command: 'users',
    action: action as UsersArgs['action'],
    data: values.get('--data') ?? `${values.get('--folder') ?? '.'}/.mini-interval`,
    ...(email ? { email } : {}),
    ...(roleText ? { role: roleText as Role } : {}),
    ...(values.has('--teams') ? { teams: values.get('--teams')!.split(',').map((t) => t.trim()).filter(Boolean) } : {}),
    ...(values.has('--name') ? { name: values.get('--name') } : {}),
    ...(url ? { url } : {}),
  }
}
