import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { diagnose } from '@/lib/engine';
import { CALLER_ACCOUNT, assumeRequest, trustStatement, twoAccounts, userArn } from '@/lib/engine/checks/testing';
import type { AssumeRoleRequest } from '@/lib/engine/types';
import { VerdictBanner } from './verdict-banner';

function banner(snapshot: unknown, raw: Record<string, unknown>): { html: string; text: string } {
  const request = raw as unknown as AssumeRoleRequest;
  const html = renderToStaticMarkup(createElement(VerdictBanner, { diagnosis: diagnose(snapshot, request), request }));
  return { html, text: html.replace(/<[^>]+>/g, '') };
}

describe('the verdict banner names the check AWS answers for', () => {
  it('R-49: a DurationSeconds outside the API\'s limits is the headline even when the trust policy also fails earlier in the tree', () => {
    // The trust policy names bob, not alice, and alice asks for 100 seconds: the parameter is rejected before anything is decided.
    const world = twoAccounts([trustStatement({ AWS: userArn('bob') })]);
    const { html, text } = banner(world, assumeRequest({ durationSeconds: 100 }));
    expect(html).toContain('data-decision="invalid"');
    expect(html).toContain('href="#check-request-valid"');
    expect(text).toMatch(/Also failing:.*trust policy names the caller/i);
  });

  it('R-49: the refusal is the headline when the caller is not trusted and also asks for more than the role\'s MaxSessionDuration', () => {
    // AWS reads the role's session limit only for a caller that may assume it: an untrusted caller is refused, and learns nothing of the role.
    const world = twoAccounts([trustStatement({ AWS: userArn('bob') })]);
    const { html, text } = banner(world, assumeRequest({ durationSeconds: 7200 }));
    expect(html).toContain('data-decision="denied"');
    expect(html).toContain('href="#check-trust-principal"');
    expect(text).toMatch(/Also failing:.*DurationSeconds is within the allowed session length/);
    // Trusted, the same call is invalid for its duration alone.
    const trusted = banner(twoAccounts([trustStatement({ AWS: userArn('alice') })]), assumeRequest({ durationSeconds: 7200 }));
    expect(trusted.html).toContain('data-decision="invalid"');
    expect(trusted.html).toMatch(/data-testid="failing-reason">[^<]*MaxSessionDuration/);
    expect(trusted.html).toContain('data-testid="failing-check">DurationSeconds is within the allowed session length<');
  });

  it('R-02: an explicit deny is the headline before an implicit one earlier in the tree', () => {
    const world = twoAccounts([trustStatement({ AWS: userArn('bob') }), trustStatement({ AWS: `arn:aws:iam::${CALLER_ACCOUNT}:root` }, { Effect: 'Deny' })]);
    const { html } = banner(world, assumeRequest());
    expect(html).toContain('data-decision="denied"');
    expect(html).toMatch(/data-testid="failing-check">No Deny in the trust policy applies</);
  });

  it('R-48, R-63: says when AWS does not document the exact text, and shows the documented longer form beside the observed one', () => {
    const world = twoAccounts([trustStatement({ AWS: userArn('alice') })]);
    const federated = banner(world, assumeRequest({ caller: `arn:aws:sts::${CALLER_ACCOUNT}:federated-user/alice` }));
    expect(federated.html).toContain('data-testid="aws-error-inexact"');
    expect(federated.text).toContain('AWS does not document the exact text');
    // The observed R-62 message is exact; the documented "because no … policy allows" form is shown as such.
    const implicit = banner(twoAccounts([trustStatement({ AWS: userArn('bob') })]), assumeRequest());
    expect(implicit.html).not.toContain('aws-error-inexact');
    expect(implicit.html).toContain('data-testid="aws-error-documented"');
    expect(implicit.text).toMatch(/because no .* allows the sts:AssumeRole action/);
    // R-63, §10 #6: the trust-policy form is a cleaned-up pattern (AWS's own example is worded differently), not a quotation.
    expect(implicit.text).toContain('AWS’s documentation gives this as a pattern, not word for word');
    expect(implicit.text).not.toContain('gives a longer form');
  });
});

describe('an inconclusive verdict says what is not known', () => {
  it('names the key the first unknown check could not read (a SAML attribute the form was not given)', () => {
    const request = {
      action: 'sts:AssumeRoleWithSAML',
      roleArn: 'arn:aws:iam::222222222222:role/OktaReadOnly',
      saml: { principalArn: 'arn:aws:iam::222222222222:saml-provider/Okta', attributesComplete: false },
    };
    const { html, text } = banner(demoSnapshot, request);
    expect(html).toContain('data-decision="inconclusive"');
    expect(text).toMatch(/could not be evaluated with the data at hand\..*SAML:aud/);
    expect(html).toContain('href="#check-trust-conditions"');
  });
});
