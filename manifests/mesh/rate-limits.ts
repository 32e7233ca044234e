import { EnvoyFilter } from '@kubernetes-models/istio/networking.istio.io/v1alpha3';
import type { EnvironmentSpec, RateLimit } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, componentPodLabels, namespacesOf, ports } from '../names';
import { enabledServing } from './mesh-components';

// Envoy's local rate limit, the one mechanism Istio (1.29) offers for it: istio.io/api has no rate
// limit resource, so an EnvoyFilter inserts envoy.filters.http.local_ratelimit into the inbound HTTP
// filter chain of the component's sidecars. Each Envoy keeps its own token bucket (shared by its
// worker threads): the limit is per pod, and the service admits replicas × requestsPerSecond.

export const localRateLimitFilter = 'envoy.filters.http.local_ratelimit';
export const localRateLimitType = 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit';
/** The header a refused response carries, so a client (and a person reading curl -v) can tell
 *  the sidecar's limit from the application's own 429s. */
const rateLimitHeader = 'x-local-rate-limit';

function rateLimitFilterName(component: string): string {
  return `${component}-local-rate-limit`;
}

const always = (runtimeKey: string) => ({ runtime_key: runtimeKey, default_value: { numerator: 100, denominator: 'HUNDRED' } });

/** The filter's configuration for a limit: `burst` tokens, refilled with `requestsPerSecond` every second. */
function localRateLimitConfig(limit: RateLimit) {
  return {
    '@type': localRateLimitType,
    stat_prefix: 'http_local_rate_limiter',
    token_bucket: { max_tokens: limit.burst, tokens_per_fill: limit.requestsPerSecond, fill_interval: '1s' },
    // Enabled and enforced for every request (the runtime keys exist only to override that).
    filter_enabled: always('local_rate_limit_enabled'),
    filter_enforced: always('local_rate_limit_enforced'),
    status: { code: 'TooManyRequests' },
    response_headers_to_add: [{ append_action: 'OVERWRITE_IF_EXISTS_OR_ADD', header: { key: rateLimitHeader, value: 'true' } }],
  };
}

/**
 * One EnvoyFilter per component whose spec sets a rate limit, selecting its pods only (every track:
 * a canary serves the same public routes). It patches the sidecar's inbound side (SIDECAR_INBOUND:
 * requests to the pod, never the pod's own outbound calls) on the serving port only (on the virtual
 * inbound listener Istio compares portNumber with the filter chain's destination port, the pod's
 * 8080): Prometheus' scrapes of the metrics port are never refused. Inserted just before the router,
 * so after the JWT and RBAC filters: a request the mesh refuses anyway spends no token.
 */
export function renderRateLimits(spec: EnvironmentSpec): KubeObject[] {
  const namespace = namespacesOf(spec).app;
  return enabledServing(spec).flatMap(({ name }) => {
    const limit = spec.components[name].rateLimit;
    if (!limit) return [];
    return [
      new EnvoyFilter({
        metadata: { name: rateLimitFilterName(name), namespace, labels: commonLabels(spec, name) },
        spec: {
          workloadSelector: { labels: componentPodLabels(spec, name) },
          configPatches: [
            {
              applyTo: 'HTTP_FILTER',
              match: {
                context: 'SIDECAR_INBOUND',
                listener: {
                  portNumber: ports.http,
                  filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } },
                },
              },
              patch: { operation: 'INSERT_BEFORE', value: { name: localRateLimitFilter, typed_config: localRateLimitConfig(limit) } },
            },
          ],
        },
      }),
    ];
  });
}
