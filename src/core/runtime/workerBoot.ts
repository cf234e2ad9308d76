// Entry of a transaction's worker thread (dist/worker.js): runs the runtime
// (worker.ts, bundled as worker-runtime.js beside it) through V8's code cache.
import { join } from 'node:path'
import { runWithCodeCache } from './codeCache'

runWithCodeCache(join(__dirname, 'worker-runtime.js'), require)
