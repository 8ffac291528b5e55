import { describe, expect, it } from 'vitest';
import { evaluateConditionBlock } from '../evaluate';
import { contextOf, type ConditionCase } from '../test-helpers';

const V = { version: '2012-10-17' };
const IP = 'aws:SourceIp';

const cases: ConditionCase[] = [
  ['R-31 IpAddress: address inside the IPv4 range', { IpAddress: { [IP]: '203.0.113.0/24' } }, { [IP]: '203.0.113.10' }, true],
  ['R-31 IpAddress: address outside the IPv4 range', { IpAddress: { [IP]: '203.0.113.0/24' } }, { [IP]: '203.0.114.10' }, false],
  ['R-31 IpAddress: a bare IPv4 address is a /32', { IpAddress: { [IP]: '203.0.113.10' } }, { [IP]: '203.0.113.10' }, true],
  ['R-31 IpAddress: a bare IPv4 address does not cover its neighbour', { IpAddress: { [IP]: '203.0.113.10' } }, { [IP]: '203.0.113.11' }, false],
  ['R-31 IpAddress: /0 covers every IPv4 address', { IpAddress: { [IP]: '0.0.0.0/0' } }, { [IP]: '198.51.100.7' }, true],
  ['R-31 IpAddress: IPv6 range', { IpAddress: { [IP]: '2001:db8::/32' } }, { [IP]: '2001:db8:1234::1' }, true],
  ['R-31 IpAddress: IPv6 outside the range', { IpAddress: { [IP]: '2001:db8::/32' } }, { [IP]: '2001:db9::1' }, false],
  ['R-31 IpAddress: a bare IPv6 address is a /128', { IpAddress: { [IP]: '2001:db8::1' } }, { [IP]: '2001:db8::1' }, true],
  ['R-31 IpAddress: an IPv4 range never covers an IPv6 address', { IpAddress: { [IP]: '0.0.0.0/0' } }, { [IP]: '2001:db8::1' }, false],
  ['R-31 IpAddress: an IPv4-mapped IPv6 address is compared as IPv4', { IpAddress: { [IP]: '203.0.113.0/24' } }, { [IP]: '::ffff:203.0.113.10' }, true],
  ['R-32 IpAddress ORs several ranges', { IpAddress: { [IP]: ['10.0.0.0/8', '203.0.113.0/24'] } }, { [IP]: '203.0.113.10' }, true],
  ['R-31 NotIpAddress: address outside the range is true', { NotIpAddress: { [IP]: '203.0.113.0/24' } }, { [IP]: '198.51.100.1' }, true],
  ['R-32 NotIpAddress NORs several ranges', { NotIpAddress: { [IP]: ['10.0.0.0/8', '203.0.113.0/24'] } }, { [IP]: '10.1.2.3' }, false],
  ['R-41 NotIpAddress on a missing aws:SourceIp (VPC endpoint) is true', { NotIpAddress: { [IP]: '203.0.113.0/24' } }, {}, true],
  ['R-41 IpAddress on a missing aws:SourceIp is false', { IpAddress: { [IP]: '203.0.113.0/24' } }, {}, false],
  ['R-29 IpAddressIfExists on a missing key is true', { IpAddressIfExists: { [IP]: '203.0.113.0/24' } }, {}, true],
  ['R-31 a request value that is not an address never matches', { IpAddress: { [IP]: '0.0.0.0/0' } }, { [IP]: 'localhost' }, false],
  ['R-34 IP key names ignore case', { IpAddress: { 'AWS:SOURCEIP': '203.0.113.0/24' } }, { [IP]: '203.0.113.10' }, true],
  ['R-33 ForAnyValue:IpAddress on a set', { 'ForAnyValue:IpAddress': { 'test:ips': '10.0.0.0/8' } }, { 'test:ips': ['192.0.2.1', '10.9.9.9'] }, true],
];

describe('IP address condition operators', () => {
  it.each(cases)('%s', (_name, condition, context, expected) => {
    expect(evaluateConditionBlock(condition, contextOf(context), V).matched).toBe(expected);
  });

  it.each([['203.0.113.0/33'], ['300.0.0.1'], ['10.0.0.0/x'], ['0x7f.1']])('R-31 the policy range %s is explained and never matches', (range) => {
    const result = evaluateConditionBlock({ IpAddress: { [IP]: range } }, contextOf({ [IP]: '203.0.113.10' }), V);
    expect(result.matched).toBe(false);
    expect(result.conditions[0].note).toMatch(/not an IP address or CIDR range/);
  });

  it('R-31: a bare IPv6 address is read as the one address, and the evidence says AWS documents only the /32 default', () => {
    const inside = evaluateConditionBlock({ IpAddress: { [IP]: '2001:db8::1' } }, contextOf({ [IP]: '2001:db8::1' }), V);
    expect(inside.matched).toBe(true);
    expect(inside.conditions[0].note).toMatch(/read as the single address \/128.*default of \/32/);
    const neighbour = evaluateConditionBlock({ NotIpAddress: { [IP]: '2001:db8::1' } }, contextOf({ [IP]: '2001:db8:ffff::9' }), V);
    expect(neighbour.matched).toBe(true);
    expect(neighbour.conditions[0].note).toMatch(/\/128/);
    // With a prefix, or for IPv4, nothing is assumed.
    expect(evaluateConditionBlock({ IpAddress: { [IP]: '2001:db8::/32' } }, contextOf({ [IP]: '2001:db8::1' }), V).conditions[0].note).toBeUndefined();
    expect(evaluateConditionBlock({ IpAddress: { [IP]: '203.0.113.10' } }, contextOf({ [IP]: '203.0.113.10' }), V).conditions[0].note).toBeUndefined();
  });
});
