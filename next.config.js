// Static security headers for every response. The Content-Security-Policy needs a fresh nonce per
// request, so proxy.ts sets it (and HSTS and Cross-Origin-Opener-Policy over https).
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  // The console and its status pages are private: no search engine indexes them (robots.txt says
  // the same to crawlers that read it; this covers links followed from elsewhere).
  { key: 'X-Robots-Tag', value: 'noindex, nofollow' },
];

/** @type {import('next').NextConfig} */
export default {
  reactStrictMode: true,
  poweredByHeader: false,
  // Types are checked once for the whole repository by `npm run typecheck` (part of npm test);
  // a build should not fail on a test file's types, nor spend minutes checking them again.
  typescript: { ignoreBuildErrors: true },
  // Server-only packages stay out of the bundler so their native and dynamic requires work.
  // kubernetes-models validate through re2-wasm, which reads its .wasm file beside itself; prom-client
  // keeps one registry per process and requires node:cluster.
  serverExternalPackages: ['@kubernetes/client-node', 'pg', '@prisma/adapter-pg', 'kubernetes-models', '@kubernetes-models/apimachinery', '@kubernetes-models/base', '@kubernetes-models/validate', '@kubernetes-models/istio', '@kubernetes-models/keda', '@kubernetes-models/prometheus-operator', 're2-wasm', 'prom-client'],
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // A status page's URL carries its share link's token: it must not leave in a Referer at all.
      { source: '/status/:path*', headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }] },
    ];
  },
};
