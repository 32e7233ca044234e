import { componentNames, productionMinimumApprovals, type EnvironmentSpec, type Tier } from './environment-spec';
import { nodesOf } from './node-capacity';

export type CloneOverrides = {
  name: string;
  namespace?: string;
  tier?: Tier;
};

/**
 * A copy of a spec under a new name, and what had to change, in words. The copy keeps every
 * setting; a production target is made protected with at least two approvals so a clone can never
 * weaken the production gate, and is fitted to production (below).
 */
export function cloneSpec(source: EnvironmentSpec, overrides: CloneOverrides): { spec: EnvironmentSpec; lowered: string[] } {
  return fittedToProduction(copyUnder(source, overrides));
}

/**
 * A production spec with every replica count (canaries' too) and autoscaling bound at most its node
 * count, since production places one replica per node (a staging spec scaling to 6 cloned into a
 * 5-node production would otherwise be refused, or leave a replica Pending for ever), and without
 * working hours (production never has them); the same rules as the spec's validation.
 */
function fittedToProduction(spec: EnvironmentSpec): { spec: EnvironmentSpec; lowered: string[] } {
  if (spec.tier !== 'production') return { spec, lowered: [] };
  const nodes = nodesOf(spec);
  const fitted = structuredClone(spec);
  const lowered: string[] = [];
  for (const name of componentNames) {
    const component = fitted.components[name];
    const before = { replicas: component.replicas, max: component.autoscaling.maxReplicas, min: component.autoscaling.minReplicas };
    component.replicas = Math.min(component.replicas, nodes);
    component.autoscaling.maxReplicas = Math.min(component.autoscaling.maxReplicas, nodes);
    component.autoscaling.minReplicas = Math.min(component.autoscaling.minReplicas, component.autoscaling.maxReplicas);
    if (component.replicas !== before.replicas) lowered.push(`${name} replicas ${before.replicas} → ${component.replicas}`);
    if (component.autoscaling.maxReplicas !== before.max) lowered.push(`${name} autoscaling max ${before.max} → ${component.autoscaling.maxReplicas}`);
    if (component.autoscaling.minReplicas !== before.min) lowered.push(`${name} autoscaling min ${before.min} → ${component.autoscaling.minReplicas}`);
    if (component.canary && component.canary.replicas > nodes) {
      lowered.push(`${name} canary replicas ${component.canary.replicas} → ${nodes}`);
      component.canary.replicas = nodes;
    }
    // Production never scales to zero by the clock (environment-spec.ts): working hours do not carry over.
    if (component.autoscaling.workingHours) {
      delete component.autoscaling.workingHours;
      lowered.push(`${name} working hours dropped (production never scales to zero by schedule)`);
    }
  }
  return { spec: fitted, lowered };
}

function copyUnder(source: EnvironmentSpec, overrides: CloneOverrides): EnvironmentSpec {
  const tier = overrides.tier ?? source.tier;
  const copy: EnvironmentSpec = structuredClone(source);
  copy.name = overrides.name;
  copy.namespace = overrides.namespace ?? `personapass-${overrides.name}`;
  copy.tier = tier;
  if (tier === 'production') {
    copy.protection = {
      ...copy.protection,
      protected: true,
      approvalsRequired: Math.max(productionMinimumApprovals, copy.protection.approvalsRequired),
    };
  }
  return copy;
}
