// What `require` gives action code for each package name that resolves to our
// runtime. `__esModule` and `default` make `import Interval from '@interval/sdk'`
// work as it did with Interval's own CommonJS build.
import * as sdk from './index'

const main = { __esModule: true, ...sdk, default: sdk.Interval }
/** `@interval/sdk/dist/experimental`: its `Interval` is ExperimentalInterval; pages were also ActionGroup and Router. */
const experimental = { ...main, Interval: sdk.ExperimentalInterval, default: sdk.ExperimentalInterval, ActionGroup: sdk.Page, Router: sdk.Page }

export const SDK_MODULES: ReadonlyMap<string, unknown> = new Map([
  ['mini-interval', main],
  ['@interval/sdk', main],
  ['@interval/sdk/dist/experimental', experimental],
  ['@interval/sdk/experimental', experimental],
])
