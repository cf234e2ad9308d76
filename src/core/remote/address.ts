// What a person pastes to connect to `mini-interval serve`: the address it
// prints (http://HOST:PORT/?token=TOKEN), or a personal sign-in link
// (http://HOST:PORT/signin?link=SECRET, from `mini-interval users add`), split
// into what a client keeps apart: the server's base URL (fine to store
// anywhere) and its secret.

export interface ServerAddress {
  /** `http://127.0.0.1:9080`: no path, no query, no trailing slash. */
  base: string
  token: string
  /** `127.0.0.1:9080`, for the views' root node. */
  label: string
}

/** A personal sign-in link: its secret is exchanged once for a session token (POST /api/session). */
export interface SignInLink {
  base: string
  link: string
  label: string
}

/** A secret as it may travel in a header or a JSON body: visible ASCII only. */
const SECRET = /^[\x21-\x7e]{1,4096}$/

/** Parses what a person pasted; bad input gives one sentence saying what is wrong. */
export function parseServerAddress(input: string): ServerAddress | SignInLink | { error: string } {
  const text = input.trim()
  if (!text) return { error: 'Paste your sign-in link, or the address `mini-interval serve` printed (it ends in ?token=…).' }
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`)
  } catch {
    return { error: `"${text}" is not an address: paste the one \`mini-interval serve\` printed.` }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `A Mini Interval server is reached over http or https, not ${url.protocol.replace(/:$/, '')}.` }
  if (url.username || url.password) return { error: 'The address must not carry a user name or password; the token goes after ?token=.' }
  const link = url.pathname.replace(/\/+$/, '') === '/signin' ? url.searchParams.get('link')?.trim() : undefined
  if (link !== undefined) {
    if (!SECRET.test(link)) return { error: 'The sign-in link is cut short or has spaces: copy the whole link you were given.' }
    return { base: url.origin, link, label: url.host }
  }
  const token = url.searchParams.get('token')?.trim()
  if (!token) return { error: 'The address has no token: paste your sign-in link (…/signin?link=…), or the whole line `mini-interval serve` printed, ending in ?token=….' }
  // It travels in an Authorization header: visible ASCII only.
  if (!SECRET.test(token)) return { error: 'The token in the address has spaces or characters a token cannot have.' }
  return { base: url.origin, token, label: url.host }
}
