import { describe, expect, it } from 'vitest';
import { cidrContains, cidrsOverlap, dependencyBlockProblem, dependencyBudgetProblem, parseCidr, specialPurposeBlocks } from './cidr';

const block = (text: string) => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`not a CIDR: ${text}`);
  return parsed;
};

describe('CIDR blocks', () => {
  it('parse IPv4 and IPv6 blocks and say when host bits are set', () => {
    expect(parseCidr('10.20.0.0/16')).toEqual({ family: 4, network: 0x0a140000n, prefix: 16, hostBitsSet: false });
    expect(parseCidr('10.20.0.5/16')?.hostBitsSet).toBe(true);
    expect(parseCidr('fd00:10::/32')).toMatchObject({ family: 6, prefix: 32, hostBitsSet: false });
    expect(parseCidr('::/0')).toMatchObject({ family: 6, network: 0n, prefix: 0 });
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '256.0.0.0/8', '10.0.0/8', '01.0.0.0/8', 'fd00::1::/64', 'fd00::/129', 'db.example.com/32', '10.0.0.0/8/8']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it('know which block holds which, never across families', () => {
    expect(cidrContains(block('0.0.0.0/0'), block('10.20.30.0/24'))).toBe(true);
    expect(cidrContains(block('10.20.0.0/16'), block('10.20.30.0/24'))).toBe(true);
    expect(cidrContains(block('10.20.30.0/24'), block('10.20.0.0/16'))).toBe(false);
    expect(cidrContains(block('10.21.0.0/16'), block('10.20.30.0/24'))).toBe(false);
    expect(cidrContains(block('::/0'), block('10.0.0.0/8'))).toBe(false);
    expect(cidrContains(block('fd00::/8'), block('fd00:10::/32'))).toBe(true);
    expect(cidrsOverlap(block('10.20.30.0/24'), block('10.20.0.0/16'))).toBe(true);
    expect(cidrsOverlap(block('10.20.30.0/24'), block('10.20.31.0/24'))).toBe(false);
  });
});

describe('dependency blocks', () => {
  it('list only special-purpose ranges that parse as network addresses', () => {
    for (const { cidr } of specialPurposeBlocks) expect(parseCidr(cidr), cidr).toMatchObject({ hostBitsSet: false });
  });

  it('take a subnet, refuse a wide or special-purpose block, and say why', () => {
    expect(dependencyBlockProblem('10.50.0.0/24')).toBeUndefined();
    expect(dependencyBlockProblem('10.50.0.0/16')).toBeUndefined();
    expect(dependencyBlockProblem('fd00:25::/64')).toBeUndefined();
    expect(dependencyBlockProblem('10.0.0.0/15')).toMatch(/too wide \(\/15\): give the dependency's subnets/);
    expect(dependencyBlockProblem('100.100.100.0/24')).toMatch(/Alibaba/);
    expect(dependencyBlockProblem('fd00:ec2::/48')).toMatch(/fd00:ec2::254\/128/);
    expect(dependencyBlockProblem('::/48')).toMatch(/::\/128/);
  });

  it('count a component budget over the union of its blocks', () => {
    expect(dependencyBudgetProblem(['10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16'])).toBeUndefined();
    expect(dependencyBudgetProblem(['10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16', '10.5.0.0/24'])).toMatch(/more IPv4 addresses than 4 \/16/);
    expect(dependencyBudgetProblem(['10.1.0.0/16', '10.1.0.0/16', '10.1.2.0/24', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16'])).toBeUndefined();
  });
});
