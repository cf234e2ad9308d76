// The address `mini-interval serve` prints (http://HOST:PORT/?token=TOKEN),
// split into what a client keeps apart: the server's base URL (fine to store
// anywhere) and its token (a secret).

export interface ServerAddress {
  /** `http://127.0.0.1:9080`: no path, no query, no trailing slash. */
  base: string
  token: string
  /** `127.0.0.1:9080`, for the views' root node. */
  label: string
}

/** Parses what a person pasted; bad input gives one sentence saying what is wrong. */
export function parseServerAddress(input: string): ServerAddress | { error: string } {
  const text = input.trim()
  if (!text) return { error: 'Paste the address `mini-interval serve` printed (it ends in ?token=…).' }
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`)
  } catch {
    return { error: `"${text}" is not an address: paste the one \`mini-interval serve\` printed.` }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `A Mini Interval server is reached over http or https, not ${url.protocol.replace(/:$/, '')}.` }
  if (url.username || url.password) return { error: 'The address must not carry a user name or password; the token goes after ?token=.' }
  const token = url.searchParams.get('token')?.trim()
  if (!token) return { error: 'The address has no token: copy the whole line `mini-interval serve` printed, ending in ?token=….' }
  // It travels in an Authorization header: visible ASCII only.
  if (!/^[\x21-\x7e]{1,4096}$/.test(token)) return { error: 'The token in the address has spaces or characters a token cannot have.' }
  return { base: url.origin, token, label: url.host }
}
