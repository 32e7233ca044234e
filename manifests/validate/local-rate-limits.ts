import { componentNames } from '@/lib/core/environments/environment-spec';
import { localRateLimitFilter, localRateLimitType } from '../mesh/rate-limits';
import { ports } from '../names';
import { podTemplates, selectorMatches } from './pod-templates';
import { idOf, type PlainObject, type PolicyCheck, type Problem } from './problem';

const check = 'local-rate-limits';
const hundredPercent = (fraction: any) => fraction?.default_value?.numerator === 100 && fraction?.default_value?.denominator === 'HUNDRED';

/** The one patch of a local-rate-limit EnvoyFilter, or why the filter is not one. */
function rateLimitPatch(filter: PlainObject): { patch?: any; problem?: string } {
  const patches: any[] = filter.spec?.configPatches ?? [];
  if (patches.length !== 1) return { problem: `has ${patches.length} config patches; a local rate limit has exactly one` };
  const [patch] = patches;
  const value = patch.patch?.value;
  if (
    patch.applyTo !== 'HTTP_FILTER' ||
    patch.match?.context !== 'SIDECAR_INBOUND' ||
    value?.name !== localRateLimitFilter ||
    value?.typed_config?.['@type'] !== localRateLimitType
  ) {
    return { problem: `is not a local rate limit (an HTTP_FILTER ${localRateLimitFilter} on SIDECAR_INBOUND): the platform renders no other EnvoyFilter` };
  }
  return { patch };
}

/**
 * A component whose spec sets a rate limit has exactly one EnvoyFilter over each of its pod
 * templates (stable and canary), inserting Envoy's local rate limit into the inbound side of its
 * serving port with the spec's token bucket, enabled and enforced for every request; no EnvoyFilter
 * is anything else, selects nothing, selects pods of several components or of a component without a
 * limit in the spec.
 */
export const checkLocalRateLimits: PolicyCheck = (objects, { spec }) => {
  const problems: Problem[] = [];
  const filters = objects.filter((o) => o.kind === 'EnvoyFilter');
  const templates = podTemplates(objects);
  const add = (object: PlainObject, path: string, message: string) => problems.push({ object: idOf(object), path, message, check });
  const selects = (filter: PlainObject, template: (typeof templates)[number]) =>
    template.workload.metadata.namespace === filter.metadata.namespace && selectorMatches(filter.spec?.workloadSelector?.labels, template.labels);

  for (const filter of filters) {
    const { problem } = rateLimitPatch(filter);
    if (problem) add(filter, 'spec.configPatches', problem);
    if (Object.keys(filter.spec?.workloadSelector?.labels ?? {}).length === 0) {
      add(filter, 'spec.workloadSelector', 'selects no workload: without workloadSelector labels it applies to every pod of the namespace');
      continue;
    }
    const components = new Set(templates.filter((t) => selects(filter, t)).map((t) => t.labels['app.kubernetes.io/name']));
    if (components.size === 0) add(filter, 'spec.workloadSelector.labels', 'selects no pods');
    if (components.size > 1) add(filter, 'spec.workloadSelector.labels', `selects the pods of several components (${[...components].sort().join(', ')})`);
    for (const name of components) {
      const known = (componentNames as readonly string[]).includes(name ?? '');
      if (!known || !spec.components[name as (typeof componentNames)[number]].rateLimit) {
        add(filter, 'spec.workloadSelector.labels', `limits ${name}, whose spec sets no rate limit`);
      }
    }
  }

  for (const name of componentNames) {
    const component = spec.components[name];
    const limit = component.rateLimit;
    if (!component.enabled || !limit) continue;
    const own = templates.filter((t) => t.workload.kind === 'Deployment' && t.labels['app.kubernetes.io/name'] === name);
    for (const template of own) {
      const matching = filters.filter((f) => selects(f, template));
      if (matching.length !== 1) {
        add(
          template.workload,
          'spec.template.metadata.labels',
          matching.length === 0
            ? `the spec limits ${name} to ${limit.requestsPerSecond} requests/s per pod, but no EnvoyFilter selects these pods`
            : `${matching.length} EnvoyFilters select these pods (${matching.map((f) => f.metadata.name).join(', ')}); exactly one rate limit per pod`,
        );
        continue;
      }
      const filter = matching[0]!;
      const { patch } = rateLimitPatch(filter);
      if (!patch) continue;
      const config = patch.patch.value.typed_config;
      const bucket = config.token_bucket ?? {};
      const at = 'spec.configPatches[0].patch.value.typed_config';
      if (bucket.max_tokens !== limit.burst || bucket.tokens_per_fill !== limit.requestsPerSecond || bucket.fill_interval !== '1s') {
        add(
          filter,
          `${at}.token_bucket`,
          `token bucket ${bucket.max_tokens} tokens, ${bucket.tokens_per_fill} per ${bucket.fill_interval}; the spec says ${limit.burst} tokens, ${limit.requestsPerSecond} per 1s`,
        );
      }
      if (!hundredPercent(config.filter_enabled) || !hundredPercent(config.filter_enforced)) {
        add(filter, at, 'must be enabled and enforced for 100% of requests (filter_enabled, filter_enforced): otherwise it limits nothing or only reports');
      }
      if (patch.match?.listener?.portNumber !== ports.http) {
        add(filter, 'spec.configPatches[0].match.listener.portNumber', `must be the serving port ${ports.http}: any other port limits the wrong traffic, none also refuses Prometheus' scrapes`);
      }
    }
  }
  return problems;
};
