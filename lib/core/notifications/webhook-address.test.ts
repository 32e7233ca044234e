import { describe, expect, it } from 'vitest';
import { webhookAddressProblem, webhookUrlProblem } from './webhook-address';

describe('webhook addresses', () => {
  it.each([
    ['10.1.2.3', 'none'],
    ['172.20.0.1', 'loopback'],
    ['192.168.1.10', 'loopback'],
    ['100.64.0.1', 'none'],
    ['fd12::1', 'loopback'],
    ['127.0.0.1', 'none'],
    ['::1', 'none'],
  ] as const)('refuses %s when %s is allowed', (address, allow) => {
    expect(webhookAddressProblem(address, allow)).toBeDefined();
  });

  it.each(['169.254.169.254', '169.254.1.1', 'fe80::1', 'fd00:ec2::254', '100.100.100.200', '0.0.0.0', '::ffff:127.0.0.1', '::ffff:7f00:1', '224.0.0.1'])('always refuses %s, even with private allowed', (address) => {
    expect(webhookAddressProblem(address, 'private')).toBeDefined();
  });

  it('lets loopback through when loopback is allowed, and private ranges only when private is', () => {
    expect(webhookAddressProblem('127.0.0.1', 'loopback')).toBeUndefined();
    expect(webhookAddressProblem('::1', 'loopback')).toBeUndefined();
    expect(webhookAddressProblem('10.1.2.3', 'loopback')).toMatch(/10\.0\.0\.0\/8/);
    expect(webhookAddressProblem('10.1.2.3', 'private')).toBeUndefined();
    expect(webhookAddressProblem('[::1]', 'none')).toMatch(/loopback/);
  });

  it('lets public addresses and names through (names are checked when resolved)', () => {
    expect(webhookAddressProblem('93.184.216.34', 'none')).toBeUndefined();
    expect(webhookAddressProblem('hooks.slack.com', 'none')).toBeUndefined();
  });

  it.each([
    ['ftp://example.com/x', /http/],
    ['not a url', /absolute/],
    ['https://user:pw@example.com/', /user name/],
    ['https://example.com/#x', /fragment/],
  ])('refuses the URL %s', (url, message) => {
    expect(webhookUrlProblem(url)).toMatch(message);
  });

  it('accepts an https URL with a path and query', () => {
    expect(webhookUrlProblem('https://hooks.slack.com/services/T0/B0/xyz?a=1')).toBeUndefined();
  });
});
