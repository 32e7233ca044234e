import { parse } from 'yaml';
import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import { grafanaAdminSecret, grafanaProvisioning } from '../monitoring/grafana';
import { idOf, type PlainObject, type PolicyCheck, type Problem } from './problem';

const adminVariables = ['GF_SECURITY_ADMIN_USER', 'GF_SECURITY_ADMIN_PASSWORD'];
/** What Grafana expands in every setting, environment overrides included (pkg/setting/expanders.go):
 *  `$__env{X}`, `${X}`, `$__file{path}`, `$__vault{…}`. A literal one reads the pod's environment
 *  (the admin password) or files into a setting that Grafana may show. */
const grafanaExpander = /\$(|__\w+)\{[^}]*\}/;

type Mount = { mountPath: string; volume: any };

/** The ConfigMaps a mounted volume shows (a configMap volume, or a projected one of several). */
function configMapsOf(volume: any): string[] {
  if (volume?.configMap?.name) return [volume.configMap.name];
  return (volume?.projected?.sources ?? []).map((source: any) => source.configMap?.name).filter(Boolean);
}

/** Every file of the ConfigMaps a mount shows, parsed as YAML (JSON is YAML). */
function filesAt(mount: Mount | undefined, configMaps: Map<string, PlainObject>): unknown[] {
  if (!mount) return [];
  return configMapsOf(mount.volume).flatMap((name) => Object.values((configMaps.get(name)?.data as Record<string, string>) ?? {}).map((text) => parse(text)));
}

/**
 * A Grafana the platform runs shows what the render made for it and holds no secret: the spec's
 * Grafana is rendered; its provisioned datasources include the environment's Prometheus under the uid
 * every rendered dashboard panel reads; every dashboard ConfigMap is mounted where its dashboard
 * provider reads files; the admin user and password come only from the spec's Secret (never a
 * literal value in the Deployment, stored in every revision); no literal setting holds a variable
 * Grafana expands ($__env{…}, ${…}, $__file{…}); anonymous access is off; and its pod
 * asks for the mesh's sidecar (it is reached through the ingress gateway over mTLS only).
 */
export const checkGrafanaProvisioning: PolicyCheck = (objects, { spec }) => {
  const wanted = spec.observability.grafana;
  if (!wanted?.run || !spec.toggles.monitoring) return [];
  const namespace = platformNamespaces(spec).monitoring;
  const problems: Problem[] = [];
  const grafana = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'grafana' && o.metadata.namespace === namespace);
  if (!grafana) {
    return [{ object: `Deployment/${namespace}/grafana`, path: '', message: 'the spec asks the platform to run Grafana (observability.grafana.run) but none is rendered', check: 'grafana-provisioning' }];
  }
  const add = (path: string, message: string) => problems.push({ object: idOf(grafana), path, message, check: 'grafana-provisioning' });
  const pod = grafana.spec?.template?.spec ?? {};
  const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.namespace === namespace).map((o) => [o.metadata.name, o]));
  const volumes = new Map<string, any>((pod.volumes ?? []).map((v: any) => [v.name, v]));
  const containerIndex = (pod.containers ?? []).findIndex((c: any) => c.name === 'grafana');
  const container = pod.containers?.[containerIndex];
  if (!container) {
    add('spec.template.spec.containers', 'no container named grafana');
    return problems;
  }
  const at = `spec.template.spec.containers[${containerIndex}]`;
  const mounts: Mount[] = (container.volumeMounts ?? []).map((m: any) => ({ mountPath: String(m.mountPath).replace(/\/$/, ''), volume: volumes.get(m.name) }));
  const mountAt = (path: string) => mounts.find((m) => m.mountPath === path.replace(/\/$/, ''));

  const env: any[] = container.env ?? [];
  for (const name of adminVariables) {
    const variable = env.find((e) => e.name === name);
    const ref = variable?.valueFrom?.secretKeyRef;
    if (!ref || variable.value !== undefined) add(`${at}.env`, `${name} must come from the Secret ${grafanaAdminSecret} (secretKeyRef), never a value in the Deployment`);
    else if (ref.name !== grafanaAdminSecret) add(`${at}.env`, `${name} reads the Secret ${ref.name}, not ${grafanaAdminSecret}`);
  }
  env.forEach((variable, i) => {
    if (/PASSWORD|SECRET|TOKEN/.test(variable.name) && variable.value !== undefined && variable.value !== '') {
      add(`${at}.env[${i}].value`, `${variable.name} is a literal value: credentials come from Secrets only`);
    }
  });
  env.forEach((variable, i) => {
    if (typeof variable.value === 'string' && grafanaExpander.test(variable.value)) {
      add(`${at}.env[${i}].value`, `${variable.name} holds ${variable.value.match(grafanaExpander)?.[0]}, which Grafana expands (environment variables, files): settings are literal values only`);
    }
  });
  if (env.find((e) => e.name === 'GF_AUTH_ANONYMOUS_ENABLED')?.value !== 'false') add(`${at}.env`, 'GF_AUTH_ANONYMOUS_ENABLED must be "false"');
  if (grafana.spec?.template?.metadata?.labels?.['sidecar.istio.io/inject'] !== 'true') {
    add('spec.template.metadata.labels', 'Grafana must ask for the mesh sidecar (label sidecar.istio.io/inject: "true"): it is reached only through the ingress gateway over mTLS');
  }

  // The uids the rendered dashboards' panels and annotations read, and the datasources Grafana provisions.
  const dashboardMaps = [...configMaps.values()].filter((o) => o.metadata.labels?.grafana_dashboard === '1');
  const dashboards = dashboardMaps.flatMap((o) => Object.values((o.data as Record<string, string>) ?? {}).map((text) => JSON.parse(text)));
  const queries = dashboards.flatMap((d: any) => [...(d.panels ?? []), ...(d.annotations?.list ?? [])]);
  const readUids = new Set<string>(queries.map((q: any) => q.datasource?.uid).filter(Boolean));
  const datasources = filesAt(mountAt(`${grafanaProvisioning}/datasources`), configMaps).flatMap((file: any) => file?.datasources ?? []);
  for (const uid of readUids) {
    if (!datasources.some((d: any) => d.uid === uid && d.type === 'prometheus')) {
      add(`${at}.volumeMounts`, `the dashboards read the Prometheus datasource ${uid}, which Grafana does not provision (${grafanaProvisioning}/datasources)`);
    }
  }

  const providers = filesAt(mountAt(`${grafanaProvisioning}/dashboards`), configMaps).flatMap((file: any) => file?.providers ?? []);
  const providerPaths: string[] = providers.filter((p: any) => (p.type ?? 'file') === 'file').map((p: any) => String(p.options?.path ?? '').replace(/\/$/, ''));
  if (providerPaths.length === 0) add(`${at}.volumeMounts`, `no dashboard provider file at ${grafanaProvisioning}/dashboards`);
  const shown = new Set(mounts.filter((m) => providerPaths.includes(m.mountPath)).flatMap((m) => configMapsOf(m.volume)));
  for (const map of dashboardMaps) {
    if (!shown.has(map.metadata.name)) add(`${at}.volumeMounts`, `the dashboard ConfigMap ${map.metadata.name} is not mounted where a dashboard provider reads (${providerPaths.join(', ') || 'none'})`);
  }
  return problems;
};
