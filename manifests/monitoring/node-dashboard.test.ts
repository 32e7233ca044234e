import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { clusterServices } from '../platform-defaults';
import { prodObjects } from '../validate/fixtures';
import { egressAllowed } from '../validate/network-policy-egress';
import { panelExpr, promqlExprTest } from '@/lib/test-support/promql-expr-test';
import { type ExposedSeries, scrapedLabels, seriesText } from './scrape';

// The cluster overview's node panels, evaluated by the real promtool (promql_expr_test) over the
// series a real scrape stores: node-exporter (the cluster owner's DaemonSet, on the host network, so
// its target address is the node's) and kube-state-metrics. Two nodes: worker-2 runs pods of the
// environment, worker-3 only another team's, so the environment's dashboard leaves it out.
const spec = starterSpec('prod', 'production');
const objects = prodObjects();

const stored = (exposed: ExposedSeries, instance?: string) => {
  const labels = scrapedLabels(objects, exposed);
  if (!labels) throw new Error(`nothing scrapes ${exposed.metric} from ${exposed.scrape}`);
  // Another node's target: the same monitor, the node's own address.
  return { series: seriesText(instance ? { ...labels, instance, pod: 'prometheus-node-exporter-9jq7d' } : labels), values: exposed.values };
};
const nodeExporter = (metric: string, labels: Record<string, string>, values: string, instance?: string) => stored({ scrape: 'node-exporter', metric, labels, values }, instance);
const ksm = (metric: string, labels: Record<string, string>, values: string) => stored({ scrape: 'kube-state-metrics', metric, labels, values });
const worker3 = '10.0.12.8:9100';
const gib = 1024 ** 3;

const input = [
  // worker-2: two CPUs idle 45 and 15 of every 60 seconds (half the node busy); 2 of 8 GiB available;
  // some task waited for CPU a quarter of the time, for memory an eighth, for I/O half.
  nodeExporter('node_cpu_seconds_total', { cpu: '0', mode: 'idle' }, '0+45x20'),
  nodeExporter('node_cpu_seconds_total', { cpu: '0', mode: 'user' }, '0+15x20'),
  nodeExporter('node_cpu_seconds_total', { cpu: '1', mode: 'idle' }, '0+15x20'),
  nodeExporter('node_cpu_seconds_total', { cpu: '1', mode: 'user' }, '0+45x20'),
  nodeExporter('node_memory_MemTotal_bytes', {}, `${8 * gib}x20`),
  nodeExporter('node_memory_MemAvailable_bytes', {}, `${2 * gib}x20`),
  nodeExporter('node_pressure_cpu_waiting_seconds_total', {}, '0+15x20'),
  nodeExporter('node_pressure_memory_waiting_seconds_total', {}, '0+7.5x20'),
  nodeExporter('node_pressure_io_waiting_seconds_total', {}, '0+30x20'),
  // worker-3: busy, full and stalled, but none of the environment's pods runs there.
  nodeExporter('node_cpu_seconds_total', { cpu: '0', mode: 'idle' }, '0+0x20', worker3),
  nodeExporter('node_memory_MemTotal_bytes', {}, `${8 * gib}x20`, worker3),
  nodeExporter('node_memory_MemAvailable_bytes', {}, '0x20', worker3),
  nodeExporter('node_pressure_io_waiting_seconds_total', {}, '0+60x20', worker3),
  // Where pods run (kube-state-metrics: the node's name and address).
  ksm('kube_pod_info', { namespace: 'personapass-prod', pod: 'wallet-api-7d9f8b6c4-x2x4q', node: 'worker-2', host_ip: '10.0.12.7', pod_ip: '10.244.1.23', created_by_kind: 'ReplicaSet' }, '1x20'),
  ksm('kube_pod_info', { namespace: 'personapass-prod-tracing', pod: 'jaeger-query-5c7d9-abcde', node: 'worker-2', host_ip: '10.0.12.7', pod_ip: '10.244.1.24', created_by_kind: 'ReplicaSet' }, '1x20'),
  ksm('kube_pod_info', { namespace: 'another-team', pod: 'batch-0', node: 'worker-3', host_ip: '10.0.12.8', pod_ip: '10.244.5.2', created_by_kind: 'StatefulSet' }, '1x20'),
  // The kubelet's node conditions: worker-2 under memory pressure, worker-3 under disk pressure.
  ...['MemoryPressure', 'DiskPressure', 'PIDPressure'].flatMap((condition) =>
    [
      { node: 'worker-2', on: condition === 'MemoryPressure' },
      { node: 'worker-3', on: condition === 'DiskPressure' },
    ].flatMap(({ node, on }) => [
      ksm('kube_node_status_condition', { node, condition, status: 'true' }, on ? '1x20' : '0x20'),
      ksm('kube_node_status_condition', { node, condition, status: 'false' }, on ? '0x20' : '1x20'),
    ]),
  ),
];

// Each panel's samples at 15m, exactly (promtool says SUCCESS).
const shows = async (title: string, expected: { labels: string; value: number }[]) =>
  expect(await promqlExprTest(input, panelExpr(spec, 'overview', title), expected)).toContain('SUCCESS');

describe('the cluster overview’s node panels', () => {
  it('shows the CPU used on each node running the environment’s pods, by node name', async () => {
    await shows('Node CPU used', [{ labels: '{node="worker-2"}', value: 0.5 }]);
  }, 30_000);

  it('shows the memory used on each of those nodes (MemAvailable of MemTotal)', async () => {
    await shows('Node memory used', [{ labels: '{node="worker-2"}', value: 0.75 }]);
  }, 30_000);

  it('shows how long tasks waited for CPU, memory and I/O (pressure stall information)', async () => {
    await shows('Node pressure (share of time some task waited)', [
      { labels: '{node="worker-2",resource="cpu"}', value: 0.25 },
      { labels: '{node="worker-2",resource="io"}', value: 0.5 },
      { labels: '{node="worker-2",resource="memory"}', value: 0.125 },
    ]);
  }, 30_000);

  it('shows the kubelet’s pressure conditions of those nodes', async () => {
    await shows('Node pressure conditions', [
      { labels: '{condition="DiskPressure",node="worker-2"}', value: 0 },
      { labels: '{condition="MemoryPressure",node="worker-2"}', value: 1 },
      { labels: '{condition="PIDPressure",node="worker-2"}', value: 0 },
    ]);
  }, 30_000);
});

describe('the scrape of node-exporter', () => {
  it('keeps only the vocabulary of node-exporter’s series', () => {
    expect(scrapedLabels(objects, { scrape: 'node-exporter', metric: 'node_cpu_seconds_total', labels: { cpu: '0', mode: 'idle' } })).toMatchObject({
      namespace: clusterServices.nodeExporter.namespace,
      instance: '10.0.12.7:9100',
    });
    expect(scrapedLabels(objects, { scrape: 'node-exporter', metric: 'node_filesystem_avail_bytes', labels: { mountpoint: '/' } })).toBeUndefined();
  });

  it('lets Prometheus reach node-exporter on the node’s address (it runs on the host network)', () => {
    const prometheus = { namespace: 'personapass-prod-monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
    expect(egressAllowed(objects, prometheus, { cidr: '10.0.12.7/32', port: 9100 })).toBe(true);
  });

  it('is discovered through the cluster owner’s grant: a read-only Role in node-exporter’s namespace for the environment’s Prometheus', () => {
    const text = readFileSync(join(import.meta.dirname, '../../scripts/stack/manifests/console-environment.yaml'), 'utf8')
      .replaceAll('${ENVIRONMENT}', 'prod')
      .replaceAll('${NAMESPACE}', 'personapass-prod');
    const grant = parseAllDocuments(text).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string }; rules?: { resources: string[]; verbs: string[] }[]; roleRef?: { name: string }; subjects?: object[] });
    const namespace = clusterServices.nodeExporter.namespace;
    const role = grant.find((o) => o.kind === 'Role' && o.metadata.namespace === namespace);
    expect(role?.rules?.flatMap((r) => r.resources)).toEqual(expect.arrayContaining(['services', 'endpoints', 'pods', 'endpointslices']));
    expect(new Set(role?.rules?.flatMap((r) => r.verbs))).toEqual(new Set(['get', 'list', 'watch']));
    const binding = grant.find((o) => o.kind === 'RoleBinding' && o.metadata.namespace === namespace);
    expect(binding?.roleRef?.name).toBe(role?.metadata.name);
    expect(binding?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'personapass-prod-monitoring' }]);
  });
});
