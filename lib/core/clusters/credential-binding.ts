import { canonicalJson } from '../canonical-json';

// What a sealed cluster credential is bound to (AEAD additional data). Binding the API server URL
// and CA as well as the name means a credential never follows an address changed behind the
// console's back: a row edited in the database no longer opens. The format carries its version so
// that a later one can be told apart from this one.

export type BoundConnection = { name: string; apiServerUrl: string; caBundle: string };

export const credentialBindingVersion = 'v2';

export function credentialBinding(connection: BoundConnection): string {
  const { name, apiServerUrl, caBundle } = connection;
  return `personapass/cluster-credential/${credentialBindingVersion}:${canonicalJson({ apiServerUrl, caBundle, name })}`;
}

/** The first format bound the name only. Records sealed with it are recognised, never opened. */
export function legacyCredentialBinding(name: string): string {
  return `cluster:${name}`;
}
