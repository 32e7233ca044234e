import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { identityIssuer, identityJwksUri } from '../platform-defaults';
import { renderAppWorkload } from './app-workload';

/** Issues and verifies identities: OIDC endpoints, credential signing keys. */
export function renderIdentityService(spec: EnvironmentSpec): KubeObject[] {
  return renderAppWorkload(spec, 'identity-service', {
    serves: true,
    config: {
      HTTP_PORT: '8080',
      LOG_FORMAT: 'json',
      LOG_LEVEL: spec.tier === 'production' ? 'info' : 'debug',
      // The `iss` of every token it signs; the mesh accepts wallet-api's callers' tokens from it.
      OIDC_ISSUER: identityIssuer(spec.name),
      // The jwks_uri its discovery document names: istiod fetches the keys there, through the public host.
      OIDC_JWKS_URI: identityJwksUri(spec.name),
    },
    secretEnv: [
      { env: 'DATABASE_URL', secret: 'identity-service-database', key: 'url' },
      { env: 'SIGNING_KEY', secret: 'identity-service-signing-key', key: 'private-key' },
    ],
  });
}
