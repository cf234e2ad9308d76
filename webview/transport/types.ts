// What the UI needs from whoever runs the transaction: a way to send the
// person's messages, a stream of the host's messages, and a place to keep what
// survives a reload. VS Code (postMessage) and `mini-interval serve` (server-sent
// events and fetch) each implement it; everything above it is shared.
import type { WebviewToHost } from '../../src/core/protocol'

export interface Transport {
  /** Sends one message to the host. */
  post(message: WebviewToHost): void
  /** Starts delivering the host's messages (unparsed: the session checks them). Returns the stop. */
  listen(onMessage: (data: unknown) => void): () => void
  /** What setState last kept for this transaction, after a reload too. */
  getState(): unknown
  setState(state: unknown): void
}
