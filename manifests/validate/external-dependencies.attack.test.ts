import { describe, expect, it } from 'vitest';
import { environmentSpecSchema, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import { egressAllowed } from './network-policy-egress';
import { policyChecks } from './policy-checks';
import type { PlainObject } from './problem';

// Attack probes (review 9): the dependency CIDRs an operator (or a malicious spec edit) may declare
// are the only bound on what a compromised workload reaches outside the cluster. "0.0.0.0/0 is
// refused" must not be bypassable, and no block may open the node's metadata service.

type Dependency = { name: string; cidrs: string[]; port: number };

function withDependencies(dependencies: Dependency[]): unknown {
  const spec = structuredClone(starterSpec('staging', 'staging')) as unknown as { components: Record<string, { dependencies: Dependency[] }> };
  spec.components['wallet-api']!.dependencies.push(...dependencies);
  return spec;
}

const accepted = (dependencies: Dependency[]) => environmentSpecSchema.safeParse(withDependencies(dependencies)).success;

describe('external dependency blocks (attack probes)', () => {
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

  it('never renders a policy that lets a workload reach the node metadata service, and no check passes one', () => {
    const parsed = environmentSpecSchema.safeParse(withDependencies([{ name: 'metadata', cidrs: ['169.254.169.254/32'], port: 80 }]));
    if (!parsed.success) return; // refused at the spec: fixed
    const spec: EnvironmentSpec = parsed.data;
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    const wallet = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'wallet-api')!;
    const pods = { namespace: spec.namespace, labels: wallet.spec.template.metadata.labels as Record<string, string> };
    const problems = policyChecks.flatMap((check) => check(objects, { spec }));
    // Either the render keeps the metadata service closed, or a policy check fails the render.
    expect(egressAllowed(objects, pods, { cidr: '169.254.169.254/32', port: 80 }) === false || problems.length > 0).toBe(true);
  });

  it('never renders egress to the whole IPv4 Internet on a port without a check failing', () => {
    const parsed = environmentSpecSchema.safeParse(withDependencies([{ name: 'exfil', cidrs: ['0.0.0.0/1', '128.0.0.0/1'], port: 443 }]));
    if (!parsed.success) return;
    const spec: EnvironmentSpec = parsed.data;
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    const wallet = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'wallet-api')!;
    const pods = { namespace: spec.namespace, labels: wallet.spec.template.metadata.labels as Record<string, string> };
    const everywhere = ['0.0.0.0/1', '128.0.0.0/1'].every((cidr) => egressAllowed(objects, pods, { cidr, port: 443 }));
    const problems = policyChecks.flatMap((check) => check(objects, { spec }));
    expect(everywhere === false || problems.length > 0).toBe(true);
  });
});
