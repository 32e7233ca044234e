// A real OpenID Connect issuer on loopback for the e2e tests and the local demo, built with
// oidc-provider. One confidential client (the console), the demo users of demo-users.ts, a plain
// login form and automatic consent for that first-party client. Keys are generated at start, so
// nothing secret lives in the repository; restarting the issuer invalidates its sessions only.
// Settings: PP_OIDC_PORT (55480), OIDC_CLIENT_SECRET (required), OIDC_REDIRECT_URIS (comma-separated,
// required), OIDC_CLIENT_ID (personapass-console), OIDC_DEMO_PASSWORD (personapass-demo),
// PP_OIDC_USERS_FILE (a JSON list of users, re-read at every sign-in and token refresh, so groups can
// be changed while it runs; default: the built-in demo users).
// Like the common identity providers it issues a refresh token only for the offline_access scope
// (with prompt=consent, as the OIDC specification asks), so the console can re-read a signed-in
// user's groups between sign-ins.
import { generateKeyPairSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Provider, { type InteractionDetails } from 'oidc-provider';
import { defaultDemoPassword, loadUsers } from './demo-users';

const host = '127.0.0.1';
const port = Number(process.env.PP_OIDC_PORT ?? 55480);
const issuer = `http://${host}:${port}`;
const clientId = process.env.OIDC_CLIENT_ID || 'personapass-console';
const clientSecret = required('OIDC_CLIENT_SECRET');
const redirectUris = required('OIDC_REDIRECT_URIS')
  .split(',')
  .map((uri) => uri.trim())
  .filter(Boolean);
const demoPassword = process.env.OIDC_DEMO_PASSWORD || defaultDemoPassword;
// The login form's POST ends, through redirects, at the client's callback; browsers apply
// form-action to every hop, so the CSP must name the clients' origins too.
const formActions = ["'self'", ...new Set(redirectUris.map((uri) => new URL(uri).origin))].join(' ');

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`oidc issuer: ${name} is required`);
    process.exit(2);
  }
  return value;
}

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  // next-auth (idToken: true) builds its profile from the ID token, so scope claims belong there.
  conformIdTokenClaims: false,
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  jwks: { keys: [signingKey()] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    IdToken: 3600,
    Interaction: 3600,
    Session: 8 * 3600,
    Grant: 8 * 3600,
    RefreshToken: 14 * 24 * 3600,
  },
  async findAccount(_ctx: unknown, sub: string) {
    const user = loadUsers().find((candidate) => candidate.sub === sub);
    if (!user) return undefined;
    return {
      accountId: user.sub,
      async claims() {
        return { sub: user.sub, email: user.email, email_verified: user.emailVerified ?? true, name: user.name, groups: user.groups };
      },
    };
  },
});

provider.on('server_error', (_ctx, error) => console.error('oidc issuer: server error', error));

const oidcCallback = provider.callback();

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', issuer);
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
  if (!match) return oidcCallback(req, res);
  const action = match[2] && req.method === 'POST' ? login : req.method === 'GET' && !match[2] ? show : undefined;
  if (!action) return send(res, 405, page('Not allowed', '<p>Method not allowed.</p>'));
  action(req, res).catch((error: unknown) => {
    // An expired or unknown interaction is the usual cause: the browser can start again from the app.
    console.error('oidc issuer: interaction failed', error);
    if (!res.headersSent) {
      send(res, 400, page('Sign-in expired', '<p role="alert">This sign-in attempt has expired or is invalid. Go back to the console and start again.</p>'));
    }
  });
});

async function show(req: IncomingMessage, res: ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') return send(res, 200, loginPage(details.uid));
  if (details.prompt.name === 'consent') return consent(req, res, details);
  send(res, 400, page('Unsupported', `<p role="alert">Unsupported prompt ${escapeHtml(details.prompt.name)}.</p>`));
}

async function login(req: IncomingMessage, res: ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  const form = new URLSearchParams(await readBody(req));
  const email = form.get('email') ?? '';
  const wanted = email.trim().toLowerCase();
  const user = loadUsers().find((candidate) => candidate.email === wanted);
  if (!user || !samePassword(form.get('password') ?? '', demoPassword)) {
    return send(res, 401, loginPage(details.uid, email, 'Unknown email or wrong password.'));
  }
  await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
}

// The console is a first-party client: grant whatever it asked for without a consent screen.
async function consent(req: IncomingMessage, res: ServerResponse, details: InteractionDetails) {
  const accountId = details.session?.accountId;
  if (!accountId) throw new Error('consent without a signed-in account');
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId: details.params.client_id });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: existing ? {} : { grantId } }, { mergeWithLastSubmission: true });
}

function samePassword(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return body;
}

function send(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; form-action ${formActions}`,
    'X-Frame-Options': 'DENY',
  });
  res.end(html);
}

function loginPage(uid: string, email = '', error?: string): string {
  const users = loadUsers().map((user) => `<li><code>${escapeHtml(user.email)}</code></li>`).join('');
  return page(
    'Sign in',
    `<h1>PersonaPass SSO</h1>
<p>Local demo identity provider.</p>
${error ? `<p role="alert" class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" required autofocus value="${escapeHtml(email)}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" required>
  <button type="submit">Sign in</button>
</form>
<details><summary>Demo users</summary><ul>${users}</ul></details>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · PersonaPass SSO</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}
label,input,button{display:block;width:100%;box-sizing:border-box}input{margin:.25rem 0 1rem;padding:.5rem}
button{padding:.6rem;font-weight:600}.error{color:#b00020}</style></head><body><main>${body}</main></body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

server.listen(port, host, () => {
  console.log(`oidc issuer: ${issuer} (client ${clientId}; redirect URIs ${redirectUris.join(', ')})`);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
