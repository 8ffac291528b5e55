// Checks about who is calling and what is being called, before any policy is read:
// `caller` (R-48), `role-exists`, `sts-region` (R-55).

import { crossPartitionError, expiredTokenError, regionDisabledError, rootError, type AwsErrorDetail } from '../aws-error';
import { parseTime, sessionIssuer } from '../context';
import { constantRules, outcome, type Outcome, type Run } from './run';

const CROSS_PARTITION_RULES = constantRules(['P-01']);

/** `caller`: can these credentials call the action at all? */
export function checkCaller(run: Run): Outcome {
  const o = callerOutcome(run);
  const requested = run.caller.requestedArn;
  if (requested === undefined || !run.full) return o;
  return { ...o, summary: `${o.summary} ${respelled(run, requested)}` };
}

/**
 * The request wrote the caller's ARN differently from the snapshot (a user's path left out, a
 * name in another case): the snapshot's entity is the principal AWS evaluates, so its ARN is the
 * one diagnosed, the way role-exists says when the role ARN differs.
 */
function respelled(run: Run, requested: string): string {
  const id = run.caller.identity;
  const account = id.accountId;
  if (run.caller.user) {
    return `The request's caller ARN ${requested} differs from the snapshot's: account ${account} has the user ${run.caller.user.name} at ${id.arn}, and IAM user names are unique per account regardless of path or case, so ${id.arn} is the ARN diagnosed (trust principals, aws:PrincipalArn, aws:username). Use the exact ARN.`;
  }
  const role = run.caller.role!;
  return `The request's caller ARN ${requested} differs from the snapshot's: account ${account} has the role ${role.name} at ${role.arn}, and IAM role names are unique per account regardless of case, so the session ${id.arn} of that role is the one diagnosed (trust principals; aws:PrincipalArn is the role ARN ${role.arn}, R-23). Use the exact ARN.`;
}

function callerOutcome(run: Run): Outcome {
  const { action, request } = run.prepared;
  const full = run.full;
  if (action !== 'sts:AssumeRole') {
    return outcome('skip', full ? `${action} is not signed with AWS credentials; the identity provider's token or assertion stands in for a caller (R-56).` : '', ['R-56']);
  }
  const id = run.caller.identity;
  // P-01: partitions (aws, aws-cn, aws-us-gov) are separate IAM instances; credentials issued in
  // one are not valid in another, so AssumeRole never crosses a partition boundary.
  if (id.kind !== 'service' && id.partition !== run.prepared.role.partition) {
    return outcome(
      'fail',
      full
        ? `The caller ${id.arn} is in the ${id.partition} partition and the role in ${run.prepared.role.partition}. Partitions are separate IAM instances: credentials from one are not valid in the other, so sts:AssumeRole cannot cross them (P-01). Cross-partition access goes through sts:GetWebIdentityToken in the caller's partition and AssumeRoleWithWebIdentity in the role's.`
        : '',
      CROSS_PARTITION_RULES,
      { awsError: crossPartitionError() },
    );
  }
  if (id.kind === 'root') {
    return outcome('fail', full ? `The caller is the root user of account ${id.accountId}; root credentials can never assume a role (R-48). Use an IAM user or role session.` : '', ['R-48'], {
      awsError: rootError(),
    });
  }
  const issuedBy = request.callerSession?.issuedBy;
  if (id.kind === 'federated-user' || sessionIssuer(issuedBy) === 'federation-token') {
    const error: AwsErrorDetail = {
      code: 'AccessDenied',
      message: `${id.arn}: credentials from GetFederationToken cannot call STS operations other than GetCallerIdentity`,
      httpStatus: 403,
      exactTextKnown: false,
      rules: ['R-48'],
    };
    return outcome('fail', full ? `The caller ${id.arn} holds GetFederationToken credentials, which cannot call sts:AssumeRole (only sts:GetCallerIdentity) (R-48).` : '', ['R-48'], { awsError: error });
  }
  const expiration = request.callerSession?.expiration;
  if (expiration !== undefined) {
    // prepareRequest refuses an expiration that is not a time.
    const expires = parseTime(expiration)!;
    if (run.ctx.now === undefined) {
      return outcome('unknown', full ? `The calling session expires at ${expiration}, but the time of the call is not known: give aws:CurrentTime in request.context.` : '', []);
    }
    if (expires <= run.ctx.now) {
      // Expired only by the time of the diagnosis (the request gives no call time): that says
      // nothing about the call, as for a web identity token.
      if (!run.ctx.callTimeGiven) {
        return outcome(
          'unknown',
          full
            ? `The calling session expired at ${expiration}, before now (${new Date(run.ctx.now).toISOString()}), but the request does not say when the call was made: if it was made after the expiry, STS refused it as ExpiredToken. Give the time of the call (aws:CurrentTime) to settle it.`
            : '',
          [],
        );
      }
      return outcome('fail', full ? `The calling session expired at ${expiration}, before the call (${new Date(run.ctx.now).toISOString()}); STS refuses expired credentials before reading any policy.` : '', [], {
        awsError: expiredTokenError(),
      });
    }
  }
  if (id.kind === 'service') {
    return outcome('pass', full ? `The caller is the AWS service ${id.service}, which has no identity policies; the role's trust policy decides (an RCP on the role's account can still deny) (R-25, R-09).` : '', ['R-25', 'R-09', 'R-48']);
  }
  const what = id.kind === 'user' ? 'an IAM user' : 'a role session';
  const via = issuedBy ? ` (credentials from ${issuedBy})` : '';
  return outcome('pass', full ? `The caller ${id.arn} is ${what}${via}, which may call sts:AssumeRole (R-48).` : '', ['R-48']);
}

/** `role-exists`: is the role in its account's data? */
export function checkRoleExists(run: Run): Outcome {
  const requested = run.prepared.request.roleArn;
  const account = run.prepared.role.account;
  const full = run.full;
  const lookup = run.roleLookup;
  if (lookup.found === 'exact') return outcome('pass', full ? `Role ${lookup.role.name} exists in account ${account}.` : '', []);
  if (lookup.found === 'differs') {
    return outcome(
      'unknown',
      full
        ? `Account ${account} has a role named ${lookup.role.name} at ${lookup.role.arn}, but the request names ${requested}. IAM names are unique regardless of case, yet AWS does not document whether STS accepts a differently spelled ARN (case or path); use the exact ARN.`
        : '',
      [],
    );
  }
  if (lookup.reason === 'account-unknown') {
    const unreachable = run.indexed.snapshot.unavailableAccounts?.find((a) => a.accountId === account);
    return outcome('unknown', full ? `Account ${account} is not in the snapshot${unreachable ? ` (${unreachable.reason})` : ''}, so its roles and trust policies are unknown.` : '', []);
  }
  const partial = run.roleAccount?.unavailable.find((u) => /role|authori[sz]ation/i.test(u.part));
  if (partial) return outcome('unknown', full ? `Account ${account}'s roles could not be read (${partial.reason}), so whether ${requested} exists is unknown.` : '', []);
  return outcome('fail', full ? `Account ${account} has no role ${requested}. AWS answers with the same AccessDenied as for a refused call, so the message does not reveal this.` : '', ['R-62'], {
    refusedAction: run.prepared.action,
  });
}

// Regions that must be enabled (opted in) in an account before STS works there; without the
// account's STS settings in the snapshot we cannot tell for these.
const OPT_IN_REGIONS = new Set([
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
]);

/** `sts-region`: is STS active in the endpoint's Region for the ROLE's account (R-55)? */
export function checkStsRegion(run: Run): Outcome {
  const region = run.prepared.request.region ?? 'global';
  const account = run.prepared.role.account;
  const full = run.full;
  if (region === 'global') {
    return outcome('pass', full ? 'The call goes to the global endpoint sts.amazonaws.com, which is always active (it is evaluated as us-east-1, R-45).' : '', ['R-55', 'R-45']);
  }
  if (region === 'us-east-1') return outcome('pass', full ? 'us-east-1 cannot be deactivated for STS.' : '', ['R-55']);
  const acct = run.roleAccount;
  if (!acct) return outcome('unknown', full ? `Account ${account} is not in the snapshot, so whether STS is active in ${region} for it is unknown (R-55: the role's account decides).` : '', ['R-55']);
  if (acct.stsDisabledRegions.has(region)) {
    return outcome(
      'fail',
      full ? `STS is deactivated in ${region} for account ${account}, which owns the role. The caller's account does not matter: the account that issues the credentials must activate the Region (R-55).` : '',
      ['R-55'],
      { awsError: regionDisabledError(account) },
    );
  }
  if (acct.raw.stsRegions === undefined && OPT_IN_REGIONS.has(region)) {
    return outcome('unknown', full ? `${region} is an opt-in Region and the snapshot does not record account ${account}'s STS Region settings.` : '', ['R-55']);
  }
  return outcome('pass', full ? `STS is active in ${region} for account ${account}${acct.raw.stsRegions === undefined ? ' (Regions are active by default; the snapshot records no STS settings)' : ''}.` : '', ['R-55']);
}
