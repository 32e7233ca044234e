import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { namespacesOf, serviceHost } from '../names';
import { redisAddress, renderAppWorkload } from './app-workload';

/** Consumes the Redis list `task_queue` and issues credentials through identity-service. */
export function renderCredentialWorker(spec: EnvironmentSpec): KubeObject[] {
  return renderAppWorkload(spec, 'credential-worker', {
    serves: false,
    config: {
      LOG_FORMAT: 'json',
      LOG_LEVEL: spec.tier === 'production' ? 'info' : 'debug',
      IDENTITY_SERVICE_URL: `http://${serviceHost('identity-service', namespacesOf(spec).app)}`,
      REDIS_ADDRESS: redisAddress(spec),
      TASK_QUEUE: 'task_queue',
      // Finish the task in hand on SIGTERM; scale-in and rollouts then never lose work.
      SHUTDOWN_GRACE_SECONDS: '25',
    },
    secretEnv: [{ env: 'REDIS_PASSWORD', secret: 'redis-auth', key: 'password' }],
  });
}
