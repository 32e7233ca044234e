import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { memoryBytes } from '@/lib/core/environments/quantity';
import type { KubeObject } from '../kube-object';
import { namespacesOf, ports } from '../names';
import { infrastructureImages, tierDefaults } from '../platform-defaults';
import { renderWorkload, tcpProbes } from './workload';

const resources = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } };

/**
 * Redis' own ceiling, well under the container's limit: with `noeviction` it then refuses writes
 * (wallet-api gets an OOM error for that task) instead of growing until the kernel kills it and an
 * AOF too large to load keeps it crash-looping. What maxmemory does not count stays under the limit:
 * a quarter of it for fragmentation and client buffers, and with append-only persistence the AOF
 * rewrite's fork, whose copy-on-write pages count against the same cgroup limit: under writes the
 * child can hold a second copy of everything, so twice maxmemory plus that quarter must fit
 * (192mb of 512Mi). validate/redis-memory.ts checks the same rule.
 */
function maxmemory(persistent: boolean): string {
  const usable = memoryBytes(resources.limits.memory) * 0.75;
  return `${Math.floor((persistent ? usable / 2 : usable) / 1024 ** 2)}mb`;
}

/** The task queue between wallet-api and credential-worker, with redis_exporter reporting
 *  `redis_key_size{key="task_queue"}`. Rendered only when something uses it. */
export function renderRedis(spec: EnvironmentSpec): KubeObject[] {
  const { 'wallet-api': wallet, 'credential-worker': worker } = spec.components;
  if (!wallet.enabled && !worker.enabled) return [];
  const storage = tierDefaults[spec.tier].redis.storage;
  const password = { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis-auth', key: 'password' } } };
  return renderWorkload({
    spec,
    name: 'redis',
    namespace: namespacesOf(spec).app,
    version: infrastructureImages.redis.split(':')[1] ?? '',
    runAsUser: 999,
    replicas: 1,
    minimumReplicas: 1,
    persistentVolume: storage ? { size: storage, mountPath: '/data', container: 'redis' } : undefined,
    containers: [
      {
        name: 'redis',
        image: infrastructureImages.redis,
        command: ['redis-server'],
        // Append-only persistence where a volume exists; the queue survives restarts there.
        args: ['--requirepass', '$(REDIS_PASSWORD)', '--appendonly', storage ? 'yes' : 'no', '--save', '', '--maxmemory', maxmemory(storage !== undefined), '--maxmemory-policy', 'noeviction'],
        ports: [{ name: 'tcp-redis', containerPort: ports.redis }],
        env: [password],
        resources,
        probes: tcpProbes('tcp-redis'),
        writablePaths: storage ? { tmp: '/tmp' } : { tmp: '/tmp', data: '/data' },
      },
      {
        name: 'redis-exporter',
        image: infrastructureImages.redisExporter,
        args: ['--check-single-keys=db0=task_queue', '--include-system-metrics=false'],
        ports: [{ name: 'http-metrics', containerPort: ports.redisMetrics }],
        env: [{ name: 'REDIS_ADDR', value: `redis://127.0.0.1:${ports.redis}` }, password],
        resources: { requests: { cpu: '25m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
        probes: {
          startup: { httpGet: { path: '/health', port: 'http-metrics' }, periodSeconds: 2, failureThreshold: 30 },
          readiness: { httpGet: { path: '/health', port: 'http-metrics' }, periodSeconds: 10 },
          liveness: { httpGet: { path: '/health', port: 'http-metrics' }, periodSeconds: 20 },
        },
      },
    ],
    servicePorts: [
      { name: 'tcp-redis', port: ports.redis, targetPort: 'tcp-redis', appProtocol: 'redis' },
      { name: 'http-metrics', port: ports.redisMetrics, targetPort: 'http-metrics', appProtocol: 'http' },
    ],
    podAnnotations: { 'sidecar.istio.io/inject': 'true' },
  });
}
