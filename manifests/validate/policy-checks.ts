import { checkAlertmanagerInhibition } from './alertmanager-inhibition';
import { checkDeadMansSwitch } from './dead-mans-switch';
import { checkElasticsearchIndexCleanup } from './elasticsearch-index-cleanup';
import { checkDefaultDenyNetworkPolicy } from './default-deny-network-policy';
import { checkDeploymentSelectors } from './deployment-selectors';
import { checkDisruptionBudgets } from './disruption-budgets';
import { checkNodeCapacity } from './node-capacity';
import { checkExternalDependencies } from './external-dependencies';
import { checkGatewayHosts } from './gateway-hosts';
import { checkGatewayTlsSecret } from './gateway-tls-secret';
import { checkGrafanaProvisioning } from './grafana-provisioning';
import { checkJwtAuthentication } from './jwt-authentication';
import { checkLocalRateLimits } from './local-rate-limits';
import { checkPinnedImages } from './pinned-images';
import type { PolicyCheck } from './problem';
import { checkPodSecurityLevels } from './pod-security-levels';
import { checkProbes } from './probes';
import { checkProductionAvailability } from './production-availability';
import { checkRedisMemory } from './redis-memory';
import { checkResourceLimits } from './resource-limits';
import { checkRestrictedSecurityContext } from './restricted-security-context';
import { checkRouteWeights } from './route-weights';
import { checkOffHoursScaling } from './off-hours-scaling';
import { checkScaledObjectTargets } from './scaled-object-targets';
import { checkServiceSelectsWorkload } from './service-selects-workload';
import { checkVerticalPodAutoscalers } from './vertical-pod-autoscalers';
import { checkVirtualServiceDestinations } from './virtual-service-destinations';

export const policyChecks: PolicyCheck[] = [
  checkRestrictedSecurityContext,
  checkPodSecurityLevels,
  checkResourceLimits,
  checkRedisMemory,
  checkProbes,
  checkPinnedImages,
  checkProductionAvailability,
  checkDisruptionBudgets,
  checkNodeCapacity,
  checkDefaultDenyNetworkPolicy,
  checkExternalDependencies,
  checkServiceSelectsWorkload,
  checkVirtualServiceDestinations,
  checkGatewayTlsSecret,
  checkGatewayHosts,
  checkJwtAuthentication,
  checkLocalRateLimits,
  checkRouteWeights,
  checkDeploymentSelectors,
  checkScaledObjectTargets,
  checkOffHoursScaling,
  checkVerticalPodAutoscalers,
  checkAlertmanagerInhibition,
  checkDeadMansSwitch,
  checkElasticsearchIndexCleanup,
  checkGrafanaProvisioning,
];
