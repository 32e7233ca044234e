import { productionMinimumApprovals, type EnvironmentSpec, type Tier } from './environment-spec';

export type CloneOverrides = {
  name: string;
  namespace?: string;
  tier?: Tier;
};

/**
 * A copy of a spec under a new name. The copy keeps every setting; a production target is made
 * protected with at least two approvals so a clone can never weaken the production gate.
 */
export function cloneSpec(source: EnvironmentSpec, overrides: CloneOverrides): EnvironmentSpec {
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
