// ctx.now() and ctx.random() answered by the host, for an engine with
// deterministic ones of its own (Restate's ctx.date.now and ctx.rand): the
// value is that engine's, journaled by it, not ours. The action's calls are
// synchronous, so the worker posts its request and blocks on a buffer shared
// with the host until the host writes the value there.

export type ClockOp = 'now' | 'random'

/** [0]: Int32 flag (1 once a value is there), [8]: the Float64 value. */
export function clockBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(16)
}

/** Host side: hands the waiting worker its value. */
export function answerClock(buffer: SharedArrayBuffer, value: number): void {
  new Float64Array(buffer, 8, 1)[0] = value
  const flag = new Int32Array(buffer, 0, 1)
  Atomics.store(flag, 0, 1)
  Atomics.notify(flag, 0)
}

/** Worker side: posts the request (`ask`) and waits for the host's value. */
export function askClock(buffer: SharedArrayBuffer, ask: () => void): number {
  const flag = new Int32Array(buffer, 0, 1)
  Atomics.store(flag, 0, 0)
  ask()
  // The worker's thread blocks here; terminating the worker (cancel, shutdown) ends the wait.
  while (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0)
  return new Float64Array(buffer, 8, 1)[0]
}
