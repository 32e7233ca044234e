import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { clusterServices } from '../platform-defaults';
import { renderPlatform } from '../render-platform';
import { egressAllowedToPods } from '../validate/network-policy-egress';
import type { PlainObject } from '../validate/problem';
import { clusterServiceInstalls } from './scrape';
import { scrapeJobs } from './service-monitors';

const spec = starterSpec('prod', 'production');
const objects = () => renderPlatform(spec).map(toPlain) as PlainObject[];

// Prometheus relabelling regexes are anchored: the whole value must match.
const keeps = (regex: string, value: string) => new RegExp(`^(?:${regex})$`).test(value);

describe('the scrape of the mesh', () => {
  // Circuit-breaker 503s and every public request's outcome are only reported by the caller's Envoy:
  // for public traffic, the ingress gateway's.
  it('scrapes the ingress gateway’s Envoy, keeping what it sent to this environment’s services', () => {
    const monitors = objects().filter(
      (o) =>
        o.kind === 'PodMonitor' &&
        (o.spec.namespaceSelector?.matchNames ?? []).includes(clusterServices.ingressGateway.namespace) &&
        Object.entries(o.spec.selector?.matchLabels ?? {}).every(([k, v]) => (clusterServices.ingressGateway.labels as Record<string, string>)[k] === v),
    );
    expect(monitors.map((m) => m.metadata.namespace)).toEqual(['personapass-prod-monitoring']);
    const [endpoint] = monitors[0]!.spec.podMetricsEndpoints;
    expect(endpoint).toMatchObject({ port: 'http-envoy-prom', path: '/stats/prometheus' });
    const byService = endpoint.metricRelabelings.find((r: { sourceLabels: string[] }) => r.sourceLabels.includes('destination_service'));
    expect(byService.action).toBe('keep');
    expect(keeps(byService.regex, 'wallet-api.personapass-prod.svc.cluster.local')).toBe(true);
    expect(keeps(byService.regex, 'wallet-api.personapass-staging.svc.cluster.local')).toBe(false);
    expect(keeps(byService.regex, 'wallet-api.personapass-prod.svc.cluster.local.evil')).toBe(false);
  });

  it('lets Prometheus reach the ingress gateway’s Envoy', () => {
    const prometheus = { namespace: 'personapass-prod-monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
    const gateway = { namespace: clusterServices.ingressGateway.namespace, labels: clusterServices.ingressGateway.labels };
    expect(egressAllowedToPods(objects(), prometheus, gateway, 15090)).toBe(true);
  });
});

const monitor = (o: PlainObject[], name: string) => o.find((x) => x.kind === 'ServiceMonitor' && x.metadata.name === name)!;
const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The job label the Prometheus Operator gives a ServiceMonitor's targets: the Service's label named by
 *  `jobLabel` when the Service has it, else the Service's name. */
const operatorJob = (sm: PlainObject, service: { name: string; labels: Record<string, string> }) =>
  (sm.spec.jobLabel && service.labels[sm.spec.jobLabel]) || service.name;

describe('the KEDA operator’s scrape, as KEDA’s Helm chart installs it', () => {
  // kedacore/charts: the operator Service carries app.kubernetes.io/name plus the chart's labels (no
  // `app`), and its `metrics` port only with prometheus.operator.enabled (scrape.ts holds its shape);
  // `app: keda-operator` is on the pods (keda/templates/manager/deployment.yaml) only.
  const chartService = clusterServiceInstalls('personapass-prod-monitoring').find((s) => s.namespace === 'keda' && s.name === 'keda-operator')!;
  const chartPodLabels = { app: 'keda-operator', name: 'keda-operator', ...chartService.labels };

  it.each([
    ['dev', 'development'],
    ['staging', 'staging'],
    ['prod', 'production'],
  ] as const)('%s: the keda-operator ServiceMonitor selects the chart’s operator Service and its metrics port', (name, tier) => {
    const sm = monitor(renderPlatform(starterSpec(name, tier)).map(toPlain) as PlainObject[], 'keda-operator');
    expect(selects(sm.spec.selector.matchLabels, chartService.labels), JSON.stringify(sm.spec.selector)).toBe(true);
    expect(sm.spec.namespaceSelector.matchNames).toEqual(['keda']);
    expect(chartService.ports).toContain(sm.spec.endpoints[0].port);
    expect(sm.spec.endpoints[0].path).toBe('/metrics');
  });

  it('lets the operator’s pods (the Redis scaler) reach Redis, selecting them by the pods’ own labels', () => {
    const policy = objects().find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-redis-clients')!;
    type Peer = { namespaceSelector?: { matchLabels?: Record<string, string> }; podSelector?: { matchLabels?: Record<string, string> } };
    const peers: Peer[] = policy.spec.ingress.flatMap((r: { from: Peer[] }) => r.from);
    const fromKeda = peers.find((f) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'keda');
    expect(selects(fromKeda?.podSelector?.matchLabels ?? { none: 'none' }, chartPodLabels)).toBe(true);
  });
});

describe('the job labels of the cluster’s exporters, however the cluster owner named their Services', () => {
  // kube-prometheus-stack (the usual operator install): the operator's kubelet Service is
  // `<release>-kubelet` (flag --kubelet-service), kube-state-metrics' is `<release>-kube-state-metrics`.
  const installed: Record<string, { name: string; labels: Record<string, string> }> = {
    'kubelet-cadvisor': {
      name: 'kube-prometheus-stack-kubelet',
      labels: { 'app.kubernetes.io/name': 'kubelet', 'k8s-app': 'kubelet', 'app.kubernetes.io/managed-by': 'prometheus-operator' },
    },
    'kube-state-metrics': {
      name: 'kube-prometheus-stack-kube-state-metrics',
      labels: { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/instance': 'kube-prometheus-stack' },
    },
  };

  it.each(Object.keys(installed))('%s: absent(up{job=…}) looks for the job the operator really gives', (name) => {
    const sm = monitor(objects(), name);
    const service = installed[name]!;
    expect(selects(sm.spec.selector.matchLabels, service.labels)).toBe(true);
    const expected = scrapeJobs(spec).find((j) => j.monitor === name)!.job;
    expect(operatorJob(sm, service)).toBe(expected);
  });
});
