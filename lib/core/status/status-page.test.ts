import { describe, expect, it } from 'vitest';
import type { AlertView } from '../alerts/alerts';
import { assembleEnvironmentHealth, type ComponentHealthView, type EnvironmentHealth } from '../health/environment-health';
import { trimLiveObject } from '../live/trim-live-object';
import { availabilityCoverageQuery, availabilityFrom, availabilityQuery, availabilityRecordingRules, availabilityRecords } from './availability';
import { escapeHtml, formatAvailability, renderStatusHtml } from './status-html';
import { publicAlertName, publicAlertSummary, statusPageFrom, type StatusPageInput } from './status-page';

const now = new Date('2026-12-02T07:30:00Z');
const view = (name: ComponentHealthView['name'], status: ComponentHealthView['status'], replicas = { desired: 2, ready: 2, available: 2, updated: 2 }, critical = 0): ComponentHealthView => ({
  name,
  status,
  reasons: [{ level: 'problem', text: `pod ${name}-7d9f-abcde on node kwok-node-3 (10.244.1.7) crashes` }],
  replicas,
  version: '1.4.2',
  pods: [{ name: `${name}-7d9f-abcde`, node: 'kwok-node-3', zone: 'zone-a', phase: 'Running', ready: true, restarts: 0, startedAt: null, reason: null, deployment: name }],
  alerts: { firing: critical, pending: 0, critical },
});
const health = (components: ComponentHealthView[], cluster: EnvironmentHealth['cluster'] = { state: 'reachable' }): EnvironmentHealth => ({
  environment: 'dev',
  cluster,
  checkedAt: now.toISOString(),
  components,
  alerts: { available: true },
});
const alert = (overrides: Partial<AlertView> = {}): AlertView => ({
  name: 'PersonaPassPodCrashLooping',
  state: 'firing',
  severity: 'critical',
  component: 'wallet-api',
  since: '2026-12-02T07:00:00Z',
  summary: 'personapass-dev/wallet-api-7d9f-abcde restarted more than 5 times in an hour',
  runbookUrl: null,
  labels: { namespace: 'personapass-dev', pod: 'wallet-api-7d9f-abcde', node: 'kwok-node-3', instance: '10.244.1.7:8080', severity: 'critical' },
  silencedBy: null,
  inhibited: null,
  ...overrides,
});
const input = (overrides: Partial<StatusPageInput>): StatusPageInput => ({
  health: health([view('identity-service', 'Healthy'), view('wallet-api', 'Healthy')]),
  alerts: [],
  namespaces: ['personapass-dev', 'personapass-dev-monitoring', 'personapass-dev-tracing'],
  lastDeployAt: new Date('2026-12-01T10:00:00Z'),
  availability: { '24h': { status: 'ok', ratio: 0.99951 }, '7d': { status: 'ok', ratio: 1 } },
  availabilityProblem: null,
  now,
  ...overrides,
});

describe('statusPageFrom', () => {
  it('is operational with every component healthy, in plain words with versions', () => {
    const page = statusPageFrom(input({}));
    expect(page.status).toBe('operational');
    expect(page.headline).toBe('All systems operational');
    expect(page.components).toEqual([
      { name: 'Identity service', status: 'operational', summary: 'Working normally', version: '1.4.2' },
      { name: 'Wallet API', status: 'operational', summary: 'Working normally', version: '1.4.2' },
    ]);
  });

  it('is degraded with a degraded component, an outage when one has nothing available, unknown when the cluster cannot be reached', () => {
    expect(statusPageFrom(input({ health: health([view('wallet-api', 'Degraded', { desired: 2, ready: 1, available: 1, updated: 2 })]) })).status).toBe('degraded');
    expect(statusPageFrom(input({ health: health([view('wallet-api', 'Degraded', { desired: 2, ready: 0, available: 0, updated: 2 })]) })).status).toBe('outage');
    const unreachable = statusPageFrom(input({ health: health([view('wallet-api', 'Healthy')], { state: 'unreachable', since: now.toISOString() }) }));
    expect(unreachable.status).toBe('unknown');
    expect(unreachable.components[0]).toMatchObject({ status: 'unknown', version: null });
    expect(unreachable.notes.join(' ')).toMatch(/cannot be reached/);
  });

  it('is unknown, never green, when the cluster refuses the console (forbidden), without naming what was refused', () => {
    const error = 'cluster prod answered 403 to Pod in personapass-dev: pods is forbidden';
    const page = statusPageFrom(input({ health: health([view('wallet-api', 'Unknown')], { state: 'forbidden', kind: 'Pod', namespace: 'personapass-dev', error }) }));
    expect(page.status).toBe('unknown');
    expect(page.components[0]).toMatchObject({ status: 'unknown', version: null });
    expect(page.notes.join(' ')).toMatch(/refuses/);
    expect(JSON.stringify(page) + renderStatusHtml(page)).not.toContain('personapass-dev');
  });

  it('judges a Progressing component by what is available: none of what is desired is an outage, fewer is degraded', () => {
    const progressing = (available: number) => statusPageFrom(input({ health: health([view('wallet-api', 'Progressing', { desired: 2, ready: available, available, updated: 2 })]) }));
    expect(progressing(0).components[0]!.status).toBe('outage');
    expect(progressing(0).status).toBe('outage');
    expect(progressing(1).components[0]!.status).toBe('degraded');
    expect(progressing(2).components[0]!.status).toBe('operational');
  });

  it('lists critical firing alerts as incidents without namespaces, pod or node names or addresses', () => {
    const page = statusPageFrom(input({ alerts: [alert(), alert({ severity: 'warning' }), alert({ state: 'pending' })], health: health([view('wallet-api', 'Healthy', undefined, 1)]) }));
    expect(page.status).toBe('degraded');
    expect(page.incidents).toEqual([{ name: 'Pod crash looping', summary: 'an instance of Wallet API restarted more than 5 times in an hour', since: '2026-12-02T07:00:00Z' }]);
    const text = JSON.stringify(page) + renderStatusHtml(page);
    for (const internal of ['personapass-dev', 'abcde', 'kwok-node-3', '10.244.1.7', 'zone-a', 'crashes']) expect(text).not.toContain(internal);
  });

  it('says what it could not read', () => {
    const page = statusPageFrom(input({ alerts: null, availability: { '24h': { status: 'unavailable', ratio: null }, '7d': { status: 'unavailable', ratio: null } }, availabilityProblem: 'Prometheus down' }));
    expect(page.notes).toEqual(['Current incidents cannot be read right now.', 'Availability figures are unavailable right now.']);
    expect(renderStatusHtml(page)).toContain('<dd>unavailable</dd>');
  });
});

describe('public alert words', () => {
  it('turns rule names into words and strips label values that are not the component', () => {
    expect(publicAlertName('PersonaPassHighErrorRate')).toBe('High error rate');
    expect(publicAlertName('KubeDeploymentReplicasMismatch')).toBe('Kube deployment replicas mismatch');
    expect(publicAlertSummary({ summary: 'personapass-dev/wallet-api has no available replica', labels: { namespace: 'personapass-dev', deployment: 'wallet-api' }, component: 'wallet-api' }, ['personapass-dev'])).toBe(
      'wallet-api has no available replica',
    );
    expect(publicAlertSummary({ summary: 'No mesh request metrics from personapass-dev', labels: {}, component: null }, ['personapass-dev'])).toBe('No mesh request metrics from the environment');
    expect(publicAlertSummary({ summary: 'target 10.1.2.3:9090 down', labels: {}, component: null }, [])).toBe('target an address down');
  });
});

describe('the HTML', () => {
  it('escapes everything it prints and ships no script', () => {
    const page = statusPageFrom(input({ alerts: [alert({ summary: '<script>alert(1)</script>', name: '"><img src=x onerror=alert(1)>' })] }));
    const html = renderStatusHtml(page);
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/i);
    expect(html).toContain('&lt;script&gt;');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('prints availability to two decimals, never rounding up to 100%', () => {
    expect(formatAvailability({ status: 'ok', ratio: 0.99999 })).toBe('99.99%');
    expect(formatAvailability({ status: 'ok', ratio: 1 })).toBe('100.00%');
    expect(formatAvailability({ status: 'no-traffic', ratio: null })).toBe('no requests in this period');
  });
});

describe('availability', () => {
  it('counts the requests that never reached a sidecar (no healthy upstream: the gateway answers 503 UH, reported only by reporter="source"), by the Service they were for', () => {
    const [requests, errors] = availabilityRecordingRules();
    expect(requests!.expr).toMatch(/reporter="source"/);
    // With no host picked, destination_workload_namespace reads "unknown": only the Service's FQDN says where it went.
    expect(requests!.expr).toContain('"namespace", "$1", "destination_service", "[^.]+[.]([^.]+)[.]svc[.]cluster[.]local"');
    // A service no meshed caller reports on (the local stack's synthetic traffic) falls back to its sidecars' reports.
    expect(errors!.expr).toContain('istio_requests_total{reporter="destination",response_code=~"5.."}');
  });

  it('reads both figures from the recording rules, never from raw istio_requests_total samples', () => {
    // 30 s scrapes: 20,160 samples per series per query; at ~2,500 series (pods x callers x codes x flags)
    // that passes Prometheus' default --query.max-samples (50M) and long before that the console's 5 s timeout.
    // The 24 h figure too: its per-service choice of reports is made per step, as the 7-day one's.
    for (const window of ['24h', '7d'] as const) {
      const query = availabilityQuery('personapass-prod', window);
      expect(query).not.toContain('istio_requests_total');
      expect(query).toContain(`sum_over_time(${availabilityRecords.errors}{namespace="personapass-prod"}[${window}])`);
    }
    expect(availabilityRecordingRules().map((rule) => rule.record)).toEqual([availabilityRecords.requests, availabilityRecords.errors]);
  });

  it('escapes the namespace in every matcher', () => {
    const hostile = 'a"} or vector(1) #.*';
    for (const query of [availabilityQuery(hostile, '24h'), availabilityQuery(hostile, '7d')]) {
      expect(query).not.toContain('a"}');
      expect(query).toContain('{namespace="a\\"} or vector(1) #.*"}');
    }
  });

  it('reads no answer or NaN as no traffic', () => {
    expect(availabilityFrom([])).toEqual({ status: 'no-traffic', ratio: null });
    expect(availabilityFrom([{ value: NaN }])).toEqual({ status: 'no-traffic', ratio: null });
    expect(availabilityFrom([{ value: 0.98 }])).toEqual({ status: 'ok', ratio: 0.98 });
  });

  it('says since when a figure counts when Prometheus holds less than the window (retention, rules loaded since)', () => {
    const windowStart = new Date('2026-11-25T07:30:00Z');
    const unix = (iso: string) => new Date(iso).getTime() / 1000;
    expect(availabilityFrom([{ value: 0.999 }], { windowStart, result: [{ value: unix('2026-12-01T07:30:00Z') }] })).toEqual({ status: 'ok', ratio: 0.999, coveredSince: '2026-12-01T07:30:00.000Z' });
    // The whole window (give or take the rules' lag), or coverage unknown: nothing to say.
    expect(availabilityFrom([{ value: 0.999 }], { windowStart, result: [{ value: unix('2026-11-25T07:35:00Z') }] })).toEqual({ status: 'ok', ratio: 0.999 });
    expect(availabilityFrom([{ value: 0.999 }], { windowStart, result: [] })).toEqual({ status: 'ok', ratio: 0.999 });
    expect(formatAvailability({ status: 'ok', ratio: 0.999, coveredSince: '2026-12-01T07:30:00.000Z' })).toBe('99.90% (since 1 Dec 2026, 07:30 UTC: no older figures are kept)');
    expect(availabilityCoverageQuery('a"b')).toBe(
      'min(min_over_time(timestamp(namespace_service:istio_requests:rate5m{namespace="a\\"b"})[7d:5m])) or min(timestamp(namespace_service:istio_requests:rate5m{namespace="a\\"b"}))',
    );
  });
});

describe('status page during a real outage', () => {
  it('every pod of wallet-api gone and its replacements Pending for 60 s (node pool lost): the status page must not say "Working normally"', () => {
    const ns = 'personapass-prod';
    const at = new Date('2026-12-02T08:00:00Z');
    const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: ns, uid: `uid-${name}`, resourceVersion: '1', generation: 3, creationTimestamp: '2026-11-01T07:00:00Z', ...extra });
    // What the API server reports a minute after the nodes went: the Deployment wants 2, none available,
    // Available=False (MinimumReplicasUnavailable) one minute ago; both replacement pods unschedulable.
    const deployment = trimLiveObject('Deployment', {
      apiVersion: 'apps/v1',
      metadata: meta('wallet-api'),
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'wallet-api', image: 'registry.example/personapass/wallet-api:1.4.2' }] } } },
      status: {
        observedGeneration: 3,
        replicas: 2,
        updatedReplicas: 2,
        unavailableReplicas: 2,
        conditions: [
          { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastTransitionTime: '2026-12-02T07:59:00Z' },
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastTransitionTime: '2026-11-01T07:01:00Z' },
        ],
      },
    });
    const pending = (name: string) =>
      trimLiveObject('Pod', {
        apiVersion: 'v1',
        metadata: meta(name, { generation: undefined, creationTimestamp: '2026-12-02T07:59:00Z', labels: { 'app.kubernetes.io/name': 'wallet-api' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'wallet-api-7d9f8', uid: 'rs', controller: true }] }),
        spec: { containers: [{ name: 'wallet-api', image: 'x' }] },
        status: {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 node(s) had untolerated taint.', lastTransitionTime: '2026-12-02T07:59:00Z' }],
        },
      });
    const assembled = assembleEnvironmentHealth({
      environment: 'prod',
      components: ['wallet-api'],
      now: at,
      cluster: { state: 'reachable' },
      objects: [deployment, pending('wallet-api-7d9f8-aaaaa'), pending('wallet-api-7d9f8-bbbbb')],
      alerts: { alerts: [] },
    });
    expect(assembled.components[0]!.replicas).toMatchObject({ desired: 2, available: 0 });
    const page = statusPageFrom({
      health: assembled,
      alerts: [],
      namespaces: [ns],
      lastDeployAt: null,
      availability: { '24h': { status: 'ok', ratio: 1 }, '7d': { status: 'ok', ratio: 1 } },
      availabilityProblem: null,
      now: at,
    });
    expect(page.components[0]!.status).not.toBe('operational');
    expect(page.status).not.toBe('operational');
    expect(page.status).toBe('outage');
  });
});
