// Uploaded files on Restate are not kept forever (restate/blobs.ts): a blob
// not uploaded or read again for its keep time is dropped from Restate's
// state, every chunk of it; uploaded again, it is kept again. The endpoint
// runs in this process with a keep time of 10 s; no transaction runs.
// (Run by scripts/test-restate.mjs with Node 24.)
import * as assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { CHUNK_BYTES, putBlob, readBlob } from '../../src/server/restate/blobs'
import { startEndpoint, type RestateEndpoint } from '../../src/server/restate/endpoint'
import { sealer } from '../../src/server/restate/seal'
import { freePort, register, startRestate, waitFor, type RestateNode } from './server'

async function chunkKeys(admin: string, ref: string): Promise<string[]> {
  const r = await fetch(`${admin}/query`, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: `SELECT DISTINCT service_key FROM state WHERE service_name = 'blob' AND service_key LIKE '${ref}-%'` }),
  })
  const text = await r.text()
  assert.ok(r.ok, text)
  return (JSON.parse(text) as { rows: { service_key: string }[] }).rows.map((row) => row.service_key).sort()
}

describe('Restate: uploaded files expire', function () {
  this.timeout(180_000)
  let restate: RestateNode & { cleanup(): Promise<void> }
  let endpoint: RestateEndpoint
  before(async () => {
    restate = await startRestate()
    endpoint = await startEndpoint({
      port: await freePort(), blobKeepMs: 10_000,
      session: { workerPath: '', hostId: 'files-expiry', resolve: async (slug) => Promise.reject(new Error(`No action "${slug}" here.`)) },
    })
    await register(restate.admin, endpoint.url)
  })
  after(async () => {
    await endpoint?.close()
    await restate?.cleanup()
  })

  it('drops every chunk of a blob untouched for its keep time; uploaded again, it is kept again', async () => {
    const seal = sealer(randomBytes(32))
    const bytes = randomBytes(2 * CHUNK_BYTES + 100)
    const ref = await putBlob(restate.ingress, bytes, seal)
    assert.deepEqual(await readBlob(restate.ingress, ref, seal), bytes)
    const three = JSON.stringify([0, 1, 2].map((i) => `${ref}-${i}`))
    await waitFor('its three chunks, one per key', async () => JSON.stringify(await chunkKeys(restate.admin, ref)) === three, 8000)
    const readAt = Date.now()
    // Not read while waiting (a read keeps it longer); past its keep time, so the state is there to see if not dropped.
    await waitFor('its chunks dropped', async () => Date.now() - readAt > 11_000 && (await chunkKeys(restate.admin, ref)).length === 0, 60_000)
    assert.equal(await readBlob(restate.ingress, ref, seal), undefined, 'gone')
    assert.equal(await putBlob(restate.ingress, bytes, seal), ref)
    assert.deepEqual(await readBlob(restate.ingress, ref, seal), bytes, 'kept again')
  })
})
