// The engine contract (test/contract/engine-contract.ts) on Restate: `serve
// FOLDER --restate …` against a real restate-server started for the suite,
// restarted on the same endpoint port (where Restate finds it again).
// Run by scripts/test-restate.mjs with Node 24; needs dist/ (node scripts/build.mjs).
import { engineContract, type Behaviour } from '../contract/engine-contract'
import { spawnServe } from '../unit/serve-client'
import { freePort, startRestate, type RestateNode } from './server'

/** What Restate does not do yet, and why: each shows as a pending test. Remove an entry once its behaviour lands. */
export const pendingOnRestate: Partial<Record<Behaviour, string>> = {
}

let restate: (RestateNode & { cleanup(): Promise<void> }) | undefined
let endpointPort = 0

engineContract({
  name: 'restate',
  async before() {
    restate = await startRestate()
    endpointPort = await freePort()
  },
  after: async () => restate?.cleanup(),
  serve: (folder, data) =>
    spawnServe([folder, '--port', '0', '--data', data, '--restate', restate!.ingress, '--restate-admin', restate!.admin, '--endpoint-port', String(endpointPort)]),
  pending: pendingOnRestate,
})
