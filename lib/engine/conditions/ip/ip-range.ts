// IP addresses and CIDR ranges via ipaddr.js. IPv4 must be four-part decimal (ipaddr.js would also
// take `0x7f.1` style forms, which AWS does not). An IPv4-mapped IPv6 address is compared as IPv4.

import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export interface IpRange {
  address: Address;
  bits: number;
  /** An IPv6 address written without a prefix, read as /128 (see bareIpv6Note). */
  bareIpv6?: true;
}

/**
 * R-31 says only that an address without a prefix gets IAM's default of /32, which is written for
 * IPv4; read literally for IPv6 it would be a /32 network. We read a bare IPv6 address as the one
 * address (/128) and say so, since AWS does not document it.
 */
export function bareIpv6Note(text: string): string {
  return `'${text.trim()}' has no prefix: read as the single address /128; AWS documents only a default of /32 (written for IPv4), so add the prefix to be sure (R-31)`;
}

function parseAddress(text: string): Address | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) {
    const v6 = ipaddr.IPv6.parse(text);
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  }
  return undefined;
}

/** Is the text one IPv4 (four-part decimal) or IPv6 address, as a request's aws:SourceIp must be? */
export function isIpAddress(text: string): boolean {
  return parseAddress(text) !== undefined;
}

/** `10.0.0.0/8`, `2001:db8::/32`; a bare address is a /32 or /128. */
export function parseRange(text: string): IpRange | undefined {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const address = parseAddress(slash === -1 ? trimmed : trimmed.slice(0, slash));
  if (!address) return undefined;
  const max = address.kind() === 'ipv4' ? 32 : 128;
  if (slash === -1) return address.kind() === 'ipv4' ? { address, bits: max } : { address, bits: max, bareIpv6: true };
  const bitsText = trimmed.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  return bits <= max ? { address, bits } : undefined;
}

// One-slot memo: the same aws:SourceIp is compared with every range of a policy.
let lastText: string | undefined;
let lastAddress: Address | undefined;

export function addressInRange(requestValue: string, range: IpRange): boolean {
  if (requestValue !== lastText) {
    lastText = requestValue;
    lastAddress = parseAddress(requestValue.trim());
  }
  const address = lastAddress;
  if (!address || address.kind() !== range.address.kind()) return false;
  return address.match(range.address, range.bits);
}
