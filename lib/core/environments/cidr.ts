// CIDR blocks as numbers, for what NetworkPolicy ipBlocks allow: which block holds which.
// IPv4 and IPv6; an IPv4-mapped IPv6 block is not the IPv4 block (NetworkPolicy does not mix them).

export interface Cidr {
  family: 4 | 6;
  /** The first address, host bits cleared. */
  network: bigint;
  prefix: number;
}

const bits = { 4: 32, 6: 128 } as const;

function ipv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function ipv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n);
}

/** `10.0.0.0/16` or `fd00::/8`; undefined when it is not a CIDR block. Host bits are kept as written. */
export function parseCidr(text: string): (Cidr & { hostBitsSet: boolean }) | undefined {
  const [address, length, ...rest] = text.split('/');
  if (rest.length || address === undefined || length === undefined || !/^\d{1,3}$/.test(length)) return undefined;
  const family = address.includes(':') ? 6 : 4;
  const value = family === 4 ? ipv4(address) : ipv6(address);
  const prefix = Number(length);
  if (value === undefined || prefix > bits[family]) return undefined;
  const network = value & mask(family, prefix);
  return { family, network, prefix, hostBitsSet: network !== value };
}

function mask(family: 4 | 6, prefix: number): bigint {
  const width = BigInt(bits[family]);
  return ((1n << width) - 1n) ^ ((1n << (width - BigInt(prefix))) - 1n);
}

/** Whether every address of `inner` is in `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.prefix <= inner.prefix && (inner.network & mask(outer.family, outer.prefix)) === outer.network;
}

/** Whether the two blocks share an address (for CIDR blocks: one holds the other). */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}
