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

// What an external dependency (a component's egress outside the cluster) may name. The blocks are
// the only bound on what a compromised workload reaches outside the cluster, so the spec and the
// external-dependencies policy check both refuse, through the functions below:
// - a block overlapping a special-purpose range: none holds a service a component depends on, and
//   some hold what must stay closed (the node's cloud metadata service and its credentials at
//   169.254.169.254, fd00:ec2::254, Alibaba's 100.100.100.200, Azure's WireServer 168.63.129.16;
//   the node's own loopback; IPv4-mapped and NAT64 IPv6, which reach every IPv4 address again);
// - a block wider than /16 (IPv4) or /48 (IPv6): a dependency lives in a few subnets, and splitting
//   0.0.0.0/0 into halves must not get around "not every address";
// - more addresses across one component's dependencies than four such blocks hold (its budget).

/** Special-purpose ranges (RFC 6890 and the clouds' metadata services) no dependency may overlap. */
export const specialPurposeBlocks: readonly { cidr: string; what: string }[] = [
  { cidr: '0.0.0.0/8', what: '"this network"' },
  { cidr: '127.0.0.0/8', what: 'loopback' },
  { cidr: '169.254.0.0/16', what: "link-local, where the node's cloud metadata service answers (169.254.169.254)" },
  { cidr: '100.100.100.200/32', what: "Alibaba Cloud's metadata service" },
  { cidr: '168.63.129.16/32', what: "Azure's host platform (WireServer)" },
  { cidr: '224.0.0.0/4', what: 'multicast' },
  { cidr: '240.0.0.0/4', what: 'reserved and broadcast' },
  { cidr: '::/128', what: 'the unspecified address' },
  { cidr: '::1/128', what: 'loopback' },
  { cidr: '::ffff:0:0/96', what: 'IPv4-mapped: every IPv4 address again' },
  { cidr: '64:ff9b::/96', what: 'NAT64: every IPv4 address through the translator' },
  { cidr: '64:ff9b:1::/48', what: 'local-use NAT64' },
  { cidr: 'fe80::/10', what: 'link-local' },
  { cidr: 'fd00:ec2::254/128', what: "AWS's metadata service over IPv6" },
  { cidr: 'ff00::/8', what: 'multicast' },
];

/** The block of one address (`10.0.0.1`, `::1`, brackets allowed), or undefined when it is not an IP address. */
export function addressBlock(text: string): Cidr | undefined {
  const address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const parsed = parseCidr(`${address}/${address.includes(':') ? 128 : 32}`);
  return parsed && { family: parsed.family, network: parsed.network, prefix: parsed.prefix };
}

/**
 * The special-purpose block (and what it is) for which the console refuses to call this address for
 * an environment's observability URLs (Prometheus, Alertmanager, Jaeger, Grafana), or undefined
 * when it may call it. Every special-purpose
 * range is refused except loopback: the local stack's Prometheus answers on 127.0.0.1, and private
 * ranges (an in-cluster Prometheus) are not special-purpose. Refused above all: the cloud metadata
 * services, where a server-side request would read the node's credentials. Not an IP address
 * (a DNS name): undefined here; the adapters check what it resolves to when they connect.
 */
export function observabilityAddressProblem(address: string): string | undefined {
  const block = addressBlock(address);
  if (!block) return undefined;
  const special = specialParsed.find((s) => s.what !== 'loopback' && cidrContains(s.block, block));
  return special && `${special.cidr} (${special.what})`;
}

/** The widest block a dependency may name, per family. */
const widestDependencyPrefix = { 4: 16, 6: 48 } as const;
/** How many of the widest blocks one component's dependencies may hold together, per family. */
const dependencyBlockBudget = 4;

const specialParsed = specialPurposeBlocks.map((special) => ({ ...special, block: parseCidr(special.cidr)! }));

/** Why a dependency may not name this block, or undefined when it may. */
export function dependencyBlockProblem(text: string): string | undefined {
  const parsed = parseCidr(text);
  if (!parsed) return 'must be a CIDR block such as 10.20.0.0/24 or fd00:10::/64';
  if (parsed.hostBitsSet) return 'must be the network address of the block (host bits zero)';
  if (parsed.prefix === 0) return "would allow every address; give the dependency's subnets";
  const widest = widestDependencyPrefix[parsed.family];
  if (parsed.prefix < widest) {
    return `is too wide (/${parsed.prefix}): give the dependency's subnets, each at most /${widest} for IPv${parsed.family}`;
  }
  const special = specialParsed.find((s) => cidrsOverlap(s.block, parsed));
  if (special) return `overlaps ${special.cidr} (${special.what}), which no dependency may open`;
  return undefined;
}

/** Addresses the union of these blocks holds, per family (a block inside another counts once). */
function addressesOf(blocks: readonly Cidr[], family: 4 | 6): bigint {
  const ofFamily = blocks.filter((b) => b.family === family);
  const outermost = ofFamily.filter(
    (b, i) => !ofFamily.some((other, j) => cidrContains(other, b) && (other.prefix < b.prefix || j < i)),
  );
  return outermost.reduce((sum, b) => sum + (1n << BigInt(bits[family] - b.prefix)), 0n);
}

/** Why one component's dependencies together open too many addresses, or undefined (blocks refused
 *  on their own are left out: they already have their problem). */
export function dependencyBudgetProblem(cidrs: readonly string[]): string | undefined {
  const blocks = cidrs.flatMap((text) => {
    const parsed = parseCidr(text);
    return parsed && dependencyBlockProblem(text) === undefined ? [parsed] : [];
  });
  for (const family of [4, 6] as const) {
    const widest = widestDependencyPrefix[family];
    const budget = BigInt(dependencyBlockBudget) << BigInt(bits[family] - widest);
    if (addressesOf(blocks, family) > budget) {
      return `together open more IPv${family} addresses than ${dependencyBlockBudget} /${widest} blocks hold; give the dependencies' subnets`;
    }
  }
  return undefined;
}

/** Every problem of one component's dependencies' blocks: each block's, then the budget's. */
export function dependencyAddressProblems(dependencies: readonly { cidrs: readonly string[] }[]): { path: (string | number)[]; message: string }[] {
  const problems = dependencies.flatMap((dependency, d) =>
    dependency.cidrs.flatMap((cidr, c) => {
      const message = dependencyBlockProblem(cidr);
      return message ? [{ path: [d, 'cidrs', c], message: `${cidr} ${message}` }] : [];
    }),
  );
  const budget = dependencyBudgetProblem(dependencies.flatMap((d) => d.cidrs));
  return budget ? [...problems, { path: [], message: budget }] : problems;
}
