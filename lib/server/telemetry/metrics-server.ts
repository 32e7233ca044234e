import { createServer, type Server } from 'node:http';
import { logger } from '../logger';
import { consoleMetrics } from './metrics';

/**
 * Serves GET /metrics on its own listener bound to a loopback address (env.ts refuses any other),
 * apart from the public port: metrics describe the platform's internals (environments, outcomes,
 * timings) and are for the local Prometheus or a sidecar, never for a browser. Anything else: 404.
 */
export function startMetricsServer(port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(path === '/metrics' ? 405 : 404, { 'content-type': 'text/plain' }).end(path === '/metrics' ? 'method not allowed\n' : 'not found\n');
      return;
    }
    const { registry } = consoleMetrics();
    registry
      .metrics()
      .then((text) => response.writeHead(200, { 'content-type': registry.contentType }).end(request.method === 'HEAD' ? undefined : text))
      .catch((error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${error.message}\n`));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = server.address();
      logger.info('metrics listening', { address: `http://${host}:${typeof bound === 'object' && bound ? bound.port : port}/metrics` });
      resolve(server);
    });
  });
}
