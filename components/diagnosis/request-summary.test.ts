import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AssumeRoleRequest } from '@/lib/engine/types';
import { mfaInWords, RequestSummary } from './request-summary';

function text(request: AssumeRoleRequest): string {
  return renderToStaticMarkup(createElement(RequestSummary, { request })).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('the request summary', () => {
  it('says MFA in words, never a bare "true"', () => {
    expect(mfaInWords('true')).toBe('yes, signed in with MFA');
    expect(mfaInWords('FALSE')).toBe('no MFA');
    expect(mfaInWords(undefined)).toBeUndefined();
    const shown = text({ action: 'sts:AssumeRole', roleArn: 'arn:aws:iam::1:role/x', caller: 'arn:aws:iam::1:user/a', context: { 'aws:MultiFactorAuthPresent': 'true' } });
    expect(shown).toContain('MFA yes, signed in with MFA');
    expect(shown).not.toMatch(/MFA true/);
  });
});
