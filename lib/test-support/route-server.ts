import { createServer, type Server } from 'node:http';
import type { Handler } from './route-harness';

/**
 * The given route handlers served over real HTTP on a free loopback port, for clients that run as
 * their own process (the CLI). Routes are path patterns with named groups for the route params.
 */
export async function serveRoutes(routes: Array<[RegExp, Record<string, Handler>]>): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (incoming, outgoing) => {
    const url = new URL(incoming.url!, 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const route = routes.map(([pattern, module]) => ({ match: pattern.exec(url.pathname), module })).find(({ match }) => match);
    const handler = route?.module[incoming.method!];
    if (!route || !handler) return outgoing.writeHead(404).end();
    const params = Object.fromEntries(Object.entries(route.match!.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)]));
    const request = new Request(new URL(url.pathname + url.search, 'http://127.0.0.1:3999'), {
      method: incoming.method,
      headers: incoming.headers as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const response = await handler(request, { params: Promise.resolve(params) });
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    // Streamed as it comes, so server-sent events reach the client while the run goes on.
    if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) outgoing.write(chunk);
    outgoing.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
