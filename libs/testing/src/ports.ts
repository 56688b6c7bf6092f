import { createServer, type AddressInfo, type Server } from 'node:net';

/**
 * `n` distinct loopback ports free right now, chosen by the operating system (the machine is shared: fixed
 * ports collide with other engineers' runs and with `npm start`). All `n` are held open until every one is
 * known, so they differ from each other; another process could still take one before the test binds it, a
 * window of milliseconds.
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

/** One loopback port free right now (see `freePorts`). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}
