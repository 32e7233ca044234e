import { describe, expect, it } from 'vitest';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { objectId, toPlain } from '../kube-object';
import { renderFiles } from '../render-files';
import { renderPlatform } from '../render-platform';
import { withPlatformGrafana } from '../validate/fixtures';
import { checkGrafanaProvisioning } from '../validate/grafana-provisioning';
import { policyChecks } from '../validate/policy-checks';
import type { PlainObject } from '../validate/problem';
import { checkSchemas } from '../validate/schema-validation';

const plain = (spec: EnvironmentSpec) => renderPlatform(spec).map(toPlain) as PlainObject[];
const get = (objects: PlainObject[], id: string) => {
  const found = objects.find((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}` === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

describe('a Grafana the platform runs', () => {
  const spec = withPlatformGrafana(starterSpec('dev', 'development'));
  const objects = plain(spec);

  it('renders nothing of it by default (the cluster’s shared Grafana loads the ConfigMaps)', () => {
    const ids = renderPlatform(starterSpec('dev', 'development')).map(objectId);
    expect(ids.filter((id) => /\/grafana$|grafana-(allow|from|egress|dashboard-provider)/.test(id))).toEqual([]);
  });

  it('renders it exactly as its golden file', async () => {
    const files = renderFiles(renderPlatform(spec));
    const text = Object.entries(files)
      .filter(([file, content]) => content.includes('grafana') || /^(namespace|prometheus|alertmanager)\//.test(file))
      .map(([file, content]) => `# ${file}\n${content}`)
      .join('---\n');
    await expect(text).toMatchFileSnapshot('../__golden__/dev-grafana.yaml');
  });

  it('passes the schema check', () => {
    expect(checkSchemas(renderPlatform(spec))).toEqual([]);
  });

  it('passes every policy check, the Grafana one included', () => {
    expect(policyChecks.flatMap((check) => check(objects, { spec }))).toEqual([]);
  });

  it('runs one restricted, probed replica with admin credentials only from the Secret', () => {
    const deployment = get(objects, 'Deployment/personapass-dev-monitoring/grafana');
    expect(deployment.spec.replicas).toBe(1);
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(container.image).toMatch(/^docker\.io\/grafana\/grafana:1[0-9]\.\d+\.\d+$/);
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false });
    expect(container.readinessProbe.httpGet.path).toBe('/api/health');
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toEqual({ secretKeyRef: { name: 'grafana-admin', key: 'admin-password' } });
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    expect(env.GF_SERVER_ROOT_URL).toBe('https://grafana.dev.personapass.io/');
    expect(deployment.spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('true');
  });

  it('is reached only through the ingress gateway, over mTLS, at the host of grafanaUrl', () => {
    const route = get(objects, 'VirtualService/personapass-dev-monitoring/grafana');
    expect(route.spec.hosts).toEqual(['grafana.dev.personapass.io']);
    expect(route.spec.gateways).toEqual(['personapass-dev/personapass-gateway']);
    const gateway = get(objects, 'Gateway/personapass-dev/personapass-gateway');
    expect(gateway.spec.servers.every((s: any) => s.hosts.includes('grafana.dev.personapass.io'))).toBe(true);
    expect(get(objects, 'PeerAuthentication/personapass-dev-monitoring/grafana').spec.mtls.mode).toBe('STRICT');
    const allow = get(objects, 'AuthorizationPolicy/personapass-dev-monitoring/grafana-allow');
    expect(allow.spec.rules).toEqual([
      { from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }], to: [{ operation: { ports: ['3000'] } }] },
    ]);
    // The namespace no longer refuses injection, so the pod's label can ask for it; Prometheus and
    // Alertmanager refuse it on their pods.
    expect(get(objects, 'Namespace/undefined/personapass-dev-monitoring').metadata.labels?.['istio-injection']).toBeUndefined();
    expect(get(objects, 'Prometheus/personapass-dev-monitoring/personapass').spec.podMetadata.labels['sidecar.istio.io/inject']).toBe('false');
    expect(get(objects, 'Alertmanager/personapass-dev-monitoring/personapass').spec.podMetadata.labels['sidecar.istio.io/inject']).toBe('false');
  });

  it('fails the grafana-provisioning check when a part is missing', () => {
    const check = (o: PlainObject[]) => checkGrafanaProvisioning(o, { spec }).map((p) => p.message);
    const without = objects.filter((o) => !(o.kind === 'Deployment' && o.metadata.name === 'grafana'));
    expect(check(without)).toEqual(['the spec asks the platform to run Grafana (observability.grafana.run) but none is rendered']);

    const inline = structuredClone(objects);
    const env = get(inline, 'Deployment/personapass-dev-monitoring/grafana').spec.template.spec.containers[0].env;
    env.find((e: any) => e.name === 'GF_SECURITY_ADMIN_PASSWORD').valueFrom = undefined;
    env.find((e: any) => e.name === 'GF_SECURITY_ADMIN_PASSWORD').value = 'secure-password';
    expect(check(inline)).toEqual([
      'GF_SECURITY_ADMIN_PASSWORD must come from the Secret grafana-admin (secretKeyRef), never a value in the Deployment',
      'GF_SECURITY_ADMIN_PASSWORD is a literal value: credentials come from Secrets only',
    ]);

    const expanded = structuredClone(objects);
    const settings = get(expanded, 'Deployment/personapass-dev-monitoring/grafana').spec.template.spec.containers[0].env;
    settings.find((e: any) => e.name === 'GF_SERVER_ROOT_URL').value = 'https://grafana.dev.personapass.io/#$__env{GF_SECURITY_ADMIN_PASSWORD}';
    expect(check(expanded)).toEqual([expect.stringMatching(/^GF_SERVER_ROOT_URL holds \$__env\{GF_SECURITY_ADMIN_PASSWORD\}, which Grafana expands/)]);

    const foreignUid = structuredClone(objects);
    const datasources = get(foreignUid, 'ConfigMap/personapass-dev-monitoring/grafana-datasources');
    const [file] = Object.keys(datasources.data as object);
    (datasources.data as Record<string, string>)[file!] = (datasources.data as Record<string, string>)[file!]!.replace(/uid: \S*prometheus\S*/, 'uid: prometheus');
    expect(check(foreignUid)).toEqual([expect.stringMatching(/^the dashboards read the Prometheus datasource \S+, which Grafana does not provision/)]);

    const foreignAnnotation = structuredClone(objects);
    const autoscaling = get(foreignAnnotation, 'ConfigMap/personapass-dev-monitoring/dashboard-personapass-autoscaling');
    const [json] = Object.keys(autoscaling.data as object);
    const dashboard = JSON.parse((autoscaling.data as Record<string, string>)[json!]!);
    dashboard.annotations.list[0].datasource.uid = 'the-cluster-prometheus';
    (autoscaling.data as Record<string, string>)[json!] = JSON.stringify(dashboard);
    expect(check(foreignAnnotation)).toEqual([expect.stringMatching(/^the dashboards read the Prometheus datasource the-cluster-prometheus, which Grafana does not provision/)]);

    const unmounted = structuredClone(objects);
    const volumes = get(unmounted, 'Deployment/personapass-dev-monitoring/grafana').spec.template.spec.volumes;
    const projected = volumes.find((v: any) => v.projected);
    projected.projected.sources = projected.projected.sources.filter((s: any) => s.configMap.name !== 'dashboard-personapass-autoscaling');
    expect(check(unmounted)).toEqual(['the dashboard ConfigMap dashboard-personapass-autoscaling is not mounted where a dashboard provider reads (/etc/grafana/dashboards)']);
  });
});
