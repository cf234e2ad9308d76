// The browser app's routes, read from location.pathname. The server returns
// the same page for each, so every URL survives a reload; moving between them
// is history.pushState, no full reload.
export type Route =
  | { name: 'dashboard' }
  | { name: 'tx'; id: string }
  | { name: 'history'; params: URLSearchParams }
  | { name: 'historyEntry'; id: string }
  | { name: 'people' }
  | { name: 'schedules' }
  | { name: 'inbox' }
  | { name: 'notFound'; path: string }

/** Transaction ids as the server makes them; anything else is not a page of ours. */
const ID = /^[A-Za-z0-9_-]{1,200}$/

export function parseRoute(pathname: string, search = ''): Route {
  const parts = pathname.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p)
    } catch {
      return '\u0000' // malformed escape: matches no route
    }
  })
  if (parts.length === 0) return { name: 'dashboard' }
  if (parts[0] === 'tx' && parts.length === 2 && ID.test(parts[1]!)) return { name: 'tx', id: parts[1]! }
  if (parts[0] === 'history' && parts.length === 1) return { name: 'history', params: new URLSearchParams(search) }
  if (parts[0] === 'history' && parts.length === 2 && ID.test(parts[1]!)) return { name: 'historyEntry', id: parts[1]! }
  if (parts[0] === 'people' && parts.length === 1) return { name: 'people' }
  if (parts[0] === 'schedules' && parts.length === 1) return { name: 'schedules' }
  if (parts[0] === 'inbox' && parts.length === 1) return { name: 'inbox' }
  return { name: 'notFound', path: pathname }
}

export const NAVIGATE_EVENT = 'mi-navigate'

/** Goes to `path` inside the app (pushState; `replace` for a URL that only changes its query). */
export function navigate(path: string, { replace = false } = {}): void {
  if (path === location.pathname + location.search) return
  if (replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

/** A click on an in-app link: handled by navigate unless the person asked for a new tab or window. */
export function onLinkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
  const a = (e.currentTarget as HTMLAnchorElement)
  const url = new URL(a.href, location.href)
  if (url.origin !== location.origin) return
  e.preventDefault()
  navigate(url.pathname + url.search)
}
