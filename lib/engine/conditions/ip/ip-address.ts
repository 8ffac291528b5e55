import { invalid, ok, type ConditionOperator } from '../types';
import { addressInRange, bareIpv6Note, parseRange, type IpRange } from './ip-range';

// the request address lies in the policy's CIDR range (IPv4 or IPv6).
export const ipAddress: ConditionOperator<IpRange> = {
  name: 'IpAddress',
  family: 'ip',
  negated: false,
  variables: 'no',
  prepare: (value) => {
    const range = parseRange(value.text);
    if (!range) return invalid(`'${value.text}' is not an IP address or CIDR range`);
    return ok(range, range.bareIpv6 ? bareIpv6Note(value.text) : undefined);
  },
  test: (requestValue, range) => addressInRange(requestValue, range),
};
