import { describe, expect, it } from 'vitest';
import { prodObjects } from '../validate/fixtures';
import { scrapedLabels, seriesText } from './scrape';

const keda = { scrape: 'keda-operator', metric: 'keda_scaler_active', labels: { namespace: 'personapass-prod', scaledObject: 'credential-worker' } };

describe('a scrape as the Prometheus Operator configures it', () => {
  it('keeps KEDA’s own namespace label: the keda-operator monitor honours it', () => {
    expect(scrapedLabels(prodObjects(), keda)).toEqual({
      __name__: 'keda_scaler_active',
      namespace: 'personapass-prod',
      scaledObject: 'credential-worker',
      service: 'keda-operator',
      pod: 'keda-operator-5d8f7c9b6-hx2lq',
      container: 'keda-operator',
      endpoint: 'metrics',
      job: 'keda-operator',
      instance: '10.244.3.17:8080',
    });
  });

  it('stores a colliding label as exported_<name> where the monitor does not honour labels', () => {
    const objects = prodObjects();
    delete objects.find((o) => o.kind === 'ServiceMonitor' && o.metadata.name === 'keda-operator')!.spec.endpoints[0].honorLabels;
    expect(scrapedLabels(objects, keda)).toMatchObject({ namespace: 'keda', exported_namespace: 'personapass-prod' });
  });

  it('labels a target of the platform with its Service, pod and the container serving the port', () => {
    const stored = scrapedLabels(prodObjects(), { scrape: 'redis', metric: 'redis_key_size', labels: { db: 'db0', key: 'task_queue' } });
    expect(stored).toMatchObject({ namespace: 'personapass-prod', service: 'redis', container: 'redis-exporter', endpoint: 'http-metrics', job: 'redis', instance: '10.244.1.23:9121' });
    expect(stored?.pod).toMatch(/^redis-/);
  });

  it('labels a kubelet target with its node and the job its Service’s k8s-app names, and drops what the monitor’s metric relabelling does not keep', () => {
    const objects = prodObjects();
    const cpu = { scrape: 'kubelet-cadvisor', metric: 'container_cpu_usage_seconds_total', labels: { namespace: 'personapass-prod', pod: 'p', container: 'c' } };
    // kube-prometheus-stack names the operator's kubelet Service <release>-kubelet; jobLabel keeps the job.
    expect(scrapedLabels(objects, cpu)).toMatchObject({ namespace: 'personapass-prod', pod: 'p', node: 'worker-2', service: 'kube-prometheus-stack-kubelet', job: 'kubelet' });
    expect(scrapedLabels(objects, { ...cpu, metric: 'container_fs_reads_total' })).toBeUndefined();
  });

  it('stores nothing of a monitor the render does not have', () => {
    expect(scrapedLabels(prodObjects(), { ...keda, scrape: 'no-such-monitor' })).toBeUndefined();
  });

  it('writes series the way promtool reads them', () => {
    expect(seriesText({ __name__: 'up', job: 'a"b', instance: 'x' })).toBe('up{instance="x",job="a\\"b"}');
  });
});
