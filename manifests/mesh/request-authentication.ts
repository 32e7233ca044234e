import { RequestAuthentication } from '@kubernetes-models/istio/security.istio.io/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, componentPodLabels, namespacesOf } from '../names';
import { identityIssuer } from '../platform-defaults';

/** The components whose public routes take only requests with a valid token from identity-service. */
export const jwtProtected = ['wallet-api'] as const;

/** Any subject of a token identity-service issued, as an AuthorizationPolicy's requestPrincipals. */
export function identityRequestPrincipals(spec: EnvironmentSpec): string[] {
  return [`${identityIssuer(spec.name)}/*`];
}

/**
 * wallet-api's sidecar checks the bearer token of every request against identity-service's keys: a
 * token that is invalid, expired or from another issuer is refused (401); wallet-api's
 * AuthorizationPolicy refuses requests from the gateway without one (403). No jwksUri: istiod reads
 * it from the issuer's OpenID discovery document, served by identity-service on the public host
 * (its keys rotate without a deploy). The token is forwarded: wallet-api still reads its claims.
 */
export function renderRequestAuthentication(spec: EnvironmentSpec): KubeObject[] {
  const namespace = namespacesOf(spec).app;
  return jwtProtected
    .filter((name) => spec.components[name].enabled)
    .map(
      (name) =>
        new RequestAuthentication({
          metadata: { name: `${name}-jwt`, namespace, labels: commonLabels(spec, name) },
          spec: {
            selector: { matchLabels: componentPodLabels(spec, name) },
            jwtRules: [{ issuer: identityIssuer(spec.name), forwardOriginalToken: true }],
          },
        }),
    );
}
