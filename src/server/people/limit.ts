// Slows guessing: after `max` failed sign-ins (or wrong tokens) from one
// address, or against one person, within `windowMs`, further attempts are
// refused (429) until the window has passed, right or wrong.
export class FailureLimit {
  private readonly failures = new Map<string, number[]>()

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  blockedFor(key: string): number {
    const times = this.recent(key)
    return times.length >= this.max ? times[0]! + this.windowMs - this.now() : 0
  }

  fail(key: string): void {
    const times = this.recent(key)
    times.push(this.now())
    this.failures.set(key, times)
    // Bounded memory under a flood of addresses: forget the quietest keys.
    if (this.failures.size > 10_000) for (const k of [...this.failures.keys()].slice(0, 1000)) this.failures.delete(k)
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs
    const times = (this.failures.get(key) ?? []).filter((t) => t > since)
    if (!times.length) this.failures.delete(key)
    return times
  }
}
