// io.confirmIdentity's decision: ask (a modal dialog in VS Code) unless the
// person confirmed within the call's grace period. A dialog that cannot be
// shown counts as "not confirmed", so the action never hangs on it.
export class IdentityGate {
  private confirmedAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly ask: (label: string) => Promise<boolean>,
    private readonly now: () => number = Date.now,
    private readonly onAskFailed: (e: unknown) => void = () => {},
  ) {}

  async confirm(label: string, gracePeriodMs = 0): Promise<boolean> {
    if (gracePeriodMs > 0 && this.now() - this.confirmedAt < gracePeriodMs) return true
    let confirmed = false
    try {
      confirmed = await this.ask(label)
    } catch (e) {
      this.onAskFailed(e)
    }
    if (confirmed) this.confirmedAt = this.now()
    return confirmed
  }
}
