// Who runs actions locally: the OS account, with git's email when it has one.
import { execFileSync } from 'node:child_process'
import { userInfo } from 'node:os'
import type { User } from '../protocol'

export function localUser(): User {
  const username = safe(() => userInfo().username) ?? 'user'
  const email = safe(() => execFileSync('git', ['config', '--get', 'user.email'], { timeout: 2000, encoding: 'utf8' }).trim()) || `${username}@localhost`
  const fullName = safe(() => execFileSync('git', ['config', '--get', 'user.name'], { timeout: 2000, encoding: 'utf8' }).trim()) || username
  const [firstName, ...rest] = fullName.split(/\s+/)
  return { email, firstName, lastName: rest.join(' '), role: 'admin', teams: [] }
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f()
  } catch {
    return undefined
  }
}
