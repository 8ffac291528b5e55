// Fixes find the role (and so the trust policy they patch) the way the checks do, whether
// they are handed the engine's index or the snapshot itself.
import { describe, expect, it } from 'vitest';
import { account, role, roleArn, sessionArn, snapshot, trustStatement, user, userArn, CALLER_ACCOUNT, ROLE_ACCOUNT } from '../checks/testing';
import { findRole as findIndexedRole, loadSnapshot } from '../snapshot';
import { asSnapshotView, describeCaller, findRole } from './lookup';

const world = snapshot([account(ROLE_ACCOUNT, { roles: [role('Deploy', { path: '/ci/', trust: [trustStatement({ AWS: userArn('alice') })] })] })]);

describe('fixes find the role as the engine does', () => {
  const cases: [string, string, string | undefined][] = [
    ['R-62 the exact ARN, path included', roleArn('Deploy', ROLE_ACCOUNT, '/ci/'), 'Deploy'],
    ['R-62 the name in the role account when the path differs', roleArn('Deploy'), 'Deploy'],
    ['R-62 the name whatever its case', roleArn('deploy'), 'Deploy'],
    ['R-62 no role of that name', roleArn('Missing'), undefined],
    ['R-62 an account the snapshot does not hold', roleArn('Deploy', '999999999999'), undefined],
    ['not an ARN', 'Deploy', undefined],
  ];

  it.each(cases)('%s', (_name, arn, expected) => {
    for (const input of [world, loadSnapshot(world)]) {
      const view = asSnapshotView(input)!;
      const found = findRole(view, arn);
      expect(found?.role.RoleName).toBe(expected);
      if (found) {
        expect(found.account.accountId).toBe(ROLE_ACCOUNT);
        // The trust document is the one the engine compiled: statement indexes match its evidence.
        const lookup = findIndexedRole(loadSnapshot(world), ROLE_ACCOUNT, arn, arn.slice(arn.lastIndexOf('/') + 1));
        expect(lookup.found).not.toBe('no');
        if (lookup.found !== 'no') expect(found.trustDocument).toBe(lookup.role.trust?.document);
      }
    }
  });

  it('a document that is not a snapshot gives no view, so no fixes', () => {
    expect(asSnapshotView({ accounts: 'none' })).toBeUndefined();
    expect(asSnapshotView({ accounts: [{ accountId: 'x' }] })).toBeUndefined();
  });
});

describe('fixes name the caller as the engine diagnoses it (R-16, R-17)', () => {
  const pathed = `arn:aws:iam::${CALLER_ACCOUNT}:user/team/alice`;
  const callers = snapshot([
    account(CALLER_ACCOUNT, { users: [{ ...user('alice'), Arn: pathed, Path: '/team/' }], roles: [role('Builder', { account: CALLER_ACCOUNT, path: '/ci/' })] }),
    ...world.accounts,
  ]);
  const callerOf = (caller: string) => describeCaller(asSnapshotView(callers)!, { action: 'sts:AssumeRole', caller, roleArn: roleArn('Deploy', ROLE_ACCOUNT, '/ci/') });

  it.each([
    ['a user ARN without its path', userArn('alice'), { kind: 'user', arn: pathed, principalArn: pathed, name: 'alice' }],
    ['a user name in another case', `arn:aws:iam::${CALLER_ACCOUNT}:user/team/Alice`, { kind: 'user', arn: pathed, principalArn: pathed }],
    ['a session with the role name in another case', sessionArn('builder', 'Job'), { kind: 'role-session', arn: sessionArn('Builder', 'Job'), name: 'Builder', principalArn: roleArn('Builder', CALLER_ACCOUNT, '/ci/') }],
    ['a session as IAM spells it', sessionArn('Builder', 'Job'), { kind: 'role-session', arn: sessionArn('Builder', 'Job'), principalArn: roleArn('Builder', CALLER_ACCOUNT, '/ci/') }],
    ['a user the snapshot does not hold', userArn('bob'), { kind: 'user', arn: userArn('bob'), principalArn: userArn('bob') }],
    ['a session of a role the snapshot does not hold', sessionArn('gone', 'Job'), { kind: 'role-session', arn: sessionArn('gone', 'Job'), principalArn: roleArn('gone', CALLER_ACCOUNT) }],
  ])('%s', (_what, caller, expected) => {
    expect(callerOf(caller)).toMatchObject(expected);
  });
});
