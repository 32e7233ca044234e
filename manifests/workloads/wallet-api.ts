import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { namespacesOf, serviceHost } from '../names';
import { redisAddress, renderAppWorkload } from './app-workload';

/** The wallet's public API: verifies tokens with identity-service, enqueues credential work on Redis. */
export function renderWalletApi(spec: EnvironmentSpec): KubeObject[] {
  return renderAppWorkload(spec, 'wallet-api', {
    serves: true,
    config: {
      HTTP_PORT: '8080',
      LOG_FORMAT: 'json',
      LOG_LEVEL: spec.tier === 'production' ? 'info' : 'debug',
      IDENTITY_SERVICE_URL: `http://${serviceHost('identity-service', namespacesOf(spec).app)}`,
      REDIS_ADDRESS: redisAddress(spec),
      TASK_QUEUE: 'task_queue',
    },
    secretEnv: [
      { env: 'DATABASE_URL', secret: 'wallet-api-database', key: 'url' },
      { env: 'REDIS_PASSWORD', secret: 'redis-auth', key: 'password' },
    ],
  });
}
