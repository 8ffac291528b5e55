import { describe, expect, it } from 'vitest';
import { DoctorError } from '@/lib/errors';
import { parseArn, parseCaller } from './arn';
import { resolveCaller } from './context';
import { BoundedMap } from './memo';
import { prepareRequest } from './request';
import { loadSnapshot } from './snapshot';
import { CALLER_ACCOUNT, ROLE_ACCOUNT, account, assumeRequest, role, sessionArn, snapshot, trustStatement, user, userArn } from './checks/testing';

describe('memo tables', () => {
  it('BoundedMap forgets everything at its limit, never grows past it', () => {
    const map = new BoundedMap<string, number>(3);
    for (let i = 0; i < 10; i++) map.set(`k${i}`, i);
    expect(map.size).toBeLessThanOrEqual(3);
    expect(map.get('k9')).toBe(9);
  });

  it('a kept ARN parse equals a fresh one, and is frozen', () => {
    const text = 'arn:aws:iam::111111111111:role/ci/Deploy';
    const first = parseArn(text, 'request.roleArn');
    const again = parseArn(`${text}`, 'other.field');
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toMatchObject({ resourceType: 'role', resourceName: 'Deploy', path: '/ci/' });
  });

  it('invalid text still names the field of each call (errors are not kept)', () => {
    const text = 'arn:aws:iam::1111:role/Deploy';
    for (const field of ['request.roleArn', 'request.policyArns[0]']) {
      let error: unknown;
      try {
        parseArn(text, field);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DoctorError);
      expect((error as DoctorError).field).toBe(field);
    }
  });

  it('a kept caller parse is shared and frozen', () => {
    const text = 'arn:aws:sts::111111111111:assumed-role/Deploy/build-1';
    expect(parseCaller(text, 'request.caller')).toBe(parseCaller(text, 'request.caller'));
    expect(Object.isFrozen(parseCaller(text, 'request.caller'))).toBe(true);
  });

  it('resolveCaller answers per snapshot: a second request object naming the caller gets the same facts; another snapshot does not', () => {
    const world = () =>
      snapshot([
        account(CALLER_ACCOUNT, {
          users: [user('alice', { id: 'AIDAALICE00000000001' })],
          roles: [role('Builder', { account: CALLER_ACCOUNT, id: 'AROABUILDER000000001', trust: [] })],
        }),
        account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement('*')] })] }),
      ]);
    const indexed = loadSnapshot(world());
    for (const caller of [userArn('alice'), sessionArn('Builder', 's')]) {
      const a = resolveCaller(indexed, prepareRequest(assumeRequest({ caller })));
      const b = resolveCaller(indexed, prepareRequest(assumeRequest({ caller, externalId: 'x' })));
      expect(b).toBe(a);
      expect(b.accountKnown).toBe(true);
      expect(b.entityMissing).toBe(false);
      expect(b.identity.uniqueId).toMatch(/^AI|^AR/);
    }
    // A snapshot without alice: the same caller resolves afresh (entity missing).
    const other = loadSnapshot(snapshot([account(CALLER_ACCOUNT, {}), account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement('*')] })] })]));
    const facts = resolveCaller(other, prepareRequest(assumeRequest({ caller: userArn('alice') })));
    expect(facts.entityMissing).toBe(true);
    expect(facts.identity.uniqueId).toBeUndefined();
  });
});

describe('identity policies per indexed entity', () => {
  it('two requests from one user share one frozen list, equal to what the snapshot attaches', async () => {
    const { callerIdentityPolicies, makeRun } = await import('./checks/run');
    const { buildContext } = await import('./context');
    const { findRole } = await import('./snapshot');
    const world = snapshot([
      account(CALLER_ACCOUNT, {
        users: [user('alice', { id: 'AIDAALICE00000000001', managed: [`arn:aws:iam::${CALLER_ACCOUNT}:policy/Missing`] })],
      }),
      account(ROLE_ACCOUNT, { roles: [role('Deploy', { trust: [trustStatement('*')] })] }),
    ]);
    const indexed = loadSnapshot(world);
    const runFor = (extra: Record<string, unknown>) => {
      const prepared = prepareRequest(assumeRequest({ caller: userArn('alice'), ...extra }));
      const caller = resolveCaller(indexed, prepared);
      const lookup = findRole(indexed, prepared.role.account, prepared.role.arn, prepared.role.resourceName);
      return makeRun(false, indexed, prepared, caller, buildContext(indexed, prepared, caller), lookup);
    };
    const first = callerIdentityPolicies(runFor({}))!;
    const second = callerIdentityPolicies(runFor({ externalId: 'other' }))!;
    expect(second).toBe(first);
    expect(Object.isFrozen(first.policies)).toBe(true);
    expect(first.missing).toEqual([`arn:aws:iam::${CALLER_ACCOUNT}:policy/Missing`]);
    expect(first.policies.map((p) => p.ref.kind)).toEqual(indexed.usersByArn.get(userArn('alice'))!.inline.map((p) => p.ref.kind));
  });
});
