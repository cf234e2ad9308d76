// The VS Code webview's transport: acquireVsCodeApi's postMessage out, window
// `message` events in, and the webview state VS Code keeps while the panel is hidden.
import type { Transport } from './types'

interface VsCodeApi {
  postMessage(message: unknown): void
  getState(): unknown
  setState(state: unknown): void
}
declare function acquireVsCodeApi(): VsCodeApi

export function vscodeTransport(): Transport {
  const api = acquireVsCodeApi() // may be called once per page, so once here
  return {
    post: (m) => api.postMessage(m),
    listen(onMessage) {
      const handler = (e: MessageEvent) => onMessage(e.data)
      window.addEventListener('message', handler)
      return () => window.removeEventListener('message', handler)
    },
    getState: () => api.getState(),
    setState: (s) => api.setState(s),
  }
}
