import { namespacesOf, ports } from '../names';
import { clusterServices, publicHost } from '../platform-defaults';
import { principal } from '../mesh/mesh-components';
import { jwtProtected } from '../mesh/request-authentication';
import { labelSelectorMatches } from './network-policy-egress';
import { idOf, type PlainObject, type PolicyCheck, type Problem } from './problem';

const check = 'jwt-authentication';
const discoveryPath = '/.well-known/openid-configuration';

type Source = { principals?: string[]; requestPrincipals?: string[]; notRequestPrincipals?: string[] };
type Rule = { from?: { source?: Source }[]; to?: { operation?: { ports?: string[]; paths?: string[] } }[]; when?: unknown[] };

/**
 * wallet-api's public routes take only requests carrying a valid token from identity-service:
 * a RequestAuthentication on its pods trusts exactly identity-service's issuer (the OIDC_ISSUER it
 * signs tokens as), istiod can read that issuer's discovery document and then the keys at the
 * jwks_uri it names (OIDC_JWKS_URI): both on the public host, each path sent to identity-service by
 * the first public route that matches it (istiod fetches them through the ingress gateway, like any
 * client; a key URL routed elsewhere, even to wallet-api, fails closed and every token is refused),
 * and every ALLOW rule that admits the ingress gateway on its HTTP port requires a request principal
 * of that issuer.
 */
export const checkJwtAuthentication: PolicyCheck = (objects, { spec }) => {
  const problems: Problem[] = [];
  const namespace = namespacesOf(spec).app;
  const inApp = (kind: string) => objects.filter((o) => o.kind === kind && o.metadata.namespace === namespace);
  const identityConfig = inApp('ConfigMap').find((o) => o.metadata.name === 'identity-service-config');
  const issuer = (identityConfig?.data as Record<string, string> | undefined)?.OIDC_ISSUER;
  const gateway = principal(clusterServices.ingressGateway.namespace, clusterServices.ingressGateway.serviceAccount);

  for (const name of jwtProtected) {
    const deployment = inApp('Deployment').find((o) => o.metadata.name === name);
    if (!deployment) continue;
    const labels = (deployment.spec?.template?.metadata?.labels ?? {}) as Record<string, string>;
    const selects = (o: PlainObject) => labelSelectorMatches(o.spec?.selector, labels);

    if (!issuer) {
      add(deployment, 'metadata.name', `identity-service, which issues the tokens ${name} requires, is not rendered (no OIDC_ISSUER): no request to ${name}'s public routes can pass`);
      continue;
    }
    const issuers = inApp('RequestAuthentication')
      .filter(selects)
      .flatMap((o) => ((o.spec?.jwtRules ?? []) as { issuer?: string }[]).map((rule) => rule.issuer));
    if (!issuers.includes(issuer)) {
      add(deployment, 'spec.template.metadata.labels', `no RequestAuthentication on ${name}'s pods trusts identity-service's issuer ${issuer}: tokens are not checked`);
    }
    const stranger = issuers.find((other) => other !== issuer);
    if (stranger) add(deployment, 'spec.template.metadata.labels', `a RequestAuthentication on ${name}'s pods also trusts ${stranger}, which is not identity-service`);

    for (const policy of inApp('AuthorizationPolicy').filter((o) => (o.spec?.action ?? 'ALLOW') === 'ALLOW' && o.spec?.selector && selects(o))) {
      ((policy.spec?.rules ?? []) as Rule[]).forEach((rule, r) => {
        const reachesHttp = !rule.to || rule.to.some((t) => !t.operation?.ports || t.operation.ports.includes(String(ports.http)));
        (rule.from ?? [{}]).forEach((from, f) => {
          const admitsGateway = !from.source?.principals || from.source.principals.some((p) => p === gateway || p === '*');
          const tokens = from.source?.requestPrincipals ?? [];
          if (reachesHttp && admitsGateway && !(tokens.length > 0 && tokens.every((p) => p.startsWith(`${issuer}/`)))) {
            add(policy, `spec.rules[${r}].from[${f}].source.requestPrincipals`, `lets the ingress gateway reach ${name} without a token from ${issuer}`);
          }
        });
      });
    }
  }

  if (issuer) {
    // istiod fetches both through the public host: the discovery document, then the jwks_uri it names.
    const discovery = `${issuer.replace(/\/$/, '')}${discoveryPath}`;
    if (new URL(issuer).host !== publicHost(spec.name) || !routedToIdentity(discovery)) {
      add(identityConfig!, 'data.OIDC_ISSUER', `istiod reads the issuer's discovery document at ${discovery}, which no public route of ${publicHost(spec.name)} sends to identity-service`);
    }
    const jwks = (identityConfig?.data as Record<string, string> | undefined)?.OIDC_JWKS_URI;
    if (!jwks) {
      add(identityConfig!, 'data.OIDC_JWKS_URI', `identity-service is not told the jwks_uri its discovery document names: nothing shows istiod can fetch its keys through ${publicHost(spec.name)}`);
    } else if (!URL.canParse(jwks) || new URL(jwks).protocol !== 'https:' || new URL(jwks).host !== publicHost(spec.name) || !routedToIdentity(jwks)) {
      add(
        identityConfig!,
        'data.OIDC_JWKS_URI',
        `istiod fetches identity-service's keys at ${jwks} (the discovery document's jwks_uri), which no public route of https://${publicHost(spec.name)} sends to identity-service: every token would be refused`,
      );
    }
  }
  return problems;

  /** Whether the public VirtualService of the URL's host sends its path to identity-service: the
   *  first HTTP route that matches the path decides, as in Envoy. */
  function routedToIdentity(address: string): boolean {
    const url = new URL(address);
    type Match = { uri?: { prefix?: string; exact?: string; regex?: string } };
    type HttpRoute = { match?: Match[]; route?: { destination?: { host?: string } }[] };
    const matches = (m: Match) =>
      m.uri === undefined ||
      (m.uri.prefix !== undefined && url.pathname.startsWith(m.uri.prefix)) ||
      (m.uri.exact !== undefined && url.pathname === m.uri.exact) ||
      (m.uri.regex !== undefined && new RegExp(`^(?:${m.uri.regex})$`).test(url.pathname));
    return inApp('VirtualService')
      .filter((vs) => ((vs.spec?.hosts ?? []) as string[]).includes(url.host))
      .some((vs) => {
        const first = ((vs.spec?.http ?? []) as HttpRoute[]).find((route) => !route.match?.length || route.match.some(matches));
        return !!first?.route?.length && first.route.every((d) => d.destination?.host?.startsWith(`identity-service.${namespace}.`));
      });
  }

  function add(object: PlainObject, path: string, message: string) {
    problems.push({ object: idOf(object), path, message, check });
  }
};
