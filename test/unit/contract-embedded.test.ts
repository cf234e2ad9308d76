// The engine contract (test/contract/engine-contract.ts) on the embedded
// engine: `serve FOLDER` with its journal in the data folder (needs dist/:
// node scripts/build.mjs).
import { engineContract } from '../contract/engine-contract'
import { spawnServe } from './serve-client'

engineContract({
  name: 'embedded',
  serve: (folder, data) => spawnServe([folder, '--port', '0', '--data', data]),
})
