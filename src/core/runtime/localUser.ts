// Who runs actions locally: git's user.name and user.email as the workspace
// folder sees them (its own config wins over the global one), else the OS account;
// a developer, as Interval's roles go (serve's people have their own roles).
import { execFileSync } from 'node:child_process'
import { userInfo } from 'node:os'
import type { User } from '../protocol'

export function localUser(cwd?: string): User {
  const username = safe(() => userInfo().username) ?? 'user'
  const git = (key: string): string | undefined =>
    safe(() => execFileSync('git', ['config', '--get', key], { cwd, timeout: 2000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim())
  const email = git('user.email') || `${username}@localhost`
  const fullName = git('user.name') || username
  const [firstName, ...rest] = fullName.split(/\s+/)
  return { email, firstName, lastName: rest.join(' '), role: 'developer', teams: [] }
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f()
  } catch {
    return undefined
  }
}
