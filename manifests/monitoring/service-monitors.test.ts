import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { clusterServices } from '../platform-defaults';
import { renderPlatform } from '../render-platform';
import { egressAllowedToPods } from '../validate/network-policy-egress';
import type { PlainObject } from '../validate/problem';

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
