import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { renderAutoscaling } from './autoscaling';
import { type KubeObject, sortObjects } from './kube-object';
import { renderAuthorizationPolicies } from './mesh/authorization-policies';
import { renderDestinationRules } from './mesh/destination-rules';
import { renderGateway } from './mesh/gateway';
import { renderPeerAuthentication } from './mesh/peer-authentication';
import { renderRateLimits } from './mesh/rate-limits';
import { renderRequestAuthentication } from './mesh/request-authentication';
import { renderTelemetry } from './mesh/telemetry';
import { renderVirtualServices } from './mesh/virtual-services';
import { renderAlertmanagerConfig } from './monitoring/alertmanager-config';
import { renderDashboards } from './monitoring/dashboards';
import { renderGrafana } from './monitoring/grafana';
import { renderPrometheusStack } from './monitoring/prometheus';
import { renderPrometheusRule } from './monitoring/prometheus-rule';
import { renderServiceMonitors } from './monitoring/service-monitors';
import { renderNamespaces } from './namespaces';
import { renderNetworkPolicies } from './network-policies';
import { renderRbac } from './rbac';
import { renderTracing } from './tracing';
import { renderVerticalPodAutoscalers } from './vertical-pod-autoscalers';
import { renderCredentialWorker } from './workloads/credential-worker';
import { renderIdentityService } from './workloads/identity-service';
import { renderRedis } from './workloads/redis';
import { renderWalletApi } from './workloads/wallet-api';

const monitoring = [renderServiceMonitors, renderPrometheusRule, renderAlertmanagerConfig, renderPrometheusStack, renderDashboards, renderGrafana];

/** The whole platform of one environment, in apply order. Pure and deterministic: the same spec
 *  always gives the same objects in the same order with the same keys. */
export function renderPlatform(spec: EnvironmentSpec): KubeObject[] {
  const parts = [
    renderNamespaces,
    renderRbac,
    renderIdentityService,
    renderWalletApi,
    renderCredentialWorker,
    renderRedis,
    renderTracing,
    renderAutoscaling,
    renderNetworkPolicies,
    renderGateway,
    renderVirtualServices,
    renderDestinationRules,
    renderPeerAuthentication,
    renderRequestAuthentication,
    renderAuthorizationPolicies,
    renderRateLimits,
    renderTelemetry,
    ...(spec.toggles.monitoring ? monitoring : []),
  ];
  const objects = parts.flatMap((render) => render(spec));
  // Derived from what was rendered, so every workload has its recommender.
  return sortObjects([...objects, ...renderVerticalPodAutoscalers(spec, objects)]);
}
