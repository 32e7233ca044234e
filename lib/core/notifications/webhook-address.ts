import { addressBlock, cidrContains, parseCidr, specialPurposeBlocks } from '../environments/cidr';

// Which addresses the console may post webhooks to. A webhook URL is an admin's input, but the
// console's server makes the request from inside the network: without this, a webhook is a way to
// reach the node's metadata service, the database, or any internal service (and to read a short
// excerpt of its answer in the delivery log). Loopback and private ranges are refused unless
// WEBHOOK_ALLOW_PRIVATE allows them (a receiver on the same host in tests, or on the company
// network); link-local, the metadata services and every other special-purpose range never are.

/** What WEBHOOK_ALLOW_PRIVATE lets through besides public addresses. */
export const webhookPrivateAccessLevels = ['none', 'loopback', 'private'] as const;
export type WebhookPrivateAccess = (typeof webhookPrivateAccessLevels)[number];

const privateBlocks = [
  { cidr: '10.0.0.0/8', what: 'private (RFC 1918)' },
  { cidr: '172.16.0.0/12', what: 'private (RFC 1918)' },
  { cidr: '192.168.0.0/16', what: 'private (RFC 1918)' },
  { cidr: '100.64.0.0/10', what: 'carrier-grade NAT (RFC 6598)' },
  { cidr: '198.18.0.0/15', what: 'benchmarking (RFC 2544)' },
  { cidr: 'fc00::/7', what: 'unique local IPv6 (RFC 4193)' },
].map((block) => ({ ...block, block: parseCidr(block.cidr)! }));

const specialBlocks = specialPurposeBlocks.map((special) => ({ ...special, block: parseCidr(special.cidr)! }));

/**
 * Why the console may not post to this IP address under `allow` (the block and what it is), or
 * undefined when it may. Not an IP address (a DNS name): undefined; what it resolves to is checked
 * when the webhook is saved and again at every connection.
 */
export function webhookAddressProblem(address: string, allow: WebhookPrivateAccess): string | undefined {
  const block = addressBlock(address);
  // A colon is never in a DNS name: an IPv6 form not read here (dotted IPv4 inside) is refused, not let through.
  if (!block) return address.includes(':') ? 'an IPv6 address in a form the console does not accept' : undefined;
  const special = specialBlocks.find((s) => cidrContains(s.block, block));
  if (special) {
    if (special.what === 'loopback' && allow !== 'none') return undefined;
    return `${special.cidr} (${special.what})`;
  }
  const internal = privateBlocks.find((p) => cidrContains(p.block, block));
  if (internal && allow !== 'private') return `${internal.cidr} (${internal.what})`;
  return undefined;
}

/** Why this is not a URL a webhook may have (before any address is looked at), or undefined. */
export function webhookUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute http:// or https:// URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http:// or https:// URL';
  // Credentials in a URL end up in logs and in the page that lists it: a signed body is the proof.
  if (url.username || url.password) return 'must not carry a user name or password (the signature header authenticates the console)';
  if (url.hash) return 'must not have a #fragment';
  if (!url.hostname) return 'must name a host';
  return undefined;
}

/** The host as the address checks see it: IPv6 literals without their brackets. */
export function webhookHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}
