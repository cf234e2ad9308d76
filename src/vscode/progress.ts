// ctx.loading while the transaction's panel is hidden (or closed while it
// keeps running): VS Code's own progress notification shows the same label,
// description and "3 of 10", and its Cancel cancels the transaction.
import * as vscode from 'vscode'
import type { LoadingState } from '../core/protocol'

type Report = vscode.Progress<{ message?: string; increment?: number }>

/** "Refunding: card charges (3 of 10)". */
export function progressText(l: LoadingState): string {
  const count = l.itemsInQueue !== undefined ? `${l.itemsCompleted ?? 0} of ${l.itemsInQueue}` : ''
  const head = [l.label ?? 'Working…', l.description].filter(Boolean).join(': ')
  return count ? `${head} (${count})` : head
}

export class HiddenProgress implements vscode.Disposable {
  private shown?: { report?: Report; done(): void; percent: number; message?: string }

  constructor(
    private readonly title: string,
    private readonly onCancel: () => void,
  ) {}

  /** Shows, updates or ends the notification for the current loading state. */
  update(loading: LoadingState | undefined, panelVisible: boolean): void {
    if (!loading || panelVisible) return this.dispose()
    if (!this.shown) this.open()
    const s = this.shown!
    const percent = loading.itemsInQueue ? Math.min(100, (100 * (loading.itemsCompleted ?? 0)) / loading.itemsInQueue) : 0
    s.message = progressText(loading)
    s.report?.report({ message: s.message, increment: Math.max(0, percent - s.percent) })
    s.percent = Math.max(s.percent, percent)
  }

  private open(): void {
    let done!: () => void
    const ended = new Promise<void>((r) => (done = r))
    const shown: NonNullable<HiddenProgress['shown']> = { done, percent: 0 }
    this.shown = shown
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: this.title, cancellable: true },
      (progress, token) => {
        // Whatever was reported before VS Code handed us the progress is shown now.
        shown.report = progress
        progress.report({ message: shown.message, increment: shown.percent })
        token.onCancellationRequested(() => this.onCancel())
        return ended
      },
    )
  }

  dispose(): void {
    this.shown?.done()
    this.shown = undefined
  }
}
