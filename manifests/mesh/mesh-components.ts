import type { ComponentName, EnvironmentSpec } from '@/lib/core/environments/environment-spec';

/** The components that serve requests through the mesh, and the public paths the gateway routes to each. */
export const servingComponents: { name: ComponentName; publicPrefixes: string[]; timeout: string; perTryTimeout: string }[] = [
  { name: 'identity-service', publicPrefixes: ['/identity/', '/.well-known/'], timeout: '5s', perTryTimeout: '2s' },
  { name: 'wallet-api', publicPrefixes: ['/wallet/'], timeout: '10s', perTryTimeout: '3s' },
];

export function enabledServing(spec: EnvironmentSpec) {
  return servingComponents.filter((c) => spec.components[c.name].enabled);
}

export function principal(namespace: string, serviceAccount: string): string {
  return `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
}

export const gatewayName = 'personapass-gateway';

// Retry only failures where the request never reached the application, so a POST is never repeated.
export const retryOn = 'connect-failure,refused-stream,unavailable,cancelled,reset';
