import { describe, expect, it } from 'vitest';
import { environmentSpecSchema, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import { checkExternalDependencies } from './external-dependencies';
import type { PlainObject } from './problem';

// The dependency CIDRs an operator (or a malicious spec edit) may declare
// are the only bound on what a compromised workload reaches outside the cluster. "0.0.0.0/0 is
// refused" must not be bypassable, and no block may open the node's metadata service.

type Dependency = { name: string; cidrs: string[]; port: number };

function withDependencies(dependencies: Dependency[]): unknown {
  const spec = structuredClone(starterSpec('staging', 'staging')) as unknown as { components: Record<string, { dependencies: Dependency[] }> };
  spec.components['wallet-api']!.dependencies.push(...dependencies);
  return spec;
}

const accepted = (dependencies: Dependency[]) => environmentSpecSchema.safeParse(withDependencies(dependencies)).success;

describe('external dependency blocks', () => {
  it('refuses blocks that together cover every IPv4 address (0.0.0.0/0 split in halves)', () => {
    expect(accepted([{ name: 'exfil', cidrs: ['0.0.0.0/1', '128.0.0.0/1'], port: 443 }])).toBe(false);
  });

  it('refuses the halves of the IPv4 Internet spread over two dependencies', () => {
    expect(accepted([
      { name: 'low', cidrs: ['0.0.0.0/1'], port: 443 },
      { name: 'high', cidrs: ['128.0.0.0/1'], port: 443 },
    ])).toBe(false);
  });

  it('refuses blocks that together cover every IPv6 address', () => {
    expect(accepted([{ name: 'exfil6', cidrs: ['::/1', '8000::/1'], port: 443 }])).toBe(false);
  });

  it.each([
    '169.254.169.254/32', // cloud instance metadata (AWS, GCP, Azure, OpenStack)
    '169.254.0.0/16', // link-local
    'fd00:ec2::254/128', // AWS IMDS over IPv6
    'fe80::/10', // IPv6 link-local
    '127.0.0.0/8', // loopback
    '::1/128',
    '0.0.0.0/8', // "this network"
    '::ffff:0:0/96', // IPv4-mapped IPv6: every IPv4 address again
  ])('refuses the special-purpose block %s', (cidr) => {
    expect(accepted([{ name: 'metadata', cidrs: [cidr], port: 80 }])).toBe(false);
  });
});

// A stored spec that never went through the schema (or one parsed by an older console) still fails
// the plan: the external-dependencies check applies the same rules (cidr.ts) to what it renders.
describe('external dependency blocks in a spec that skipped the schema', () => {
  const problemsOf = (dependencies: Dependency[]) => {
    const spec = withDependencies(dependencies) as EnvironmentSpec;
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    return checkExternalDependencies(objects, { spec }).map((p) => `${p.object}: ${p.message}`);
  };

  it('fails the render that opens the metadata service, on the policy that opens it', () => {
    expect(problemsOf([{ name: 'metadata', cidrs: ['169.254.169.254/32'], port: 80 }])).toEqual([
      expect.stringMatching(/^NetworkPolicy\/.*allow-wallet-api-to-metadata: components\.wallet-api\.dependencies\[1\]\.cidrs\[0\]: 169\.254\.169\.254\/32 overlaps 169\.254\.0\.0\/16 \(link-local/),
    ]);
  });

  it('fails the halves of the Internet and a budget overrun spread over dependencies', () => {
    expect(problemsOf([{ name: 'exfil', cidrs: ['0.0.0.0/1', '128.0.0.0/1'], port: 443 }])).toEqual([
      expect.stringMatching(/dependencies\[1\]\.cidrs\[0\]: 0\.0\.0\.0\/1 is too wide \(\/1\): give the dependency's subnets/),
      expect.stringMatching(/dependencies\[1\]\.cidrs\[1\]: 128\.0\.0\.0\/1 is too wide/),
    ]);
    const sixteens = ['10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16', '10.5.0.0/16'];
    expect(problemsOf(sixteens.map((cidr, i) => ({ name: `part-${i}`, cidrs: [cidr], port: 443 })))).toEqual([
      expect.stringMatching(/^Deployment\/.*wallet-api: components\.wallet-api\.dependencies: together open more IPv4 addresses than 4 \/16 blocks hold/),
    ]);
  });

  it("passes the starter specs' databases", () => {
    for (const tier of ['development', 'staging', 'production'] as const) {
      const spec = starterSpec(tier, tier);
      expect(checkExternalDependencies(renderPlatform(spec).map(toPlain) as PlainObject[], { spec })).toEqual([]);
    }
  });
});

describe('the schema on dependency blocks', () => {
  const messages = (dependencies: Dependency[]) => {
    const parsed = environmentSpecSchema.safeParse(withDependencies(dependencies));
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('says which rule a block breaks, on the block', () => {
    expect(messages([{ name: 'wide', cidrs: ['10.0.0.0/8'], port: 443 }])).toEqual([
      "components.wallet-api.dependencies.1.cidrs.0: is too wide (/8): give the dependency's subnets, each at most /16 for IPv4",
    ]);
    expect(messages([{ name: 'wide6', cidrs: ['2001:db8::/32'], port: 443 }])).toEqual([
      "components.wallet-api.dependencies.1.cidrs.0: is too wide (/32): give the dependency's subnets, each at most /48 for IPv6",
    ]);
    expect(messages([{ name: 'nat64', cidrs: ['64:ff9b::a9fe:a9fe/128'], port: 80 }])).toEqual([
      'components.wallet-api.dependencies.1.cidrs.0: overlaps 64:ff9b::/96 (NAT64: every IPv4 address through the translator), which no dependency may open',
    ]);
  });

  it('counts the addresses of all dependencies of a component once each, against four /16 or /48 blocks', () => {
    const many = (cidrs: string[]) => cidrs.map((cidr, i) => ({ name: `part-${i}`, cidrs: [cidr], port: 443 }));
    // The starter database's blocks plus four /16s: over; the same /16 twice and a /24 inside it: one block.
    expect(messages(many(['10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16']))).toEqual([
      "components.wallet-api.dependencies: together open more IPv4 addresses than 4 /16 blocks hold; give the dependencies' subnets",
    ]);
    expect(messages(many(['10.1.0.0/16', '10.1.0.0/16', '10.1.7.0/24', '10.2.0.0/16', '10.3.0.0/16']))).toEqual([]);
    expect(messages(many(['2001:db8:1::/48', '2001:db8:2::/48', '2001:db8:3::/48', '2001:db8:4::/48']))).toEqual([]);
    expect(messages(many(['2001:db8:1::/48', '2001:db8:2::/48', '2001:db8:3::/48', '2001:db8:4::/48', '2001:db8:5::/48']))).toEqual([
      "components.wallet-api.dependencies: together open more IPv6 addresses than 4 /48 blocks hold; give the dependencies' subnets",
    ]);
  });
});
