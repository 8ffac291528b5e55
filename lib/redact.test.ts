import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact';

describe('redaction', () => {
  it('replaces account ids and names with consistent pseudonyms that keep ARNs well-formed', () => {
    const request = {
      action: 'sts:AssumeRole' as const,
      caller: 'arn:aws:iam::111111111111:user/alice',
      roleArn: 'arn:aws:iam::222222222222:role/Deploy',
      roleSessionName: 'alice',
    };
    const redactor = createRedactor(request, {
      accounts: [{ accountId: '222222222222', alias: 'acme-prod', authorizationDetails: { RoleDetailList: [] } }],
    });
    const out = redactor.apply({
      request,
      message: 'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Deploy',
      note: 'acme-prod account 222222222222; aws:SourceIp stays',
    });
    expect(out.request.caller).toBe('arn:aws:iam::100000000001:user/user-1');
    expect(out.request.roleArn).toBe('arn:aws:iam::100000000002:role/role-1');
    expect(out.message).toContain('arn:aws:iam::100000000001:user/user-1');
    expect(out.message).not.toMatch(/alice|Deploy|111111111111|222222222222/);
    expect(out.note).toBe('alias-1 account 100000000002; aws:SourceIp stays');
  });
});
