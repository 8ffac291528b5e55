import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { diagnose, parseRequest } from '@/lib/engine';
import type { AssumeRoleRequest } from '@/lib/engine/types';
import { DoctorError } from '@/lib/errors';
import { decodeRequest, encodeRequest } from '@/lib/share';
import { FORM_LABELS, formError, formFromRequest, requestFromForm } from './request-form';
import { groupFailedCalls } from './incidents';
import { formatTags, parseTagText } from './tags';
import { ROLE_ACCOUNT_COPY_RECORD } from './testing';

describe('request form', () => {
  it('reads every field of the contract it offers and writes them back', () => {
    const request = requestFromForm({
      action: 'AssumeRoleWithWebIdentity',
      role: 'arn:aws:iam::111111111111:role/GitHubActionsDeploy',
      session: 'gh',
      duration: '900',
      sourceIp: '203.0.113.9',
      time: '2026-11-22T09:00:00Z',
      claims: '{"sub": "repo:acme/api:ref:refs/heads/main", "aud": "sts.amazonaws.com"}',
    });
    expect(request).toEqual({
      action: 'sts:AssumeRoleWithWebIdentity',
      roleArn: 'arn:aws:iam::111111111111:role/GitHubActionsDeploy',
      roleSessionName: 'gh',
      durationSeconds: 900,
      context: { 'aws:SourceIp': '203.0.113.9', 'aws:CurrentTime': '2026-11-22T09:00:00Z' },
      webIdentity: { claims: { sub: 'repo:acme/api:ref:refs/heads/main', aud: 'sts.amazonaws.com' }, claimsComplete: false },
    });
    expect(requestFromForm(formFromRequest(request))).toEqual(request);
  });

  it('never gives a web-identity or SAML call an External id, MFA or session tags: those calls have none', () => {
    const common = { externalId: 'ext-1', mfa: 'true', tags: 'team=red', sourceIp: '203.0.113.9' };
    const web = requestFromForm({ ...common, action: 'AssumeRoleWithWebIdentity', role: 'arn:aws:iam::111111111111:role/Gh', claims: '{"iss": "https://token.actions.githubusercontent.com"}' });
    const saml = requestFromForm({ ...common, action: 'AssumeRoleWithSAML', role: 'arn:aws:iam::111111111111:role/Okta', saml: 'arn:aws:iam::111111111111:saml-provider/Okta' });
    for (const request of [web, saml]) {
      expect(request.externalId).toBeUndefined();
      expect(request.tags).toBeUndefined();
      expect(request.context).toEqual({ 'aws:SourceIp': '203.0.113.9' });
    }
    const signed = requestFromForm({ ...common, role: 'arn:aws:iam::111111111111:role/Deploy', caller: 'arn:aws:iam::111111111111:user/alice' });
    expect(signed.externalId).toBe('ext-1');
    expect(signed.tags).toEqual([{ Key: 'team', Value: 'red' }]);
    expect(signed.context?.['aws:MultiFactorAuthPresent']).toBe('true');
  });

  it('marks typed claims and typed SAML attributes as part of what the call carried, unless told they are all of it', () => {
    const role = 'arn:aws:iam::222222222222:role/Okta';
    const saml = 'arn:aws:iam::222222222222:saml-provider/Okta';
    expect(requestFromForm({ action: 'AssumeRoleWithSAML', role, saml }).saml).toEqual({ principalArn: saml, attributesComplete: false });
    const attributes = '{"SAML:aud": "https://signin.aws.amazon.com/saml"}';
    expect(requestFromForm({ action: 'AssumeRoleWithSAML', role, saml, samlAttributes: attributes }).saml?.attributesComplete).toBe(false);
    const complete = requestFromForm({ action: 'AssumeRoleWithSAML', role, saml, samlAttributes: attributes, samlAttributesComplete: 'true' });
    expect(complete.saml).toEqual({ principalArn: saml, attributes: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } });
    expect(requestFromForm(formFromRequest(complete))).toEqual(complete);
    // "All of them" with nothing typed says nothing: still unknown.
    expect(requestFromForm({ action: 'AssumeRoleWithSAML', role, saml, samlAttributesComplete: 'true' }).saml?.attributesComplete).toBe(false);
    // A raw token is the whole token.
    const token = `e30.${Buffer.from('{"iss":"https://token.actions.githubusercontent.com"}').toString('base64url')}.sig`;
    expect(requestFromForm({ action: 'AssumeRoleWithWebIdentity', role, token }).webIdentity).toEqual({ token });
  });

  it('names a wrong field by its label, attached to the field, never by its request path', () => {
    const refused = (field: string | undefined, reason: string) => new DoctorError('bad-request', reason, field);
    expect(formError(refused('request.roleArn', 'expected a role ARN like arn:aws:iam::123456789012:role/Name, got "x"'))).toEqual({
      field: 'role',
      message: 'Role ARN: expected a role ARN like arn:aws:iam::123456789012:role/Name, got "x"',
    });
    expect(formError(refused('request.webIdentity', 'AssumeRoleWithWebIdentity needs webIdentity.claims or webIdentity.token'))).toEqual({
      field: 'token',
      message: 'Web identity token (JWT): AssumeRoleWithWebIdentity needs the token, or the claims it carries',
    });
    expect(formError(refused('request.webIdentity.claims.iss', 'the web identity token has no "iss" (issuer) claim'), { claims: '{}' }).field).toBe('claims');
    expect(formError(refused('request.context.aws:SourceIp', 'expected an IP address, got "x"')).message).toBe('Source IP: expected an IP address, got "x"');
    expect(formError(refused('duration', "'soon' is not a whole number of seconds"))).toEqual({ field: 'duration', message: "Duration (seconds): 'soon' is not a whole number of seconds" });
    expect(formError(refused('tag', "'x' is not a tag written Key=Value")).field).toBe('tags');
    expect(formError(refused('request.durationSeconds', 'too long')).field).toBe('duration');
    expect(formError(refused(undefined, 'something else'))).toEqual({ message: 'something else' });
    expect(formError(refused('request.policyArns[0]', 'bad'))).toEqual({ message: 'bad' });
    for (const [field, label] of Object.entries(FORM_LABELS)) expect(label, field).not.toMatch(/request\./);
  });

  it('names the field that is wrong', () => {
    expect(() => requestFromForm({ role: 'arn:aws:iam::1:role/x', claims: '{oops' })).toThrow(/claims/);
    expect(() => requestFromForm({})).toThrow(/role/);
    expect(() => requestFromForm({ action: 'AssumeRoleWithSAML', role: 'arn:aws:iam::222222222222:role/Okta' })).toThrow(/SAML provider/);
  });
});

describe('request form and share link agree', () => {
  it('reads the fields a link carries exactly as the link does', () => {
    const values = {
      role: 'arn:aws:iam::222222222222:role/Okta',
      caller: 'arn:aws:iam::111111111111:user/alice',
      session: 'alice',
      externalId: 'ext-1',
      duration: '900',
      sourceIdentity: 'alice@example.com',
      region: 'us-east-1',
      sourceIp: '203.0.113.9',
      mfa: 'true',
      time: '2026-11-22T09:00:00Z',
    };
    const request = requestFromForm(values);
    expect(request).toEqual(decodeRequest(encodeRequest(request)));
    expect(formFromRequest(decodeRequest(encodeRequest(request)))).toEqual({ action: 'AssumeRole', ...values });
  });

  it('names the field of a bad duration or tag as the link would', () => {
    expect(() => requestFromForm({ role: 'arn:aws:iam::1:role/x', duration: 'soon' })).toThrow("duration: 'soon' is not a whole number of seconds");
    expect(() => requestFromForm({ role: 'arn:aws:iam::1:role/x', tags: 'team=red, oops' })).toThrow("tags: 'oops' is not a tag written Key=Value");
    expect(requestFromForm({ role: 'arn:aws:iam::1:role/x', mfa: 'maybe' }).context).toBeUndefined();
  });
});

describe('tag text', () => {
  it('reads Key=Value per line (and by comma where asked), trimmed, and writes it back', () => {
    const tags = [
      { Key: 'team', Value: 'red' },
      { Key: 'env', Value: 'a=b' },
    ];
    expect(parseTagText(' team = red \n\nenv=a=b\n')).toEqual(tags);
    expect(parseTagText('team=red, env=a=b', { commas: true })).toEqual(tags);
    expect(parseTagText('team=red, env=a=b')).toEqual([{ Key: 'team', Value: 'red, env=a=b' }]);
    expect(parseTagText(formatTags(tags))).toEqual(tags);
    expect(formatTags(tags, ', ')).toBe('team=red, env=a=b');
    expect(formatTags(undefined)).toBe('');
  });

  it('names the entry that is not Key=Value and the field', () => {
    expect(() => parseTagText('team=red\n=blue', { field: 'request.tags' })).toThrow("request.tags: '=blue' is not a tag written Key=Value");
  });
});

describe('a call typed into the form is diagnosed with what the form cannot know left unknown', () => {
  it('a SAML call without its attributes is inconclusive on the saml: key the trust policy reads, not denied', () => {
    const request = requestFromForm({ action: 'AssumeRoleWithSAML', role: 'arn:aws:iam::222222222222:role/OktaReadOnly', saml: 'arn:aws:iam::222222222222:saml-provider/Okta' });
    const diagnosis = diagnose(demoSnapshot, parseRequest(request), { now: '2026-11-22T09:00:00Z' });
    expect(diagnosis.decision).toBe('inconclusive');
    expect(JSON.stringify(diagnosis.checks.filter((check) => check.status === 'unknown'))).toMatch(/saml:aud/i);
    // Told that the (empty) attributes are all there were, the key is absent and the call denied.
    const told = { ...request, saml: { principalArn: request.saml!.principalArn, attributes: {} } };
    expect(diagnose(demoSnapshot, parseRequest(told), { now: '2026-11-22T09:00:00Z' }).decision).toBe('denied');
  });
});

describe('a request pre-filled into the form keeps what the form has no field for', () => {
  // The role account's copy of a cross-account call: CloudTrail names no caller, and no ExternalId.
  const roleAccountCopy = ROLE_ACCOUNT_COPY_RECORD;
  const caller = 'arn:aws:sts::333333333333:assumed-role/MonitoringCollector/i-0abc123def4567890';
  const now = { mode: 'full' as const, now: '2026-11-17T12:00:06Z' };
  const prefilled = () => {
    const [group] = groupFailedCalls([roleAccountCopy]);
    expect(group.diagnosable).toBe(false);
    const query = group.completeHref.slice(group.completeHref.indexOf('?') + 1, group.completeHref.indexOf('#'));
    return formFromRequest(decodeRequest(new URLSearchParams(query)));
  };

  it('a record that leaves sts:ExternalId unknown stays inconclusive once the caller is given, not denied', () => {
    const request = requestFromForm({ ...prefilled(), caller });
    expect(request.unknownContext).toEqual(['sts:ExternalId']);
    expect(request.caller).toBe(caller);
    const diagnosis = diagnose(demoSnapshot, parseRequest(request), now);
    expect(diagnosis.decision).toBe('inconclusive');
    expect(diagnosis.fixes.map((fix) => fix.title)).not.toContain('Send the agreed external ID');
  });

  it('an External id typed into the form replaces the unknown', () => {
    const request = requestFromForm({ ...prefilled(), caller, externalId: 'acme-7f3c9e2b-prod' });
    expect(request.unknownContext).toBeUndefined();
    expect(request.externalId).toBe('acme-7f3c9e2b-prod');
    expect(diagnose(demoSnapshot, parseRequest(request), now).decision).toBe('allowed');
    const wrong = requestFromForm({ ...prefilled(), caller, externalId: 'not-the-agreed-one' });
    expect(wrong.unknownContext).toBeUndefined();
    expect(diagnose(demoSnapshot, parseRequest(wrong), now).decision).toBe('denied');
  });

  it('a carried context entry for a key a form field gives never outranks what is typed (an ExternalId, a Region, a session tag)', () => {
    const carriedContext = {
      'sts:ExternalId': 'acme-7f3c9e2b-prod',
      'sts:RoleSessionName': 'q',
      'aws:RequestedRegion': 'eu-west-1',
      'aws:RequestTag/team': 'red',
      'aws:TagKeys': 'team',
      'aws:UserAgent': 'kept/1.0',
    };
    const base = formFromRequest({ action: 'sts:AssumeRole', caller, roleArn: 'arn:aws:iam::222222222222:role/VendorMonitoring', roleSessionName: 'collector', context: carriedContext, serialNumber: 'arn:aws:iam::333333333333:mfa/x', tokenCode: '000000', transitiveTagKeys: ['team'] });
    const request = requestFromForm({ ...base, externalId: 'definitely-wrong', mfa: 'false' });
    expect(request.externalId).toBe('definitely-wrong');
    expect(request.context).toEqual({ 'aws:UserAgent': 'kept/1.0', 'aws:MultiFactorAuthPresent': 'false' });
    expect(request.serialNumber).toBeUndefined();
    expect(request.tokenCode).toBeUndefined();
    expect(request.transitiveTagKeys).toBeUndefined();
    expect(diagnose(demoSnapshot, parseRequest(request), now).decision).toBe('denied');
  });

  it("a carried caller session stays with its caller: another caller typed into the form does not inherit its MFA or tags", () => {
    const values = formFromRequest({
      action: 'sts:AssumeRole',
      caller,
      roleArn: 'arn:aws:iam::222222222222:role/VendorMonitoring',
      roleSessionName: 'collector',
      callerSession: { issuedBy: 'AssumeRole', mfaAuthenticated: true, tags: [{ Key: 'team', Value: 'red' }] },
    });
    expect(values.carriedCaller).toBe(caller);
    expect(requestFromForm(values).callerSession).toEqual({ issuedBy: 'AssumeRole', mfaAuthenticated: true, tags: [{ Key: 'team', Value: 'red' }] });
    const other = requestFromForm({ ...values, caller: 'arn:aws:iam::333333333333:user/mallory' });
    expect(other.caller).toBe('arn:aws:iam::333333333333:user/mallory');
    expect(other.callerSession).toBeUndefined();
  });

  it("keeps the caller's session, other context keys and session policies through the form; the shown fields win", () => {
    const request: AssumeRoleRequest = {
      action: 'sts:AssumeRole',
      caller,
      roleArn: 'arn:aws:iam::222222222222:role/VendorMonitoring',
      roleSessionName: 'collector',
      callerSession: { sourceIdentity: 'alice', tags: [{ Key: 'team', Value: 'red' }] },
      policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      context: { 'aws:SourceIp': '198.51.100.77', 'aws:UserAgent': 'aws-cli/2.15.0', 'aws:EpochTime': '1795003206' },
      unknownContext: ['sts:ExternalId', 'aws:RequestedRegion'],
    };
    const values = formFromRequest(request);
    expect(values.carried).toBeDefined();
    expect(requestFromForm(values)).toEqual(request);
    // What the form shows is the form's: a changed Source IP or a typed time replaces the carried one.
    const edited = requestFromForm({ ...values, sourceIp: '203.0.113.1', time: '2026-11-17T12:00:06Z', region: 'eu-west-1' });
    expect(edited.context).toEqual({ 'aws:SourceIp': '203.0.113.1', 'aws:UserAgent': 'aws-cli/2.15.0', 'aws:CurrentTime': '2026-11-17T12:00:06Z' });
    expect(edited.unknownContext).toEqual(['sts:ExternalId']);
    expect(edited.callerSession).toEqual(request.callerSession);
    // A cleared field stays cleared, whatever a hand-edited carried part says of it.
    const forged = Buffer.from(JSON.stringify({ externalId: 'smuggled', roleArn: 'arn:aws:iam::999999999999:role/Other', action: 'sts:AssumeRoleWithSAML' })).toString('base64url');
    const read = requestFromForm({ ...values, carried: forged });
    expect(read.externalId).toBeUndefined();
    expect(read.roleArn).toBe(request.roleArn);
    expect(read.action).toBe('sts:AssumeRole');
    expect(() => requestFromForm({ ...values, carried: '!!not base64' })).toThrow(/carried over from the link are damaged/);
  });

  it('never lets the carried part give a web-identity or SAML call what its kind cannot have', () => {
    const values = formFromRequest({
      action: 'sts:AssumeRole',
      caller,
      roleArn: 'arn:aws:iam::222222222222:role/VendorMonitoring',
      serialNumber: 'arn:aws:iam::333333333333:mfa/alice',
      tokenCode: '123456',
      callerSession: { sourceIdentity: 'alice' },
      context: { 'aws:MultiFactorAuthAge': '30', 'aws:UserAgent': 'aws-cli/2.15.0' },
      unknownContext: ['sts:ExternalId', 'aws:PrincipalTag/team', 'aws:RequestedRegion'],
    });
    const saml = requestFromForm({ ...values, caller: undefined, action: 'AssumeRoleWithSAML', saml: 'arn:aws:iam::222222222222:saml-provider/Okta', externalId: 'typed' });
    expect(saml).toEqual({
      action: 'sts:AssumeRoleWithSAML',
      roleArn: 'arn:aws:iam::222222222222:role/VendorMonitoring',
      saml: { principalArn: 'arn:aws:iam::222222222222:saml-provider/Okta', attributesComplete: false },
      context: { 'aws:UserAgent': 'aws-cli/2.15.0' },
      unknownContext: ['aws:RequestedRegion'],
    });
  });
});
