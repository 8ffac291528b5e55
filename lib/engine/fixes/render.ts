// Turning a patch into the AWS CLI command and the Terraform snippet that apply it. Every value
// that reaches a shell is single-quoted; every value that reaches HCL is escaped, including the
// `${` of IAM policy variables, which Terraform would otherwise try to interpolate.

import type { PolicyLocator, SettingPatch } from '../types';
import { NEEDS_ESCAPE, jsonTexts, type JsonTexts } from './json-text';

export function shellQuote(value: string): string {
  return value.includes("'") ? `'${value.replace(/'/g, `'\\''`)}'` : `'${value}'`;
}

/**
 * Text for a `#` comment line of a command or a snippet: a line break (IAM allows one in policy
 * values, and an imported snapshot may put one in a name) would end the comment and run, or
 * parse, what follows. Control and line-separator characters are written as escapes.
 */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const TERRAFORM_LABEL = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Terraform resource labels allow letters, digits, underscores and dashes, starting with a letter or underscore. */
export function terraformLabel(name: string): string {
  if (TERRAFORM_LABEL.test(name)) return name.slice(0, 64);
  const label = name.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
  return label.slice(0, 64) || 'policy';
}

/** Terraform reads `${` and `%{` in strings as template sequences; `$${` and `%%{` are the literal forms. */
function escapeTemplate(text: string): string {
  if (!text.includes('${') && !text.includes('%{')) return text;
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** Names seldom hold a character JSON escapes: quoted as they are then, without JSON.stringify. */
function hclString(value: string): string {
  return escapeTemplate(NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`);
}

/**
 * HCL accepts JSON-style object and tuple literals (`{"a": 1}`), so a policy becomes
 * `jsonencode(<json>)` once template sequences in its strings are escaped.
 */
function jsonencode(json: JsonTexts): string {
  return `jsonencode(${json.templateSequences ? escapeTemplate(json.indented) : json.indented})`;
}

function credentialsNote(account: string): string {
  return `# run with credentials for account ${commentText(account)}\n`;
}

/**
 * The document's JSON texts for policyCli and policyTerraform (indented to sit in a resource block):
 * written once when a fix needs both. `before`: the snapshot's document `after` is an edited copy of.
 */
export function policyJson(after: unknown, before?: unknown): JsonTexts {
  return jsonTexts(after, '  ', before);
}

export function policyCli(locator: PolicyLocator, after: unknown, json = policyJson(after)): string {
  const document = json.singleQuotes ? shellQuote(json.compact) : `'${json.compact}'`;
  switch (locator.kind) {
    case 'trust':
      return `${credentialsNote(locator.account)}aws iam update-assume-role-policy --role-name ${shellQuote(locator.roleName)} --policy-document ${document}`;
    case 'role-inline':
      return `${credentialsNote(locator.account)}aws iam put-role-policy --role-name ${shellQuote(locator.roleName)} --policy-name ${shellQuote(locator.policyName)} --policy-document ${document}`;
    case 'user-inline':
      return `${credentialsNote(locator.account)}aws iam put-user-policy --user-name ${shellQuote(locator.userName)} --policy-name ${shellQuote(locator.policyName)} --policy-document ${document}`;
    case 'managed': {
      // A managed policy keeps at most five versions: the oldest non-default one goes first when full.
      const prune = locator.deleteVersionId
        ? `# the policy already has five versions (the most IAM keeps): delete the oldest non-default one first\naws iam delete-policy-version --policy-arn ${shellQuote(locator.policyArn)} --version-id ${shellQuote(locator.deleteVersionId)}\n`
        : '';
      return `${credentialsNote(locator.account)}${prune}aws iam create-policy-version --policy-arn ${shellQuote(locator.policyArn)} --policy-document ${document} --set-as-default`;
    }
  }
}

// Snippets are concatenated, not joined from an array of lines: join would copy the whole
// document text once more.
export function policyTerraform(locator: PolicyLocator, after: unknown, json = policyJson(after)): string {
  switch (locator.kind) {
    case 'trust':
      return (
        `# in the existing aws_iam_role resource for ${commentText(locator.roleName)} (account ${commentText(locator.account)})\n` +
        `resource "aws_iam_role" "${terraformLabel(locator.roleName)}" {\n` +
        `  name               = ${hclString(locator.roleName)}\n` +
        `  assume_role_policy = ${jsonencode(json)}\n` +
        `}`
      );
    case 'role-inline':
      return (
        `resource "aws_iam_role_policy" "${terraformLabel(locator.policyName)}" {\n` +
        `  name   = ${hclString(locator.policyName)}\n` +
        `  role   = ${hclString(locator.roleName)}\n` +
        `  policy = ${jsonencode(json)}\n` +
        `}`
      );
    case 'user-inline':
      return (
        `resource "aws_iam_user_policy" "${terraformLabel(locator.policyName)}" {\n` +
        `  name   = ${hclString(locator.policyName)}\n` +
        `  user   = ${hclString(locator.userName)}\n` +
        `  policy = ${jsonencode(json)}\n` +
        `}`
      );
    case 'managed': {
      const name = locator.policyArn.split('/').pop() ?? 'policy';
      return (
        `# in the existing aws_iam_policy resource for ${commentText(locator.policyArn)}; Terraform creates the new default version\n` +
        `resource "aws_iam_policy" "${terraformLabel(name)}" {\n` +
        `  name   = ${hclString(name)}\n` +
        `  policy = ${jsonencode(json)}\n` +
        `}`
      );
    }
  }
}

export function settingCli(patch: SettingPatch): string {
  switch (patch.kind) {
    case 'role-max-session-duration':
      return `${credentialsNote(patch.account)}aws iam update-role --role-name ${shellQuote(patch.roleName)} --max-session-duration ${patch.after}`;
    case 'oidc-provider': {
      if (patch.before) {
        const added = (patch.after.ClientIDList ?? []).filter((id) => !(patch.before?.ClientIDList ?? []).includes(id));
        return added
          .map((clientId) => `${credentialsNote(patch.account)}aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${shellQuote(patch.after.Arn)} --client-id ${shellQuote(clientId)}`)
          .join('\n');
      }
      const clientIds = (patch.after.ClientIDList ?? []).map(shellQuote).join(' ');
      return `${credentialsNote(patch.account)}aws iam create-open-id-connect-provider --url ${shellQuote(`https://${patch.after.Url}`)} --client-id-list ${clientIds}`;
    }
  }
}

export function settingTerraform(patch: SettingPatch): string {
  switch (patch.kind) {
    case 'role-max-session-duration':
      return [
        `# in the existing aws_iam_role resource for ${commentText(patch.roleName)} (account ${commentText(patch.account)})`,
        `resource "aws_iam_role" "${terraformLabel(patch.roleName)}" {`,
        `  name                 = ${hclString(patch.roleName)}`,
        `  max_session_duration = ${patch.after}`,
        `}`,
      ].join('\n');
    case 'oidc-provider': {
      const host = patch.after.Url.replace(/^https:\/\//, '');
      return [
        `# account ${commentText(patch.account)}; thumbprint_list is optional in recent AWS provider versions (IAM now checks the IdP's certificate against trusted CAs)`,
        `resource "aws_iam_openid_connect_provider" "${terraformLabel(host)}" {`,
        `  url            = ${hclString(`https://${host}`)}`,
        `  client_id_list = [${(patch.after.ClientIDList ?? []).map(hclString).join(', ')}]`,
        `}`,
      ].join('\n');
    }
  }
}

/**
 * The `aws sts …` call with the request patch applied, so the engineer can retry at once: the same
 * call, every parameter the request carried included (tags, session policies, …). Values that only
 * the engineer has (the MFA code, a SAML provider not given) are shell variables, so the line
 * pastes as is and fails loudly on an empty value instead of on a redirection.
 */
export function requestCli(request: {
  action: string;
  roleArn: string;
  roleSessionName?: string;
  durationSeconds?: number;
  externalId?: string;
  sourceIdentity?: string;
  serialNumber?: string;
  tokenCode?: string;
  region?: string;
  tags?: { Key: string; Value: string }[];
  transitiveTagKeys?: string[];
  policy?: string | Record<string, unknown>;
  policyArns?: string[];
  saml?: { principalArn?: string };
}): string {
  const command =
    request.action === 'sts:AssumeRoleWithWebIdentity'
      ? 'assume-role-with-web-identity'
      : request.action === 'sts:AssumeRoleWithSAML'
        ? 'assume-role-with-saml'
        : 'assume-role';
  const notes: string[] = [];
  const args = [`aws sts ${command}`, `--role-arn ${shellQuote(request.roleArn)}`];
  if (command !== 'assume-role-with-saml') args.push(`--role-session-name ${shellQuote(request.roleSessionName ?? 'session')}`);
  if (command === 'assume-role-with-web-identity') args.push('--web-identity-token file://token.jwt');
  if (command === 'assume-role-with-saml') {
    const provider = request.saml?.principalArn;
    if (!provider) notes.push('# set SAML_PROVIDER_ARN to the ARN of the SAML provider in the role account');
    args.push(`--principal-arn ${provider ? shellQuote(provider) : '"$SAML_PROVIDER_ARN"'} --saml-assertion file://assertion.b64`);
  }
  if (request.durationSeconds !== undefined) args.push(`--duration-seconds ${request.durationSeconds}`);
  // The federated commands have no --external-id, --source-identity, --tags, --transitive-tag-keys,
  // --serial-number or --token-code (the token or the assertion carries those values, and they take no MFA).
  const signed = command === 'assume-role';
  if (signed && request.externalId !== undefined) args.push(`--external-id ${shellQuote(request.externalId)}`);
  if (signed && request.sourceIdentity !== undefined) args.push(`--source-identity ${shellQuote(request.sourceIdentity)}`);
  if (signed && request.tags?.length) args.push(`--tags ${shellQuote(JSON.stringify(request.tags.map((tag) => ({ Key: tag.Key, Value: tag.Value }))))}`);
  if (signed && request.transitiveTagKeys?.length) args.push(`--transitive-tag-keys ${request.transitiveTagKeys.map(shellQuote).join(' ')}`);
  if (request.policy !== undefined) args.push(`--policy ${shellQuote(typeof request.policy === 'string' ? request.policy : JSON.stringify(request.policy))}`);
  if (request.policyArns?.length) args.push(`--policy-arns ${shellQuote(JSON.stringify(request.policyArns.map((arn) => ({ arn }))))}`);
  if (signed && request.serialNumber !== undefined) args.push(`--serial-number ${shellQuote(request.serialNumber)}`);
  if (signed && request.tokenCode !== undefined) {
    notes.push('# set MFA_CODE to the current 6-digit code from the MFA device');
    args.push('--token-code "$MFA_CODE"');
  }
  // The endpoint the retry goes to: the global one (evaluated as us-east-1, R-45) or the Region's own.
  if (request.region === 'global') args.push('--region us-east-1 --endpoint-url https://sts.amazonaws.com');
  else if (request.region !== undefined) args.push(`--region ${request.region}`);
  return [...notes, args.join(' ')].join('\n');
}
