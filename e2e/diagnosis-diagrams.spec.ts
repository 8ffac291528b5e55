import { expect, test, type Page } from '@playwright/test';
import { demoIncidents, demoSnapshot } from '../lib/demo';
import { decisionPath } from '../lib/diagram/path';
import { truncate } from '../lib/diagram/escape';
import { diagnose, parseRequest } from '../lib/engine';
import { decodeRequest } from '../lib/share';
import { requestForKind } from '../lib/ui/call-kind';
import { watchConsole } from './console';
import { DiagnosisPage } from './pages/diagnosis-page';
import { HomePage } from './pages/home-page';

// The reviewer's viewport: at 1366 px the diagrams share a row and the condition table its panel.
test.use({ viewport: { width: 1366, height: 900 } });

const githubIncident = demoIncidents.find((incident) => incident.slug === 'github-oidc-sub-mismatch')!;

/** The diagnosis the page shows, worked out here from its URL the way the server does. */
function diagnosisOf(url: string) {
  const request = parseRequest(requestForKind(decodeRequest(new URL(url).searchParams)));
  return diagnose(demoSnapshot, request, { now: new Date().toISOString() });
}

/** What a node's label must read: its question, then its reason as the flowchart cuts it. */
function expectedLabels(url: string): { id: string; text: string }[] {
  return decisionPath(diagnosisOf(url)).nodes.flatMap((node) => {
    if (node.reason === undefined) return [];
    const limit = node.nodeClass === 'fail' ? 180 : 90;
    const reason = truncate(node.reason.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim(), limit);
    return [{ id: node.id, text: `${node.question} ${reason}`.replace(/\s+/g, ' ') }];
  });
}

/** Every node label of the decision tree: its text and whether any of it lies outside its box. */
async function treeLabels(page: Page) {
  return page.getByTestId('decision-tree').evaluate((container) =>
    [...container.querySelectorAll('svg g.node')].map((node) => {
      const box = node.querySelector('foreignObject');
      const label = box?.firstElementChild as HTMLElement | null | undefined;
      if (!box || !label) return { id: node.id, text: node.textContent ?? '', clipped: 'no HTML label', overflow: 0 };
      const outer = box.getBoundingClientRect();
      const inner = label.getBoundingClientRect();
      // The label (and each of its lines) must lie inside the foreignObject, which clips it.
      const overflow = Math.max(
        inner.bottom - outer.bottom,
        outer.top - inner.top,
        inner.right - outer.right,
        outer.left - inner.left,
        label.scrollHeight - label.clientHeight,
        label.scrollWidth - label.clientWidth,
      );
      return { id: node.id, text: (label.innerText ?? '').replace(/\s+/g, ' ').trim(), clipped: overflow > 1 ? `overflows by ${overflow}px` : '', overflow };
    }),
  );
}

test('every decision-tree label on a diagnosis page is shown whole: none is cut off by its box', async ({ page }) => {
  const errors = watchConsole(page);
  const home = new HomePage(page);
  await home.goto();
  const hrefs = await Promise.all(
    demoIncidents.map(async (incident) => (await home.incident(incident.eventID).getByTestId('diagnose-link').first().getAttribute('href')) ?? ''),
  );
  let checkedReasons = 0;
  for (const [index, incident] of demoIncidents.entries()) {
    await page.goto(hrefs[index]);
    const diagnosis = new DiagnosisPage(page);
    await diagnosis.waitForDiagrams();
    const labels = await treeLabels(page);
    expect(labels.length, incident.slug).toBeGreaterThan(5);
    for (const label of labels) expect(label.clipped, `${incident.slug}: node ${label.id} "${label.text}"`).toBe('');
    // The text drawn is the whole text the diagnosis gives the node (not a prefix of it).
    for (const expected of expectedLabels(page.url())) {
      const drawn = labels.find((label) => label.id.includes(`-flowchart-${expected.id}-`));
      expect(drawn, `${incident.slug}: node ${expected.id}`).toBeDefined();
      expect(drawn!.text, `${incident.slug}: node ${expected.id}`).toBe(expected.text);
      checkedReasons++;
    }
  }
  expect(checkedReasons).toBeGreaterThan(demoIncidents.length);
  expect(errors).toEqual([]);
});

test('the failing node of the GitHub OIDC incident reads to its end, both values included', async ({ page }) => {
  const diagnosis = await new HomePage(page).openIncident(githubIncident.eventID);
  const node = diagnosis.treeNode('trust-conditions');
  await expect(node).toHaveClass(/\bfail\b/);
  const expected = expectedLabels(page.url()).find((label) => label.id === 'trust_conditions')!;
  expect(expected.text).toContain("'repo:acme/api:pull_request'");
  const labels = await treeLabels(page);
  const drawn = labels.find((label) => label.id.includes('-flowchart-trust_conditions-'))!;
  expect(drawn.text).toBe(expected.text);
  expect(drawn.clipped).toBe('');
  await node.scrollIntoViewIfNeeded();
  await page.getByTestId('decision-tree-scroll').screenshot({ path: test.info().outputPath('decision-tree-github.png') });
});

test('the sequence diagram is drawn at a readable size, scrolls sideways from the keyboard, and fits on request', async ({ page }) => {
  const errors = watchConsole(page);
  const diagnosis = await new HomePage(page).openIncident(githubIncident.eventID);
  const sequence = diagnosis.sequence;
  const scroll = page.getByTestId('sequence-diagram-scroll');
  /** The smallest message text on screen, in CSS pixels (font size × the SVG's scale). */
  const smallestText = () =>
    sequence.evaluate((container) => {
      const svg = container.querySelector('svg')!;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const sizes = [...svg.querySelectorAll('text')].map((text) => parseFloat(getComputedStyle(text).fontSize) * scale);
      return { scale, smallest: Math.min(...sizes), count: sizes.length };
    });

  const natural = await smallestText();
  expect(natural.count).toBeGreaterThan(5);
  expect(natural.scale).toBeGreaterThan(0.99);
  expect(natural.smallest).toBeGreaterThanOrEqual(12);
  // Wider than its box: the box scrolls sideways, and is a focusable region keyboard users can scroll.
  const box = await scroll.evaluate((element) => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth, tabIndex: element.tabIndex, overflowX: getComputedStyle(element).overflowX }));
  expect(box.scrollWidth).toBeGreaterThan(box.clientWidth);
  expect(box.tabIndex).toBe(0);
  expect(box.overflowX).toBe('auto');
  await scroll.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('End');
  await expect.poll(() => scroll.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
  await scroll.screenshot({ path: test.info().outputPath('sequence-natural.png') });

  // 'Fit to width' shows it whole (small), and toggles back.
  const fit = page.getByTestId('sequence-diagram-fit');
  await expect(fit).toHaveAttribute('aria-pressed', 'false');
  await fit.click();
  await expect(fit).toHaveAttribute('aria-pressed', 'true');
  expect((await smallestText()).scale).toBeLessThan(0.9);
  await expect.poll(() => scroll.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true);
  await fit.click();
  expect((await smallestText()).scale).toBeGreaterThan(0.99);
  expect(errors).toEqual([]);
});

test('the conditions table keeps its headers and values whole at 1366 px', async ({ page }) => {
  const diagnosis = await new HomePage(page).openIncident(githubIncident.eventID);
  const table = diagnosis.check('trust-conditions').getByTestId('condition-table').first();
  await table.scrollIntoViewIfNeeded();
  const layout = await table.evaluate((element) => {
    const lines = (node: Element) => {
      const style = getComputedStyle(node);
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
      const content = node.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      return Math.round(content / lineHeight);
    };
    return {
      headers: [...element.querySelectorAll('th')].map((th) => ({ text: th.textContent, lines: lines(th) })),
      values: [...element.querySelectorAll('td code')].map((code) => ({ text: code.textContent ?? '', lines: code.getClientRects().length })),
    };
  });
  for (const header of layout.headers) expect(header.lines, `header ${header.text}`).toBe(1);
  const audience = layout.values.find((value) => value.text === 'sts.amazonaws.com');
  expect(audience, 'the aud value is shown').toBeDefined();
  expect(audience!.lines).toBe(1);
  await table.screenshot({ path: test.info().outputPath('condition-table.png') });
});

test.describe('the README picture', () => {
  test.use({ viewport: { width: 1280, height: 1400 } });

  test('the diagrams of the GitHub OIDC incident, as docs/screenshot-tree.png shows them', async ({ page }) => {
    await new HomePage(page).openIncident(githubIncident.eventID);
    // The page from the top of the decision tree down (copied to docs/ by hand when it changes).
    await page.getByTestId('decision-tree-scroll').evaluate((box) => window.scrollTo(0, box.closest('figure')!.getBoundingClientRect().top + window.scrollY - 8));
    const labels = await treeLabels(page);
    for (const label of labels) expect(label.clipped, label.text).toBe('');
    await page.screenshot({ path: test.info().outputPath('screenshot-tree.png') });
  });
});
