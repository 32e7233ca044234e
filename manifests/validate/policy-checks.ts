import { checkAlertmanagerInhibition } from './alertmanager-inhibition';
import { checkDeadMansSwitch } from './dead-mans-switch';
import { checkElasticsearchIndexCleanup } from './elasticsearch-index-cleanup';
import { checkDefaultDenyNetworkPolicy } from './default-deny-network-policy';
import { checkDisruptionBudgets } from './disruption-budgets';
import { checkNodeCapacity } from './node-capacity';
import { checkExternalDependencies } from './external-dependencies';
import { checkGatewayTlsSecret } from './gateway-tls-secret';
import { checkJwtAuthentication } from './jwt-authentication';
import { checkPinnedImages } from './pinned-images';
import type { PolicyCheck } from './problem';
import { checkProbes } from './probes';
import { checkProductionAvailability } from './production-availability';
import { checkRedisMemory } from './redis-memory';
import { checkResourceLimits } from './resource-limits';
import { checkRestrictedSecurityContext } from './restricted-security-context';
import { checkRouteWeights } from './route-weights';
import { checkScaledObjectTargets } from './scaled-object-targets';
import { checkServiceSelectsWorkload } from './service-selects-workload';
import { checkVirtualServiceDestinations } from './virtual-service-destinations';

export const policyChecks: PolicyCheck[] = [
  checkRestrictedSecurityContext,
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
  checkJwtAuthentication,
  checkRouteWeights,
  checkScaledObjectTargets,
  checkAlertmanagerInhibition,
  checkDeadMansSwitch,
  checkElasticsearchIndexCleanup,
];
