import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on now (the OS picks it, and it is closed again): for a process
 * a test starts there, or as a closed port an outside call must be refused on.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
