import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { whoCanAssumeReport } from '@/lib/engine';
import { ROLE_ACCOUNT, roleArn, sameAccountWorld, trustStatement, userArn } from '@/lib/engine/checks/testing';
import { decodeRequest } from '@/lib/share';
import { WhoCanAssumeList } from './who-can-assume-list';

const carol = userArn('carol', ROLE_ACCOUNT);
const world = sameAccountWorld([
  trustStatement({ AWS: ROLE_ACCOUNT }),
  { Sid: '<img src=x onerror=alert(1)>', Effect: 'Deny', Principal: { AWS: carol }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringNotEquals: { 'aws:PrincipalAccount': ROLE_ACCOUNT } } },
]);

function render(): string {
  return renderToStaticMarkup(createElement(WhoCanAssumeList, { report: whoCanAssumeReport(world, roleArn('Deploy')) }));
}

describe('the who-can-assume list of the role page', () => {
  it('R-15: lists the principals of the data an account principal stands for, each with its verdict and a link to that diagnosis', () => {
    const html = render();
    // An account principal in its own account needs the caller's identity allow: carol, dave and Deploy's own sessions have none.
    expect(html).toMatch(/3 in this data, a plain call \(no tags, external id or MFA\): 3 denied/);
    expect(html).toContain(`data-decision="denied"`);
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1].replace(/&amp;/g, '&'));
    expect(hrefs).toHaveLength(3);
    const request = decodeRequest(new URLSearchParams(hrefs[0].split('?')[1]));
    expect(request).toMatchObject({ action: 'sts:AssumeRole', caller: carol, roleArn: roleArn('Deploy') });
  });

  it('R-01: shows whom the Deny statements refuse, with their conditions, and escapes hostile Sids', () => {
    const html = render();
    expect(html).toContain('Refused by a Deny statement');
    const denials = html.split('data-testid="trust-denial"').slice(1).map((part) => part.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
    expect(denials).toHaveLength(2);
    expect(denials[0]).toContain(carol);
    expect(denials[0]).toContain('aws:SecureTransport Bool false');
    expect(denials[1]).toContain('Statement 2');
    expect(denials[1]).toContain('everyone (*)');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
