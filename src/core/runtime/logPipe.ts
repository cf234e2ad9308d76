// The worker's log, in order with everything else it posts: ctx.log lines and
// console output (process.stdout/stderr.write, which console uses) are batched
// into `log` messages that leave before the next message of any other kind, so
// every line reaches the host before the result. Node's own worker stdout
// arrives asynchronously, after the result, and was lost when the worker was
// stopped at the end.
import { cutString } from './serialize'

/** One log line keeps at most this many characters. */
export const LOG_LIMIT = 10_000
/** A batch is posted once it holds this many lines or characters, so 100,000 lines travel as ~100 messages. */
const BATCH_LINES = 1000
const BATCH_CHARS = 256 * 1024

export const capLogLine = (line: string): string => cutString(line, LOG_LIMIT)

export class LogPipe {
  private batch: string[] = []
  private chars = 0
  private scheduled = false
  /** What each stream wrote after its last newline. */
  private readonly partial = new Map<string, string>()

  constructor(private readonly send: (messages: string[]) => void) {}

  /** One line of the log (ctx.log's text may span lines: it stays one entry). */
  line(text: string): void {
    const line = capLogLine(text)
    this.batch.push(line)
    this.chars += line.length
    if (this.batch.length >= BATCH_LINES || this.chars >= BATCH_CHARS) this.flush()
    else if (!this.scheduled) {
      this.scheduled = true
      // An action that logs and then works for a while: its lines show now, not at its next message.
      setImmediate(() => {
        this.scheduled = false
        this.flush()
      })
    }
  }

  /** Console output: split into lines; an unfinished line waits for its newline (or the end). */
  write(stream: string, chunk: string): void {
    const lines = ((this.partial.get(stream) ?? '') + chunk).split('\n')
    let rest = lines.pop()!
    for (const l of lines) this.line(l.endsWith('\r') ? l.slice(0, -1) : l)
    if (rest.length > LOG_LIMIT) (this.line(rest), (rest = ''))
    this.partial.set(stream, rest)
  }

  /** Routes a stream's writes into this log. */
  capture(name: string, stream: NodeJS.WritableStream): void {
    stream.write = ((chunk: unknown, encoding?: unknown, cb?: unknown): boolean => {
      const enc = typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'
      this.write(name, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString(enc))
      const done = typeof encoding === 'function' ? encoding : cb
      if (typeof done === 'function') process.nextTick(done as () => void)
      return true
    }) as NodeJS.WritableStream['write']
  }

  /** Posts the complete lines so far. */
  flush(): void {
    if (!this.batch.length) return
    const batch = this.batch
    this.batch = []
    this.chars = 0
    this.send(batch)
  }

  /** The action is done: unfinished lines count too. */
  end(): void {
    for (const [stream, rest] of this.partial) if (rest) this.line(rest), this.partial.set(stream, '')
    this.flush()
  }
}
