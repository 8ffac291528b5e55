import { describe, expect, it } from 'vitest';
import { demoIncidents, demoSnapshot, demoSuccessfulCalls } from '@/lib/demo';
import { diagnose, parseRequest } from '@/lib/engine';
import { parsePasted } from '@/lib/engine/paste';
import { decodeRequest, encodeRequest } from '@/lib/share';
import { groupFailedCalls } from './incidents';
import { requestFromPasted } from './paste-request';
import { overrideReasonsOf, overridesOf, replayCall } from './replay';
import { requestForKind } from './call-kind';
import { sliceForRequest } from './snapshot-views';
import { ROLE_ACCOUNT_COPY_RECORD } from './testing';

const overrides = overridesOf([...demoIncidents, ...demoSuccessfulCalls]);
const groups = groupFailedCalls(demoSnapshot.events ?? [], overrides);

describe('incident list on the demo data', () => {
  it('lists every demo incident as the newest call of its group, newest group first', () => {
    for (const incident of demoIncidents) {
      expect(groups.map((group) => group.latestEventId), incident.slug).toContain(incident.eventID);
    }
    const times = groups.map((group) => group.lastSeen);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('each group link reproduces the incident, and the what-if slice agrees with the full data', () => {
    for (const incident of demoIncidents) {
      const group = groups.find((candidate) => candidate.latestEventId === incident.eventID)!;
      const request = parseRequest(decodeRequest(new URLSearchParams(group.href.split('?')[1])));
      const full = diagnose(demoSnapshot, request);
      expect({ slug: incident.slug, decision: full.decision, failed: full.failedChecks }).toEqual({
        slug: incident.slug,
        decision: incident.expected.decision,
        failed: incident.expected.failedChecks,
      });
      const sliced = diagnose(sliceForRequest(demoSnapshot, request), request);
      expect({ slug: incident.slug, decision: sliced.decision, checks: sliced.checks.map((check) => `${check.id}:${check.status}`) }).toEqual({
        slug: incident.slug,
        decision: full.decision,
        checks: full.checks.map((check) => `${check.id}:${check.status}`),
      });
    }
  });
});

describe('pasted error messages', () => {
  it('a recorded error message is matched to its CloudTrail call when it names the role or caller; otherwise the call is offered as a candidate', () => {
    for (const incident of demoIncidents) {
      const record = (demoSnapshot.events ?? []).find((event) => event.eventID === incident.eventID)!;
      const pasted = parsePasted(String(record.errorMessage));
      const outcome = requestFromPasted(pasted, demoSnapshot.events ?? [], overrides);
      const identifies = pasted.kind === 'error' && Boolean(pasted.roleArn || pasted.caller);
      let request = outcome.request;
      if (identifies) {
        expect(outcome.matchedEventId, `${incident.slug}: ${outcome.problem}`).toBe(incident.eventID);
      } else {
        // Names no role, caller or id: never matched automatically, but the call is listed to pick.
        expect(outcome.matchedEventId, incident.slug).toBeUndefined();
        const candidate = outcome.candidates?.find((c) => c.eventId === incident.eventID);
        expect(candidate, `${incident.slug}: ${outcome.problem}`).toBeDefined();
        request = candidate!.request;
      }
      expect(request, `${incident.slug}: ${outcome.problem}`).toBeDefined();
      const diagnosis = diagnose(demoSnapshot, parseRequest(decodeRequest(encodeRequest(request!))));
      expect({ slug: incident.slug, failed: diagnosis.failedChecks }).toEqual({ slug: incident.slug, failed: incident.expected.failedChecks });
    }
  });
});

describe('a paste is matched to a recorded call only when it identifies the call', () => {
  const events = demoSnapshot.events ?? [];
  const webIdentity = events.find((event) => event.eventName === 'AssumeRoleWithWebIdentity' && event.errorCode === 'AccessDenied')!;
  const generic = 'An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity';

  it('the generic web-identity error names nothing: candidates, not a match', () => {
    const outcome = requestFromPasted(parsePasted(generic), events, overrides, generic);
    expect(outcome.matchedEventId).toBeUndefined();
    expect(outcome.request).toBeUndefined();
    expect(outcome.candidates?.map((candidate) => candidate.eventId)).toEqual([webIdentity.eventID]);
    expect(outcome.candidates?.[0].request.action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(outcome.candidates?.[0].who).toMatch(/^token subject /);
    expect(outcome.problem).toMatch(/names no role, caller or request id/);
  });

  it('several recorded calls fit: all are listed newest first, none is picked', () => {
    const older = { ...webIdentity, eventID: 'older-web-identity', requestID: 'older-request', eventTime: '2026-11-01T08:00:00Z' };
    const newer = { ...webIdentity, eventID: 'newer-web-identity', requestID: 'newer-request', eventTime: '2026-11-30T08:00:00Z' };
    const outcome = requestFromPasted(parsePasted(generic), [...events, older, newer], overrides, generic);
    expect(outcome.matchedEventId).toBeUndefined();
    expect(outcome.candidates?.map((candidate) => candidate.eventId)).toEqual(['newer-web-identity', webIdentity.eventID, 'older-web-identity']);
    expect(outcome.problem).toContain('3 recorded calls fit it');
  });

  it('a record that does not replay to a valid request is no candidate: the count and the rows agree', () => {
    const broken = { ...webIdentity, eventID: 'broken-web-identity', requestID: 'broken-request', requestParameters: { ...(webIdentity.requestParameters as object), roleArn: 'not-an-arn' } };
    const outcome = requestFromPasted(parsePasted(generic), [...events, broken], overrides, generic);
    expect(outcome.candidates?.map((candidate) => candidate.eventId)).toEqual([webIdentity.eventID]);
    expect(outcome.problem).toContain('One recorded call fits it');
  });

  it('a web-identity paste never lists AssumeRole calls', () => {
    const outcome = requestFromPasted(parsePasted(generic), events, overrides, generic);
    expect(outcome.candidates?.every((candidate) => candidate.request.action === 'sts:AssumeRoleWithWebIdentity')).toBe(true);
  });

  it('the same paste carrying the record’s request id or event id is matched to it', () => {
    for (const id of [String(webIdentity.requestID), String(webIdentity.eventID)]) {
      const text = `${generic}\n(Request ID: ${id})`;
      const outcome = requestFromPasted(parsePasted(text), events, overrides, text);
      expect(outcome.matchedEventId, id).toBe(webIdentity.eventID);
      expect(outcome.candidates).toBeUndefined();
    }
  });

  it('a paste naming the role (and caller) is matched to the newest record of that call', () => {
    const incident = demoIncidents.find((candidate) => candidate.slug === 'mfa-required')!;
    const record = events.find((event) => event.eventID === incident.eventID)!;
    const text = `An error occurred (AccessDenied) when calling the AssumeRole operation: ${String(record.errorMessage)}`;
    const outcome = requestFromPasted(parsePasted(text), events, overrides, text);
    expect(outcome.matchedEventId).toBe(incident.eventID);
    expect(outcome.candidates).toBeUndefined();
  });

  it('identifiersIn reads UUIDs and "Request ID:" values; matchedRecord gives the record’s time', async () => {
    const { identifiersIn, matchedRecord } = await import('./paste-request');
    expect([...identifiersIn('Status Code: 403; Error Code: AccessDenied; Request ID: 1234ABCD-12ab-34cd-56ef-1234567890ab; Proxy: null')]).toContain('1234abcd-12ab-34cd-56ef-1234567890ab');
    expect([...identifiersIn('RequestId: req-0001-abcd')]).toContain('req-0001-abcd');
    expect(identifiersIn(undefined).size).toBe(0);
    // The page's request, read from the link the paste box builds for that record.
    const replayed = replayCall(webIdentity, overrides).request;
    const onPage = parseRequest(requestForKind(decodeRequest(encodeRequest(parseRequest(replayed)))));
    expect(matchedRecord(events, String(webIdentity.eventID), onPage, overrides)).toEqual({ eventId: webIdentity.eventID, time: webIdentity.eventTime });
    // A link's `from` is a claim, checked: a record we do not hold, or one that is not this call, shows nothing.
    expect(matchedRecord(events, 'not-held', onPage, overrides)).toBeUndefined();
    const otherCall = parseRequest({ ...onPage, roleSessionName: 'someone-else' });
    expect(matchedRecord(events, String(webIdentity.eventID), otherCall, overrides)).toBeUndefined();
    expect(matchedRecord(events, '<script>', onPage, overrides)).toBeUndefined();
    expect(matchedRecord(events, undefined, onPage, overrides)).toBeUndefined();
  });
});

describe('pasted error messages in the forms SDKs and newer AWS denials take', () => {
  const events = demoSnapshot.events ?? [];
  const webIdentity = events.find((event) => event.eventName === 'AssumeRoleWithWebIdentity' && event.errorCode === 'AccessDenied')!;

  it('R-59: a Java SDK v1 web-identity denial lands on the recorded AssumeRoleWithWebIdentity call its Request ID names', () => {
    const java = (requestId: string) =>
      `com.amazonaws.services.securitytoken.model.AWSSecurityTokenServiceException: ${String(webIdentity.errorMessage)} (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: ${requestId}; Proxy: null)`;
    const text = java(String(webIdentity.requestID));
    const outcome = requestFromPasted(parsePasted(text), events, overrides, text);
    expect(outcome.matchedEventId).toBe(webIdentity.eventID);
    expect(outcome.request?.action).toBe('sts:AssumeRoleWithWebIdentity');
    // Another call's request id: the message names nothing else, so the recorded call is offered, not taken.
    const other = java('1234abcd-12ab-34cd-56ef-1234567890ab');
    const unmatched = requestFromPasted(parsePasted(other), events, overrides, other);
    expect(unmatched.matchedEventId).toBeUndefined();
    expect(unmatched.candidates?.map((candidate) => candidate.eventId)).toEqual([webIdentity.eventID]);
  });

  it('R-59: an SDK "ExpiredTokenException" paste matches a record whichever way the code is spelled', () => {
    const message = 'Token expired: current date/time 1700000000 must be before the expiration date/time 1699999000';
    const expired = { ...webIdentity, eventID: 'expired-web-token', errorCode: 'ExpiredTokenException', errorMessage: message };
    const outcome = requestFromPasted(parsePasted(`An error occurred (ExpiredTokenException) when calling the AssumeRoleWithWebIdentity operation: ${message}`), [...events, expired], overrides);
    // The message names no role, caller or id: the record is offered, not taken.
    expect(outcome.matchedEventId).toBeUndefined();
    expect(outcome.candidates?.map((candidate) => candidate.eventId)).toEqual(['expired-web-token']);
  });

  it('R-61: the refusing policy ARN and the authorization id are passed on as AWS wrote them', () => {
    const scp = 'arn:aws:organizations::999999999999:policy/o-a1b2c3d4e5/service_control_policy/p-Deny1234';
    const text = `User: arn:aws:iam::111111111111:user/nobody is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/NotInTheData with an explicit deny in a service control policy: ${scp}. Go to https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/authorization-details/EXAMPLE1a2b3c4d5e6f7g8h9i0j for complete details, or call the GetRequestAuthorizationDetails API with the following authorization id: EXAMPLE1a2b3c4d5e6f7g8h9i0j`;
    const outcome = requestFromPasted(parsePasted(text), events, overrides);
    expect(outcome.matchedEventId).toBeUndefined();
    expect(outcome.named).toContain(`${scp} (service control policy)`);
    expect(outcome.named).toContain('EXAMPLE1a2b3c4d5e6f7g8h9i0j');
  });
});

describe('the Refresh button follows the rule the data source enforces', () => {
  it('is offered in live mode without a credential hint (instance credentials leave none), in auto mode only with one, never in demo mode', async () => {
    const { sourceView } = await import('./current');
    const info = { source: 'demo' as const, accounts: 3 };
    expect(sourceView({ ...info, mode: 'live', awsConfigured: false }).canRefresh).toBe(true);
    expect(sourceView({ ...info, mode: 'live', awsConfigured: false }).whyReadOnly).toBeUndefined();
    expect(sourceView({ ...info, mode: 'auto', awsConfigured: false }).canRefresh).toBe(false);
    expect(sourceView({ ...info, mode: 'auto', awsConfigured: false }).whyReadOnly).toMatch(/No AWS credentials/);
    expect(sourceView({ ...info, mode: 'auto', awsConfigured: true }).canRefresh).toBe(true);
    expect(sourceView({ ...info, mode: 'demo', awsConfigured: true }).canRefresh).toBe(false);
  });
});

describe('the role page lists the calls made to the role', () => {
  it('lists a call that spells the role with another case or path, with the ARN it wrote; not a same-named role elsewhere', async () => {
    const { roleEvents } = await import('./roles');
    const snapshot = structuredClone(demoSnapshot);
    const record = (snapshot.events ?? []).map((event) => event as { requestParameters?: { roleArn?: string }; eventID?: string }).find((event) => event.requestParameters?.roleArn?.includes(':role/'))!;
    const roleArn = record.requestParameters!.roleArn!;
    const before = roleEvents(snapshot, roleArn, 1000).length;
    const [prefix, name] = [roleArn.slice(0, roleArn.lastIndexOf('/') + 1), roleArn.slice(roleArn.lastIndexOf('/') + 1)];
    const respelled = `${prefix.replace(':role/', ':role/team/')}${name.toUpperCase()}`;
    record.requestParameters!.roleArn = respelled;
    const after = roleEvents(snapshot, roleArn, 1000);
    expect(after).toHaveLength(before);
    expect(after.find((event) => event.eventId === record.eventID)?.writtenRoleArn).toBe(respelled);
    expect(after.filter((event) => event.writtenRoleArn)).toHaveLength(1);
    // The same name in another account is another role.
    record.requestParameters!.roleArn = roleArn.replace(/::\d{12}:/, '::999999999999:');
    expect(roleEvents(snapshot, roleArn, 1000)).toHaveLength(before - 1);
  });
});

describe('the roles list shows the maximum session as read', () => {
  it('R-49: a role without MaxSessionDuration is 3600 s, unless the account says the value was not read', async () => {
    const { listRoles } = await import('./roles');
    const snapshot = structuredClone(demoSnapshot);
    const account = snapshot.accounts[0];
    const roles = account.authorizationDetails.RoleDetailList!;
    const [first, second] = roles;
    delete first.MaxSessionDuration;
    second.MaxSessionDuration = 7200;
    const rowOf = (name: string) => listRoles(snapshot).find((row) => row.accountId === account.accountId && row.name === name)!;
    expect(rowOf(first.RoleName).maxSessionDuration).toBe(3600);
    account.unavailable = [{ part: 'maxSessionDuration', reason: 'iam:ListRoles refused' }];
    expect(rowOf(first.RoleName).maxSessionDuration).toBeUndefined();
    expect(rowOf(second.RoleName).maxSessionDuration).toBe(7200);
  });
});

describe('a cross-account call is listed once on the role page', () => {
  it('the role account\'s copy (no caller ARN) is dropped when the caller\'s copy is in the data, as on the incident list', async () => {
    const { roleEvents } = await import('./roles');
    const copy = (demoSnapshot.events ?? []).find((event) => (event as { userIdentity?: { type?: string } }).userIdentity?.type === 'AWSAccount') as { eventID: string; requestParameters: { roleArn: string } };
    const listed = roleEvents(demoSnapshot, copy.requestParameters.roleArn, 1000);
    expect(listed.map((event) => event.eventId)).not.toContain(copy.eventID);
    expect(listed.every((event) => event.href !== undefined)).toBe(true);
  });

  it("R-64: the role account's copy alone links to the prefilled form, as on the incident list, not to a diagnosis that can only fail", async () => {
    const { roleEvents } = await import('./roles');
    const snapshot = { ...demoSnapshot, events: [ROLE_ACCOUNT_COPY_RECORD] };
    const [event] = roleEvents(snapshot, 'arn:aws:iam::222222222222:role/VendorMonitoring', 10);
    expect(event.eventId).toBe(ROLE_ACCOUNT_COPY_RECORD.eventID);
    expect(event.needsCaller).toBe(true);
    expect(event.href).toMatch(/^\/\?.*#request-form$/);
  });
});

describe('incident list: what a record lacks, and records that cannot be diagnosed', () => {
  // The role account's copy of a cross-account call names only the caller's account and principal
  // id: a diagnosis needs the caller, so the list offers the prefilled form instead.
  const roleAccountCopy = ROLE_ACCOUNT_COPY_RECORD;

  it("R-64: the role account's copy alone is listed with the form to give the caller, not a Diagnose link that can only fail", () => {
    const [group] = groupFailedCalls([roleAccountCopy]);
    expect(group.diagnosable).toBe(false);
    expect(group.gaps.join(' ')).toContain("role account's copy of a cross-account call");
    expect(group.completeHref.startsWith('/?')).toBe(true);
    expect(group.completeHref.endsWith('#request-form')).toBe(true);
    const prefilled = decodeRequest(new URLSearchParams(group.completeHref.slice(2, group.completeHref.indexOf('#'))));
    expect(prefilled).toMatchObject({ action: 'sts:AssumeRole', roleArn: 'arn:aws:iam::222222222222:role/VendorMonitoring', roleSessionName: 'collector' });
    expect(prefilled.caller).toBeUndefined();
  });

  it('every demo incident names its caller, so each is diagnosable; the ExternalId one says what was supplied and what the record lacks', () => {
    const reasons = overrideReasonsOf([...demoIncidents, ...demoSuccessfulCalls]);
    const withReasons = groupFailedCalls(demoSnapshot.events ?? [], overrides, reasons);
    expect(withReasons.every((group) => group.diagnosable)).toBe(true);
    const vendor = withReasons.find((group) => group.roleArn.endsWith(':role/VendorMonitoring'))!;
    expect(vendor.supplied).toContain('the vendor confirmed it sent its staging value acme-7f3c9e2b-stage');
    expect(vendor.gaps.join(' ')).toContain('The record shows no ExternalId');
    expect(vendor.request.externalId).toBe('acme-7f3c9e2b-stage');
  });
});
