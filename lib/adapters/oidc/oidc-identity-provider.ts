import type { GroupsReading, IdentityProvider } from '@/lib/core/ports';

type Discovery = { token_endpoint: string; userinfo_endpoint?: string };

const timeoutMs = 10_000;

/**
 * Re-reads a user's groups from an OpenID Connect provider with the refresh token it issued at
 * sign-in (client_secret_basic, like the sign-in itself). The groups come from the new ID token, or
 * from userinfo when the provider leaves them out of ID tokens. The tokens come straight from the
 * provider's token endpoint over the connection the client authenticated, so (OIDC Core 3.1.3.7)
 * TLS stands in for the ID token's signature here.
 */
export class OidcIdentityProvider implements IdentityProvider {
  private discovery?: Promise<Discovery>;

  constructor(
    private readonly settings: { issuer: string; clientId: string; clientSecret: string; groupsClaim: string },
  ) {}

  async readGroups(refreshToken: string): Promise<GroupsReading> {
    let endpoints: Discovery;
    try {
      endpoints = await this.endpoints();
    } catch (error) {
      this.discovery = undefined;
      return { kind: 'unavailable', reason: `the identity provider's discovery document could not be read (${describe(error)})` };
    }
    let response: Response;
    try {
      response = await fetch(endpoints.token_endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(this.settings.clientId)}:${encodeURIComponent(this.settings.clientSecret)}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return { kind: 'unavailable', reason: `the token endpoint did not answer (${describe(error)})` };
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 400 && body.error === 'invalid_grant') {
      return { kind: 'refused', reason: 'the identity provider no longer accepts this sign-in (account removed, signed out there, or access revoked)' };
    }
    if (!response.ok) return { kind: 'unavailable', reason: `the token endpoint answered ${response.status} ${String(body.error ?? '')}`.trim() };
    const nextRefreshToken = typeof body.refresh_token === 'string' ? body.refresh_token : undefined;
    const claims = typeof body.id_token === 'string' ? jwtPayload(body.id_token) : {};
    if (this.settings.groupsClaim in claims) return { kind: 'groups', groups: claims[this.settings.groupsClaim], refreshToken: nextRefreshToken };
    const fromUserinfo = await this.userinfo(endpoints, body.access_token);
    if (fromUserinfo.kind !== 'groups') return fromUserinfo;
    return { ...fromUserinfo, refreshToken: nextRefreshToken };
  }

  private async userinfo(endpoints: Discovery, accessToken: unknown): Promise<GroupsReading> {
    if (!endpoints.userinfo_endpoint || typeof accessToken !== 'string') {
      return { kind: 'unavailable', reason: `the identity provider sent no ${this.settings.groupsClaim} claim and has no userinfo endpoint` };
    }
    try {
      const response = await fetch(endpoints.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(timeoutMs) });
      if (response.status === 401) return { kind: 'refused', reason: 'the identity provider refused the refreshed access token' };
      if (!response.ok) return { kind: 'unavailable', reason: `userinfo answered ${response.status}` };
      const claims = (await response.json()) as Record<string, unknown>;
      return { kind: 'groups', groups: claims[this.settings.groupsClaim] ?? [] };
    } catch (error) {
      return { kind: 'unavailable', reason: `userinfo did not answer (${describe(error)})` };
    }
  }

  private endpoints(): Promise<Discovery> {
    this.discovery ??= fetch(`${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(timeoutMs) }).then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const document = (await response.json()) as Partial<Discovery>;
      if (typeof document.token_endpoint !== 'string') throw new Error('no token_endpoint');
      return document as Discovery;
    });
    return this.discovery;
  }
}

function jwtPayload(jwt: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const describe = (error: unknown) => (error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));
