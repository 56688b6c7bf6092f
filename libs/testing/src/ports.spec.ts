import { freePorts } from './ports';

describe('freePorts', () => {
  it('gives distinct ports that can be bound at once', async () => {
    const ports = await freePorts(8);
    expect(new Set(ports).size).toBe(8);
    const { createServer } = await import('node:net');
    const servers = await Promise.all(
      ports.map(
        (p) =>
          new Promise<import('node:net').Server>((resolve, reject) => {
            const s = createServer().once('error', reject);
            s.listen(p, '127.0.0.1', () => resolve(s));
          }),
      ),
    );
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });
});
