'use client';

import { useActionState, useEffect, useState } from 'react';
import type { RequestFormState } from '@/app/actions';
import { callFields, federatedNote } from '@/lib/ui/call-kind';
import type { FormField, FormValues } from '@/lib/ui/request-form';

type Props = {
  action: (state: RequestFormState, form: FormData) => Promise<RequestFormState>;
  defaults: FormValues;
};

// Values are monospace; placeholders are examples, so they read as such: sans, italic, faded.
const inputClass =
  'w-full rounded border border-[var(--border)] bg-[var(--bg)] px-2 py-1 font-mono text-sm placeholder:font-sans placeholder:italic placeholder:text-[var(--muted)] placeholder:opacity-80 aria-[invalid=true]:border-[var(--fail)]';

function Field({
  name,
  label,
  hint,
  values,
  error,
  multiline,
  placeholder,
}: {
  name: FormField;
  label: string;
  hint?: string;
  values: FormValues;
  error?: string;
  multiline?: boolean;
  placeholder?: string;
}) {
  const id = `request-${name}`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium">
        {label}
      </label>
      {multiline ? (
        <textarea id={id} name={name} defaultValue={values[name]} aria-describedby={describedBy} aria-invalid={Boolean(error)} placeholder={placeholder} className={`${inputClass} h-16`} />
      ) : (
        <input id={id} name={name} defaultValue={values[name]} aria-describedby={describedBy} aria-invalid={Boolean(error)} placeholder={placeholder} className={inputClass} />
      )}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-[var(--muted)]">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-[var(--fail)]">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Any request in the contract, field by field. Submitting opens its diagnosis. */
export function RequestForm({ action, defaults }: Props) {
  const [state, submit, pending] = useActionState(action, {});
  const values = state.values ?? defaults;
  const [kind, setKind] = useState(values.action ?? 'AssumeRole');
  // The server action names the form field an error belongs to (formError); it is shown there.
  const fieldError = (name: FormField) => (state.field === name ? state.error : undefined);
  // Web identity and SAML calls have no External id, no MFA, no session tags and no source identity of their own.
  const offers = callFields(kind);
  const kindNote = federatedNote(kind);
  // Re-mount the fields when the server sends values back, so defaultValue shows them.
  const formKey = JSON.stringify(values);
  // Opened to complete a recorded call ("Add the caller ARN": /?…#request-form), the field to fill is
  // the caller: put the keyboard there.
  const callerMissing = !defaults.caller && (defaults.action ?? 'AssumeRole') === 'AssumeRole';
  useEffect(() => {
    if (callerMissing && window.location.hash === '#request-form' && defaults.role) document.getElementById('request-caller')?.focus();
  }, [callerMissing, defaults.role]);
  return (
    <form key={formKey} action={submit} id="request-form" aria-labelledby="request-heading" className="space-y-3" data-testid="request-form">
      <h2 id="request-heading" className="text-lg font-semibold">
        Describe a call
      </h2>
      {/* What the pre-filled request held beyond these fields (unknown keys, the caller's session…): lib/ui/request-form.ts. */}
      {values.carried ? <input type="hidden" name="carried" defaultValue={values.carried} data-testid="request-carried" /> : null}
      {values.carriedCaller ? <input type="hidden" name="carriedCaller" defaultValue={values.carriedCaller} /> : null}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <div className="space-y-1">
          <label htmlFor="request-action" className="block text-xs font-medium">
            Action
          </label>
          <select id="request-action" name="action" value={kind} onChange={(event) => setKind(event.target.value)} className={inputClass}>
            <option value="AssumeRole">sts:AssumeRole</option>
            <option value="AssumeRoleWithWebIdentity">sts:AssumeRoleWithWebIdentity</option>
            <option value="AssumeRoleWithSAML">sts:AssumeRoleWithSAML</option>
          </select>
        </div>
        {offers.caller ? (
          <Field name="caller" label="Caller ARN" values={values} error={fieldError('caller')} placeholder="e.g. arn:aws:iam::111111111111:user/alice" />
        ) : null}
        <Field name="role" label="Role ARN" values={values} error={fieldError('role')} placeholder="e.g. arn:aws:iam::222222222222:role/Deploy" />
        <Field name="session" label="Session name" values={values} error={fieldError('session')} placeholder="e.g. alice" />
        {offers.externalId ? <Field name="externalId" label="External id" values={values} error={fieldError('externalId')} /> : null}
        <Field name="duration" label="Duration (seconds)" hint="3600 when empty" values={values} error={fieldError('duration')} placeholder="e.g. 3600" />
        <Field name="sourceIp" label="Source IP" values={values} error={fieldError('sourceIp')} placeholder="e.g. 203.0.113.10" />
        {offers.mfa ? (
          <div className="space-y-1">
            <label htmlFor="request-mfa" className="block text-xs font-medium">
              MFA
            </label>
            <select
              id="request-mfa"
              name="mfa"
              defaultValue={values.mfa ?? ''}
              aria-invalid={Boolean(fieldError('mfa'))}
              aria-describedby={fieldError('mfa') ? 'request-mfa-error' : undefined}
              className={inputClass}
            >
              <option value="">as the caller&apos;s credentials say</option>
              <option value="true">signed in with MFA</option>
              <option value="false">no MFA</option>
            </select>
            {fieldError('mfa') ? (
              <p id="request-mfa-error" className="text-xs text-[var(--fail)]">
                {fieldError('mfa')}
              </p>
            ) : null}
          </div>
        ) : null}
        {offers.sessionTags ? <Field name="tags" label="Session tags" hint="Key=Value, one per line" values={values} error={fieldError('tags')} multiline /> : null}
        {offers.sourceIdentity ? <Field name="sourceIdentity" label="Source identity" values={values} error={fieldError('sourceIdentity')} /> : null}
        <Field name="region" label="STS endpoint region" hint="global (sts.amazonaws.com) when empty" values={values} error={fieldError('region')} placeholder="e.g. us-east-1" />
        <Field name="time" label="Time of the call" hint="ISO 8601; now when empty" values={values} error={fieldError('time')} placeholder="e.g. 2026-11-22T09:00:00Z" />
        {kind === 'AssumeRoleWithWebIdentity' ? (
          <>
            <Field name="token" label="Web identity token (JWT)" hint="Decoded, never verified, never stored" values={values} error={fieldError('token')} multiline />
            <Field
              name="claims"
              label="…or its claims (JSON)"
              hint="Claims not typed here count as unknown, not absent"
              values={values}
              error={fieldError('claims')}
              multiline
              placeholder='e.g. {"iss": "https://token.actions.githubusercontent.com", "sub": "repo:acme/api:ref:refs/heads/main", "aud": "sts.amazonaws.com"}'
            />
          </>
        ) : null}
        {kind === 'AssumeRoleWithSAML' ? (
          <>
            <Field name="saml" label="SAML provider ARN" values={values} error={fieldError('saml')} placeholder="e.g. arn:aws:iam::222222222222:saml-provider/Okta" />
            <Field
              name="samlAttributes"
              label="SAML attributes (JSON)"
              hint="Attributes not typed here count as unknown, unless ticked below"
              values={values}
              error={fieldError('samlAttributes')}
              multiline
              placeholder='e.g. {"saml:aud": "https://signin.aws.amazon.com/saml"}'
            />
            <div className="flex items-start gap-2 self-end">
              <input
                id="request-samlAttributesComplete"
                type="checkbox"
                name="samlAttributesComplete"
                value="true"
                defaultChecked={values.samlAttributesComplete === 'true'}
                className="mt-0.5"
              />
              <label htmlFor="request-samlAttributesComplete" className="text-xs">
                These are all the assertion&apos;s attributes (an attribute not listed was not sent)
              </label>
            </div>
          </>
        ) : null}
      </div>
      {kindNote ? (
        <p className="text-xs text-[var(--muted)]" data-testid="request-kind-note">
          {kindNote}
        </p>
      ) : null}
      {state.error ? (
        <p role="alert" className="text-sm text-[var(--fail)]" data-testid="request-form-error">
          {state.error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        data-testid="request-submit"
        className="rounded bg-[var(--accent)] px-3 py-1.5 text-sm font-medium text-[var(--card)] disabled:opacity-60"
      >
        {pending ? 'Diagnosing…' : 'Diagnose this call'}
      </button>
    </form>
  );
}
