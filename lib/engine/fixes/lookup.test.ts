// Fixes find the role (and so the trust policy they patch) the way the checks do, whether
// they are handed the engine's index or the snapshot itself.
import { describe, expect, it } from 'vitest';
import { account, role, roleArn, snapshot, trustStatement, userArn, ROLE_ACCOUNT } from '../checks/testing';
import { findRole as findIndexedRole, loadSnapshot } from '../snapshot';
import { asSnapshotView, findRole } from './lookup';

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
