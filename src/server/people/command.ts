// `mini-interval users …`: changes people.json in the data folder directly (the
// file system is the credential: whoever may read the data folder runs the
// server). A running serve re-reads the file, so each change applies at once.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { UsersArgs } from '../cli'
import { PeopleStore } from './store'

/** Runs one users command; the lines to print. Refusals throw PeopleError (one line). */
export function usersCommand(args: UsersArgs): string[] {
  const data = resolve(args.data)
  const people = new PeopleStore(data)
  const linkUrl = (secret: string): string => `${baseUrl(data, args.url)}signin?link=${encodeURIComponent(secret)}`
  switch (args.action) {
    case 'list': {
      const all = people.list()
      if (!all.length) return [`No people in ${data} yet: mini-interval users add EMAIL --role admin`]
      return all.map((p) => [p.email, p.role, p.teams.join(',') || '-', `${p.firstName} ${p.lastName}`.trim()].join('\t'))
    }
    case 'add': {
      const { person, link } = people.add({ email: args.email!, role: args.role!, ...(args.teams ? { teams: args.teams } : {}), ...(args.name ? { name: args.name } : {}) })
      return [`Added ${person.email} as ${person.role}${person.teams.length ? ` (teams ${person.teams.join(', ')})` : ''}. Their sign-in link (works once, for 24 hours):`, linkUrl(link)]
    }
    case 'set-role': {
      const p = people.setRole(args.email!, args.role!, args.teams)
      return [`${p.email} is now ${p.role}${p.teams.length ? ` (teams ${p.teams.join(', ')})` : ''}.`]
    }
    case 'remove': {
      const p = people.remove(args.email!)
      return [`Removed ${p.email}: their sessions have ended.`]
    }
    case 'link':
      return [`A new sign-in link for ${people.find(args.email!)?.email ?? args.email} (works once, for 24 hours):`, linkUrl(people.link(args.email!))]
  }
}

/** --url, else the address serve last listened at (it writes it to the data folder), else serve's default. */
function baseUrl(data: string, given?: string): string {
  let url = given
  if (!url) {
    try {
      url = readFileSync(join(data, 'address'), 'utf8').trim()
    } catch {
      url = 'http://127.0.0.1:9080/'
    }
  }
  return url.endsWith('/') ? url : `${url}/`
}
