import { createServer, type IncomingHttpHeaders } from 'node:http';

export type ReceivedRequest = { path: string; headers: IncomingHttpHeaders; body: string };

/**
 * A webhook receiver on a loopback port: records every request and answers each path with the
 * statuses (and bodies) it is told, in order, then 200 "ok".
 */
export async function startWebhookReceiver() {
  const received: ReceivedRequest[] = [];
  const scripted = new Map<string, { status: number; body: string }[]>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const next = scripted.get(path)?.shift() ?? { status: 200, body: 'ok' };
      response.writeHead(next.status, { 'content-type': 'text/plain' }).end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received: (path: string) => received.filter((r) => r.path === path),
    answer: (path: string, ...answers: { status: number; body: string }[]) => scripted.set(path, answers),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
