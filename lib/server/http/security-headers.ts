// The per-request security headers proxy.ts adds (the static ones are in next.config.js). Pure:
// the nonce and the facts about the deployment come in as arguments.

export type PageSecurityOptions = {
  /** Fresh for every request; Next puts it on its own scripts and styles, the layout on the theme script. */
  nonce: string;
  /**
   * `next dev` evaluates code (React's debugging, fast refresh) and its overlay injects <style>
   * elements without the nonce; builds do neither, and only builds are served to users.
   */
  development: boolean;
  /** Served to browsers over https (the public URL is https, or the request came in on TLS). */
  https: boolean;
  /** Origins the browser may call besides the console itself; only explicitly configured ones. */
  connectOrigins?: readonly string[];
  /** Origins the page may frame (the configured Grafanas' solo panels); none unless configured. */
  frameOrigins?: readonly string[];
};

/** The base64 of 16 random bytes: what a CSP nonce-source accepts and cannot be guessed. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

/**
 * Scripts run only with this request's nonce ('strict-dynamic' lets Next's nonce'd loader pull in
 * its chunks); no inline script or handler runs otherwise. Styles: stylesheets from the console and
 * nonce'd <style> elements; inline style attributes are refused as well, because nothing on our
 * pages renders one on the server (React applies style props through the CSSOM, which CSP does not
 * govern), and the Playwright CSP test would report the first that appeared.
 */
export function contentSecurityPolicy({ nonce, development, https, connectOrigins = [], frameOrigins = [] }: PageSecurityOptions): string {
  const directives: Array<[string, ...string[]]> = [
    ['default-src', "'self'"],
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    // A nonce would make browsers ignore 'unsafe-inline', so development drops it for styles.
    ['style-src', "'self'", ...(development ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    ['img-src', "'self'"],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...connectOrigins],
    // Only the configured Grafanas, never the console itself or any other page.
    ['frame-src', ...(frameOrigins.length ? frameOrigins : ["'none'"])],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  if (https) directives.push(['upgrade-insecure-requests']);
  return directives.map((directive) => directive.join(' ')).join('; ');
}

/** For API answers: JSON is never a document, so nothing may load or frame it. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** HSTS and cross-origin isolation of the window only make sense, and are only sent, over https. */
export function transportSecurityHeaders(https: boolean): Record<string, string> {
  if (!https) return {};
  return {
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/** For status pages: one self-contained document (inline styles, no script, nothing loaded). */
export const statusPageContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
