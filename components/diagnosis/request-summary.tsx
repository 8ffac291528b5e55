import type { AssumeRoleRequest } from '@/lib/engine/types';
import { formatTags } from '@/lib/ui/tags';

function Row({ label, value }: { label: string; value: string | undefined }) {
  if (value === undefined || value === '') return null;
  return (
    <div className="min-w-0">
      <dt className="text-xs text-[var(--muted)]">{label}</dt>
      <dd className="break-all font-mono text-xs">{value}</dd>
    </div>
  );
}

/** A context value that is a boolean, in words ("true" alone says nothing about what is true). */
export function mfaInWords(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const normalised = value.trim().toLowerCase();
  if (normalised === 'true') return 'yes, signed in with MFA';
  if (normalised === 'false') return 'no MFA';
  return value;
}

/** A claim or attribute value as text: a string, or the first of a list of strings. */
function textOf(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** The call being explained, in the words of the request. */
export function RequestSummary({ request }: { request: AssumeRoleRequest }) {
  const context = request.context ?? {};
  const contextValue = (key: string) => {
    const value = context[key];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const claims = request.webIdentity?.claims ?? {};
  return (
    <section aria-label="The call" className="rounded-lg border border-[var(--border)] bg-[var(--card)] p-3" data-testid="request-summary">
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 sm:grid-cols-2 lg:grid-cols-3">
        <Row label="Caller" value={request.caller ?? (request.webIdentity ? 'web identity (no AWS caller)' : request.saml ? 'SAML (no AWS caller)' : undefined)} />
        <Row label="Role" value={request.roleArn} />
        <Row label="Session name" value={request.roleSessionName} />
        <Row label="Duration" value={request.durationSeconds !== undefined ? `${request.durationSeconds} s` : undefined} />
        <Row label="External id" value={request.externalId} />
        {/* A federated call's source identity is the token's claim or the assertion's attribute (no such parameter). */}
        <Row label="Source identity" value={request.sourceIdentity ?? textOf(claims['https://aws.amazon.com/source_identity']) ?? textOf(request.saml?.attributes?.['https://aws.amazon.com/SAML/Attributes/SourceIdentity'])} />
        <Row label="Session tags" value={formatTags(request.tags, ', ')} />
        <Row label="MFA" value={request.serialNumber ? `${request.serialNumber} (on the call)` : mfaInWords(contextValue('aws:MultiFactorAuthPresent'))} />
        <Row label="Source IP" value={contextValue('aws:SourceIp')} />
        <Row label="Time" value={contextValue('aws:CurrentTime')} />
        <Row label="STS endpoint" value={request.region} />
        <Row label="Token sub" value={typeof claims.sub === 'string' ? claims.sub : undefined} />
        <Row label="Token aud" value={typeof claims.aud === 'string' ? claims.aud : undefined} />
        <Row label="SAML provider" value={request.saml?.principalArn} />
      </dl>
    </section>
  );
}
