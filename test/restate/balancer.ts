// A TCP balancer for tests: two endpoint processes behind one address, as
// `serve` processes behind a Kubernetes Service or a load balancer are. Each
// connection goes to the next backend that accepts it (round robin); Restate
// registers the balancer's address as the one deployment.
import { connect, createServer, type Server, type Socket } from 'node:net'

export async function startBalancer(backends: number[]): Promise<{ port: number; url: string; close(): Promise<void> }> {
  let next = 0
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.pause()
    const tryBackend = (tries: number): void => {
      if (tries >= backends.length) return void client.destroy()
      const port = backends[next++ % backends.length]
      const upstream = connect(port, '127.0.0.1')
      upstream.once('error', () => tryBackend(tries + 1))
      upstream.once('connect', () => {
        upstream.removeAllListeners('error')
        sockets.add(upstream)
        upstream.on('close', () => (sockets.delete(upstream), client.destroy()))
        upstream.on('error', () => client.destroy())
        client.on('error', () => upstream.destroy())
        client.on('close', () => upstream.destroy())
        client.pipe(upstream).pipe(client)
        client.resume()
      })
    }
    tryBackend(0)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.address() as { port: number }).port
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      }),
  }
}
