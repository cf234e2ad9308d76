// At most `n` tasks at once. Loading an action starts a worker with a 10 s
// timeout for its top-level code; twenty at once on two cores time out under
// load and would be shown broken, so the catalogs load a few at a time.
import { availableParallelism } from 'node:os'

export class Limiter {
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(private readonly n = Math.max(4, availableParallelism())) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.n) await new Promise<void>((r) => this.waiting.push(r))
    else this.running++
    try {
      return await task()
    } finally {
      // The slot passes to the next task as is, or is freed.
      const next = this.waiting.shift()
      if (next) next()
      else this.running--
    }
  }
}
