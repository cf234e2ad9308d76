// What closing a transaction's panel does, from the action's options
// (Interval's defaults: backgroundable false, warnOnClose true).
import { isFinished, type TxStatus } from '../protocol'

export type CloseDecision = 'nothing' | 'keep-running' | 'ask' | 'cancel'

export function onPanelClose(o: { backgroundable?: boolean; warnOnClose?: boolean; status: TxStatus }): CloseDecision {
  if (isFinished(o.status)) return 'nothing'
  if (o.backgroundable) return 'keep-running' // it goes on without its panel; History and the tree show it
  if (o.warnOnClose ?? true) return 'ask' // the shell asks "Cancel the action?" before it is canceled
  return 'cancel'
}
