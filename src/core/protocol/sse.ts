// Server-sent events, read as the HTML spec reads them: lines end in \n, \r\n
// or \r; `data:` lines of one event are joined with \n; a blank line ends the
// event; `:` lines are comments (serve's keep-alives); `retry:` sets the delay.
// Node has no EventSource, so VS Code reads serve's streams through this.

export interface SseEvent {
  data: string
  /** The `event:` field; absent means "message". */
  event?: string
  id?: string
}

export class SseParser {
  private buffer = ''
  private data: string[] = []
  private event?: string
  private id?: string
  /** The last `retry:` the server asked for, in ms. */
  retryMs?: number
  /** A \r ended the last chunk: a \n at the start of the next one belongs to it. */
  private pendingCr = false

  constructor(
    private readonly onEvent: (e: SseEvent) => void,
    /** An event larger than this is dropped (a broken or hostile server cannot fill memory). */
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  /** Feeds the next chunk of the stream's text. */
  push(chunk: string): void {
    if (this.pendingCr && chunk.startsWith('\n')) chunk = chunk.slice(1)
    this.pendingCr = false
    this.buffer += chunk
    let start = 0
    for (;;) {
      const cr = this.buffer.indexOf('\r', start)
      const lf = this.buffer.indexOf('\n', start)
      if (cr < 0 && lf < 0) break
      const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf)
      // A \r as the last character may be the first half of \r\n.
      if (end === cr && end === this.buffer.length - 1) {
        this.line(this.buffer.slice(start, end))
        this.pendingCr = true
        start = end + 1
        break
      }
      this.line(this.buffer.slice(start, end))
      start = end + (end === cr && this.buffer[end + 1] === '\n' ? 2 : 1)
    }
    this.buffer = this.buffer.slice(start)
    if (this.buffer.length > this.maxBytes) {
      this.buffer = ''
      this.data = []
    }
  }

  private line(line: string): void {
    if (line === '') return this.dispatch()
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') this.data.push(value)
    else if (field === 'event') this.event = value
    else if (field === 'id' && !value.includes('\0')) this.id = value
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value)
  }

  private dispatch(): void {
    const data = this.data
    const event = this.event
    this.data = []
    this.event = undefined
    if (!data.length) return
    const joined = data.join('\n')
    if (joined.length > this.maxBytes) return
    this.onEvent({ data: joined, ...(event ? { event } : {}), ...(this.id !== undefined ? { id: this.id } : {}) })
  }
}
