import { DestinationRule, VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1';
import { AuthorizationPolicy, PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { gatewayName, principal } from '../mesh/mesh-components';
import { commonLabels, namespacesOf, ports, selectorLabels, serviceHost } from '../names';
import { clusterServices, infrastructureImages } from '../platform-defaults';
import { restrictedContainerSecurity } from '../workloads/workload';
import { toYaml } from '../yaml-text';
import { dashboardDefinitions } from './dashboards';

const name = 'grafana';
/** Made out of band in the monitoring namespace, like the platform's other Secrets. */
export const grafanaAdminSecret = 'grafana-admin';
const dashboardsPath = '/etc/grafana/dashboards';
/** Where Grafana reads its provisioning (the image's GF_PATHS_PROVISIONING). */
export const grafanaProvisioning = '/etc/grafana/provisioning';

/** Whether the environment asks the platform to run its own Grafana (else the cluster's shared one loads the ConfigMaps). */
export function runsGrafana(spec: EnvironmentSpec): boolean {
  return spec.toggles.monitoring && spec.observability.grafana?.run === true;
}

/** The host the ingress gateway routes to the environment's Grafana (validated a DNS name when it runs). */
export function grafanaHost(spec: EnvironmentSpec): string {
  return new URL(spec.observability.grafanaUrl).hostname;
}

/** Grafana's settings as environment variables (GF_<SECTION>_<KEY>). The root URL is rebuilt from the
 *  parsed URL's origin, never copied: Grafana expands `$__env{…}`, `${…}` and `$__file{…}` in every
 *  setting, and shows the root URL on its login page (the spec refuses them too). */
function grafanaSettings(spec: EnvironmentSpec): Record<string, string> {
  return {
    GF_SERVER_ROOT_URL: `${new URL(spec.observability.grafanaUrl).origin}/`,
    GF_SERVER_DOMAIN: grafanaHost(spec),
    GF_SECURITY_COOKIE_SECURE: 'true',
    GF_SECURITY_DISABLE_GRAVATAR: 'true',
    GF_AUTH_ANONYMOUS_ENABLED: 'false',
    GF_USERS_ALLOW_SIGN_UP: 'false',
    // No egress beyond Prometheus and Jaeger: no update checks, usage reports or plugin downloads.
    GF_ANALYTICS_REPORTING_ENABLED: 'false',
    GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
    GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES: 'false',
    GF_PLUGINS_PREINSTALL_DISABLED: 'true',
    GF_LOG_MODE: 'console',
    // Everything Grafana writes goes to the emptyDir (the root filesystem is read-only).
    GF_PATHS_DATA: '/var/lib/grafana',
    GF_PATHS_LOGS: '/var/lib/grafana/log',
    GF_PATHS_PLUGINS: '/var/lib/grafana/plugins',
    GF_PATHS_PROVISIONING: grafanaProvisioning,
  };
}

/**
 * The environment's own Grafana, when its spec asks for one: a single replica (users and sessions
 * live in SQLite on an emptyDir, lost on restart; the datasources and dashboards are provisioned from
 * the rendered ConfigMaps, so nothing else is), admin credentials only from the spec's Secret,
 * anonymous access and sign-up off, no calls home. Its pod joins the mesh (the monitoring namespace
 * stays out of it otherwise): reached only from the ingress gateway over mTLS at grafanaUrl's host.
 * Its sidecar talks plain text to Prometheus and Jaeger query, which have no sidecar (auto mTLS).
 */
export function renderGrafana(spec: EnvironmentSpec): KubeObject[] {
  if (!runsGrafana(spec)) return [];
  const ns = namespacesOf(spec);
  const namespace = ns.monitoring;
  const labels = commonLabels(spec, name);
  const dashboardMaps = dashboardDefinitions(spec).map((dashboard) => `dashboard-personapass-${dashboard.key}`);
  const secretEnv = (variable: string, key: string) => ({ name: variable, valueFrom: { secretKeyRef: { name: grafanaAdminSecret, key } } });
  const probe = (failureThreshold: number, periodSeconds: number) => ({
    httpGet: { path: '/api/health', port: 'http' },
    periodSeconds,
    timeoutSeconds: 3,
    failureThreshold,
  });
  const provider = {
    apiVersion: 1,
    providers: [
      {
        name: `personapass-${spec.name}`,
        orgId: 1,
        folder: `PersonaPass ${spec.name}`,
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 60,
        options: { path: dashboardsPath, foldersFromFilesStructure: false },
      },
    ],
  };
  return [
    new ServiceAccount({ metadata: { name, namespace, labels }, automountServiceAccountToken: false }),
    new ConfigMap({
      metadata: { name: 'grafana-dashboard-provider', namespace, labels },
      data: { 'personapass.yaml': toYaml(provider) },
    }),
    new Deployment({
      metadata: { name, namespace, labels },
      spec: {
        // One replica: more would each keep their own SQLite (sessions and users would differ per
        // pod); running several needs a shared database (GF_DATABASE_*), not rendered.
        replicas: 1,
        revisionHistoryLimit: 3,
        selector: { matchLabels: selectorLabels(spec, name) },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: { ...labels, 'sidecar.istio.io/inject': 'true' } },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 472, runAsGroup: 472, fsGroup: 472, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name,
                image: infrastructureImages.grafana,
                ports: [{ name: 'http', containerPort: ports.grafana, protocol: 'TCP' }],
                env: [
                  secretEnv('GF_SECURITY_ADMIN_USER', 'admin-user'),
                  secretEnv('GF_SECURITY_ADMIN_PASSWORD', 'admin-password'),
                  ...Object.entries(grafanaSettings(spec)).map(([variable, value]) => ({ name: variable, value })),
                ],
                resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '512Mi' } },
                startupProbe: probe(30, 5),
                readinessProbe: probe(3, 10),
                livenessProbe: probe(6, 20),
                securityContext: restrictedContainerSecurity,
                volumeMounts: [
                  { name: 'data', mountPath: '/var/lib/grafana' },
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'datasources', mountPath: `${grafanaProvisioning}/datasources`, readOnly: true },
                  { name: 'dashboard-provider', mountPath: `${grafanaProvisioning}/dashboards`, readOnly: true },
                  { name: 'dashboards', mountPath: dashboardsPath, readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'data', emptyDir: { sizeLimit: '1Gi' } },
              { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
              { name: 'datasources', configMap: { name: 'grafana-datasources' } },
              { name: 'dashboard-provider', configMap: { name: 'grafana-dashboard-provider' } },
              { name: 'dashboards', projected: { sources: dashboardMaps.map((map) => ({ configMap: { name: map } })) } },
            ],
          },
        },
      },
    }),
    new Service({
      metadata: { name, namespace, labels },
      spec: {
        selector: selectorLabels(spec, name),
        ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }],
      },
    }),
    new VirtualService({
      metadata: { name, namespace, labels },
      spec: {
        hosts: [grafanaHost(spec)],
        gateways: [`${ns.app}/${gatewayName}`],
        http: [{ name, route: [{ destination: { host: serviceHost(name, namespace), port: { number: 80 } } }], timeout: '60s' }],
      },
    }),
    new DestinationRule({
      metadata: { name, namespace, labels },
      spec: { host: serviceHost(name, namespace), trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
    }),
    // Prometheus and Jaeger query have no sidecar: Grafana's Envoy must talk plain text to them even
    // where a mesh-wide DestinationRule asks for ISTIO_MUTUAL. Seen by this namespace's sidecars only.
    ...[serviceHost('prometheus-operated', namespace), serviceHost('jaeger-query', ns.tracing)].map(
      (host) =>
        new DestinationRule({
          metadata: { name: `grafana-to-${host.split('.')[0]}`, namespace, labels },
          spec: { host, exportTo: ['.'], trafficPolicy: { tls: { mode: 'DISABLE' } } },
        }),
    ),
    // The monitoring namespace has no mesh-wide policy: this one holds for Grafana's pod only.
    new PeerAuthentication({
      metadata: { name, namespace, labels },
      spec: { selector: { matchLabels: selectorLabels(spec, name) }, mtls: { mode: 'STRICT' } },
    }),
    new AuthorizationPolicy({
      metadata: { name: `${name}-allow`, namespace, labels },
      spec: {
        selector: { matchLabels: selectorLabels(spec, name) },
        action: 'ALLOW',
        rules: [
          {
            from: [{ source: { principals: [principal(clusterServices.ingressGateway.namespace, clusterServices.ingressGateway.serviceAccount)] } }],
            to: [{ operation: { ports: [String(ports.grafana)] } }],
          },
        ],
      },
    }),
  ];
}
