// The shared inputs of every fix builder, computed once per diagnosis.

import type { AssumeRoleRequest, Check, CheckId, Diagnosis, Fix, PolicyLocator, RoleDetail, SettingPatch, Snapshot, SnapshotAccount } from '../types';
import { describeCaller, findRole, splitArn, type CallerInfo, type SnapshotView } from './lookup';
import { viewPolicyDocument, type PolicyDocument } from './policy-document';
import { policyCli, policyTerraform, requestCli, settingCli, settingTerraform } from './render';

export interface FixContext {
  diagnosis: Diagnosis;
  snapshot: Snapshot;
  request: AssumeRoleRequest;
  caller: CallerInfo;
  roleArn: string;
  roleAccountId: string;
  roleAccount?: SnapshotAccount;
  role?: RoleDetail;
  trustPolicy?: PolicyDocument;
  check(id: CheckId): Check | undefined;
}

export function makeContext(diagnosis: Diagnosis, view: SnapshotView, request: AssumeRoleRequest): FixContext {
  const located = findRole(view, request.roleArn);
  const byId = new Map(diagnosis.checks.map((check) => [check.id, check]));
  let trust: PolicyDocument | undefined | null = null;
  return {
    diagnosis,
    snapshot: view.raw,
    request,
    caller: describeCaller(view, request),
    roleArn: located?.role.Arn ?? request.roleArn,
    roleAccountId: splitArn(request.roleArn)?.account ?? '',
    roleAccount: located?.account,
    role: located?.role,
    // Read (and copied) only by the builders that edit the trust policy.
    get trustPolicy() {
      if (trust === null) trust = located ? (viewPolicyDocument(located.trustDocument ?? located.role.AssumeRolePolicyDocument) as PolicyDocument | undefined) : undefined;
      return trust;
    },
    check: (id) => byId.get(id),
  };
}

export function trustLocator(context: FixContext): PolicyLocator | undefined {
  if (!context.role) return undefined;
  return { kind: 'trust', account: context.roleAccountId, roleName: context.role.RoleName };
}

export function describeLocator(locator: PolicyLocator): string {
  switch (locator.kind) {
    case 'trust':
      return `trust policy of arn:aws:iam::${locator.account}:role/${locator.roleName}`;
    case 'role-inline':
      return `inline policy ${locator.policyName} of role ${locator.roleName} (account ${locator.account})`;
    case 'user-inline':
      return `inline policy ${locator.policyName} of user ${locator.userName} (account ${locator.account})`;
    case 'managed':
      return `managed policy ${locator.policyArn}`;
  }
}

/** A fix that edits one policy document; the CLI and Terraform come from the locator. */
export function policyFix(
  check: CheckId,
  title: string,
  explanation: string,
  locator: PolicyLocator,
  before: unknown,
  after: unknown,
  target = describeLocator(locator),
): Fix {
  return {
    check,
    title,
    explanation,
    // `before` may be the snapshot's own document, shared read-only like the snapshot itself (the
    // engine treats snapshots as immutable once diagnosed); `after` is always a fresh copy.
    policyPatch: { target, before: before ?? null, after, locator },
    cli: policyCli(locator, after),
    terraform: policyTerraform(locator, after),
  };
}

export function settingFix(check: CheckId, title: string, explanation: string, patch: SettingPatch): Fix {
  return { check, title, explanation, settingPatch: patch, cli: settingCli(patch), terraform: settingTerraform(patch) };
}

export function requestFix(context: FixContext, check: CheckId, title: string, explanation: string, requestPatch: Partial<AssumeRoleRequest>): Fix {
  const patched = { ...context.request, ...requestPatch };
  return { check, title, explanation, requestPatch, cli: requestCli(patched) };
}

/** Statement ids must be alphanumeric. */
export function sidFor(prefix: string, name: string): string {
  return `${prefix}${name.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 100);
}

/** Inline policy names allow [\w+=,.@-], up to 128 characters. */
export function inlinePolicyName(prefix: string, name: string): string {
  return `${prefix}-${name}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 128);
}
