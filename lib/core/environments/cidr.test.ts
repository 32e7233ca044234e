import { describe, expect, it } from 'vitest';
import { cidrContains, cidrsOverlap, parseCidr } from './cidr';

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
