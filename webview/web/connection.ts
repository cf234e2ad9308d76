// Whether the page's streams to the server are up. Each stream reports under
// its own name; the header's bar shows "Reconnecting…" while any is down.
import type { ConnectionState } from '../transport/server'

export const CONNECTION_EVENT = 'mi-connection'
const states = new Map<string, ConnectionState>()

export function reportConnection(name: string, state: ConnectionState | 'gone'): void {
  if (state === 'gone') states.delete(name)
  else states.set(name, state)
  window.dispatchEvent(new Event(CONNECTION_EVENT))
}

/** True while a stream that was open (or is opening) cannot reach the server. */
export function isReconnecting(): boolean {
  return [...states.values()].some((s) => s === 'reconnecting')
}
