import { AuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, componentPodLabels, namespacesOf, ports } from '../names';
import { clusterServices } from '../platform-defaults';
import { principal } from './mesh-components';
import { identityRequestPrincipals } from './request-authentication';

type Rule = { from?: { source: Record<string, string[]> }[]; to: { operation: { ports: string[] } }[] };

// Public requests to wallet-api need a valid token from identity-service (checked by its
// RequestAuthentication; a request without one has no request principal and matches no rule, so
// without identity-service none gets through: closed, not open).

/** Deny by default, then one ALLOW policy per workload naming exactly who may call which port. */
export function renderAuthorizationPolicies(spec: EnvironmentSpec): KubeObject[] {
  const namespace = namespacesOf(spec).app;
  const enabled = (name: keyof EnvironmentSpec['components']) => spec.components[name].enabled;
  const sa = (name: string) => principal(namespace, name);
  const gateway = principal(clusterServices.ingressGateway.namespace, clusterServices.ingressGateway.serviceAccount);
  const to = (...p: number[]) => [{ operation: { ports: p.map(String) } }];
  // Prometheus scrapes in plain text from outside the mesh: no principal to match on this port.
  const scrape: Rule = { to: to(ports.metrics) };

  const allow = (name: string, rules: Rule[]) =>
    new AuthorizationPolicy({
      metadata: { name: `${name}-allow`, namespace, labels: commonLabels(spec, name) },
      spec: { selector: { matchLabels: componentPodLabels(spec, name) }, action: 'ALLOW', rules },
    });

  const policies: KubeObject[] = [
    // An ALLOW policy with no rules matches nothing: every request not allowed below is denied.
    new AuthorizationPolicy({ metadata: { name: 'default-deny', namespace, labels: commonLabels(spec, 'mesh') }, spec: {} }),
  ];
  if (enabled('identity-service')) {
    const callers = [enabled('wallet-api') && sa('wallet-api'), enabled('credential-worker') && sa('credential-worker')].filter(
      (p): p is string => typeof p === 'string',
    );
    policies.push(
      allow('identity-service', [
        { from: [{ source: { principals: [gateway] } }], to: to(ports.http) },
        ...(callers.length ? [{ from: [{ source: { principals: callers } }], to: to(ports.http) }] : []),
        scrape,
      ]),
    );
  }
  if (enabled('wallet-api')) {
    const source = { principals: [gateway], requestPrincipals: identityRequestPrincipals(spec) };
    policies.push(allow('wallet-api', [{ from: [{ source }], to: to(ports.http) }, scrape]));
  }
  if (enabled('credential-worker')) policies.push(allow('credential-worker', [scrape]));
  if (enabled('wallet-api') || enabled('credential-worker')) {
    const users = [enabled('wallet-api') && sa('wallet-api'), enabled('credential-worker') && sa('credential-worker')].filter(
      (p): p is string => typeof p === 'string',
    );
    policies.push(
      allow('redis', [
        { from: [{ source: { principals: users } }], to: to(ports.redis) },
        // KEDA's scaler is outside the mesh (no principal); network policy admits only its namespace.
        { from: [{ source: { notPrincipals: ['*'] } }], to: to(ports.redis) },
        { to: to(ports.redisMetrics) },
      ]),
    );
  }
  return policies;
}
