import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '@/lib/demo';
import { SNAPSHOT_FORMAT, type Snapshot } from '@/lib/engine/types';
import { dataGaps } from '@/lib/ui/data-gaps';
import { DataGaps, DataGapsSummary } from './data-gaps';

function render(snapshot: Snapshot): string {
  return renderToStaticMarkup(createElement(DataGaps, { gaps: dataGaps(snapshot) }));
}

/** The text a reader sees, roughly: tags dropped, the entities React writes decoded. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('the "What could not be read" list of the data-source panel', () => {
  it('is absent when nothing is missing (the demo)', () => {
    expect(render(demoSnapshot)).toBe('');
  });

  it('says where, what, why and what it means, one item per gap', () => {
    const html = render({
      format: SNAPSHOT_FORMAT,
      accounts: [
        {
          accountId: '111111111111',
          authorizationDetails: {},
          unavailable: [{ part: 'cloudTrail:us-east-1', reason: 'access denied: not authorized', missingPermission: 'cloudtrail:LookupEvents' }],
        },
      ],
      organization: { unavailable: 'no account could read it' },
    });
    expect(html).toContain('data-testid="data-gaps"');
    expect(html).toContain('What could not be read (2)');
    const text = textOf(html);
    expect(text).toContain("organization: the organization's structure, SCPs and RCPs not read — no account could read it So SCPs, RCPs and aws:PrincipalOrgID are unknown.");
    expect(text).toContain(
      'account 111111111111, us-east-1: CloudTrail events in us-east-1 not read — access denied: not authorized (missing permission: cloudtrail:LookupEvents) So failed calls from this region may be missing from the list.',
    );
  });

  it('renders hostile reasons and part names as text, never as markup', () => {
    const html = render({
      format: SNAPSHOT_FORMAT,
      accounts: [{ accountId: '111111111111', authorizationDetails: {}, unavailable: [{ part: '<img src=x onerror=alert(1)>', reason: '<script>alert(2)</script>' }] }],
    });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('the roles page summary counts the gaps and links to the list on the home page, or is absent', () => {
    const gaps = dataGaps({ format: SNAPSHOT_FORMAT, accounts: [], unavailableAccounts: [{ accountId: '333333333333', reason: 'could not assume' }] });
    const html = renderToStaticMarkup(createElement(DataGapsSummary, { gaps }));
    expect(textOf(html)).toBe('1 part of this data could not be read, so roles, durations or findings may be missing or inconclusive: see what could not be read.');
    expect(html).toContain('href="/#data-gaps"');
    expect(renderToStaticMarkup(createElement(DataGapsSummary, { gaps: [] }))).toBe('');
  });
});
