// What `require` gives action code for each package name that resolves to our
// runtime. `__esModule` and `default` make `import Interval from '@interval/sdk'`
// work as it did with Interval's own CommonJS build. In an .mjs/.mts file the
// default import is the whole module (Node's rule for CommonJS packages), so the
// module is itself a subclass of Interval that carries the named exports.
import * as sdk from './index'

function moduleOf(interval: typeof sdk.Interval, extra: Record<string, unknown> = {}): typeof sdk.Interval {
  const mod = class extends interval {}
  Object.defineProperty(mod, 'name', { value: interval.name })
  return Object.assign(mod, { ...sdk, ...extra, __esModule: true, default: interval })
}

const main = moduleOf(sdk.Interval)
/** `@interval/sdk/dist/experimental`: its `Interval` is ExperimentalInterval; pages were also ActionGroup and Router. */
const experimental = moduleOf(sdk.ExperimentalInterval, { Interval: sdk.ExperimentalInterval, ActionGroup: sdk.Page, Router: sdk.Page })

export const SDK_MODULES: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['mini-interval', main],
  ['@interval/sdk', main],
  ['@interval/sdk/dist/experimental', experimental],
  ['@interval/sdk/experimental', experimental],
])
