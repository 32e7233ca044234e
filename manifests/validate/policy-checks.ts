import { checkAlertmanagerInhibition } from './alertmanager-inhibition';
import { checkElasticsearchIndexCleanup } from './elasticsearch-index-cleanup';
import { checkDefaultDenyNetworkPolicy } from './default-deny-network-policy';
import { checkPinnedImages } from './pinned-images';
import type { PolicyCheck } from './problem';
import { checkProbes } from './probes';
import { checkProductionAvailability } from './production-availability';
import { checkResourceLimits } from './resource-limits';
import { checkRestrictedSecurityContext } from './restricted-security-context';
import { checkRouteWeights } from './route-weights';
import { checkScaledObjectTargets } from './scaled-object-targets';
import { checkServiceSelectsWorkload } from './service-selects-workload';
import { checkVirtualServiceDestinations } from './virtual-service-destinations';

export const policyChecks: PolicyCheck[] = [
  checkRestrictedSecurityContext,
  checkResourceLimits,
  checkProbes,
  checkPinnedImages,
  checkProductionAvailability,
  checkDefaultDenyNetworkPolicy,
  checkServiceSelectsWorkload,
  checkVirtualServiceDestinations,
  checkRouteWeights,
  checkScaledObjectTargets,
  checkAlertmanagerInhibition,
  checkElasticsearchIndexCleanup,
];
