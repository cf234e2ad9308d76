// A binary min-heap of wake-ups by time: the scheduler arms one timer for the
// earliest, so ten thousand schedules cost one timer while idle.
export interface WakeUp {
  at: number
  id: string
  /** The schedule's plan it belongs to: a wake-up from an older plan is ignored. */
  version: number
}

export class TimerHeap {
  private readonly items: WakeUp[] = []

  get size(): number {
    return this.items.length
  }

  peek(): WakeUp | undefined {
    return this.items[0]
  }

  push(w: WakeUp): void {
    const a = this.items
    a.push(w)
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1
      if (a[p].at <= a[i].at) break
      ;[a[p], a[i]] = [a[i], a[p]]
      i = p
    }
  }

  pop(): WakeUp | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (a.length && last) {
      a[0] = last
      for (let i = 0; ; ) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && a[l].at < a[m].at) m = l
        if (r < a.length && a[r].at < a[m].at) m = r
        if (m === i) break
        ;[a[m], a[i]] = [a[i], a[m]]
        i = m
      }
    }
    return top
  }

  /** Keeps only the wake-ups `keep` accepts (dropping stale plans), rebuilding the heap. */
  retain(keep: (w: WakeUp) => boolean): void {
    const kept = this.items.filter(keep)
    this.items.length = 0
    for (const w of kept) this.push(w)
  }
}
