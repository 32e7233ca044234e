/** The domain under which every environment's API is published at the shared ingress gateway. */
export const publicApiDomain = 'api.personapass.io';

/** The platform's public host name at the ingress gateway. */
export function publicHost(environment: string): string {
  return `${environment}.${publicApiDomain}`;
}
