import { expect, type Locator, type Page } from '@playwright/test';

/** Mermaid node id for a check id, as the diagram module writes it (`trust-conditions` → `trust_conditions`). */
export function nodeIdOf(checkId: string): string {
  return checkId.replace(/[^A-Za-z0-9]+/g, '_');
}

export class DiagnosisPage {
  readonly verdict: Locator;
  readonly decision: Locator;
  readonly awsError: Locator;
  readonly tree: Locator;
  readonly sequence: Locator;
  readonly fixes: Locator;
  readonly copyLink: Locator;
  readonly freeze: Locator;
  readonly redact: Locator;

  constructor(readonly page: Page) {
    this.verdict = page.getByTestId('verdict');
    this.decision = page.getByTestId('decision');
    this.awsError = page.getByTestId('aws-error');
    this.tree = page.getByTestId('decision-tree');
    this.sequence = page.getByTestId('sequence-diagram');
    this.fixes = page.getByTestId('fix');
    this.copyLink = page.getByTestId('copy-link');
    this.freeze = page.getByTestId('freeze');
    this.redact = page.getByTestId('freeze-redact');
  }

  async waitForDiagrams(): Promise<void> {
    await expect(this.tree).toHaveAttribute('data-rendered', 'true');
    await expect(this.sequence).toHaveAttribute('data-rendered', 'true');
  }

  /** The rendered SVG node of a check in the decision tree (Mermaid ids it `<svg id>-flowchart-<node>-<n>`). */
  treeNode(checkId: string): Locator {
    return this.tree.locator(`svg g.node[id*="-flowchart-${nodeIdOf(checkId)}-"]`);
  }

  /** Check nodes drawn as failing (the AWS error box at the end of the path is not a check). */
  failingCheckNodes(): Locator {
    return this.tree.locator('svg g.node.fail:not([id*="-flowchart-aws_error-"])');
  }

  whatIf(control: 'mfa' | 'source-ip' | 'external-id' | 'session-name' | 'duration' | 'tags' | 'sub'): Locator {
    return this.page.getByTestId(`what-if-${control}`);
  }

  async freezeAndOpen(options: { redact?: boolean } = {}): Promise<string> {
    if (options.redact) await this.redact.check();
    await this.freeze.click();
    await this.page.waitForURL(/\/d\/[A-Za-z0-9_-]{22}$/);
    return this.page.url();
  }

  check(checkId: string): Locator {
    return this.page.getByTestId(`check-${checkId}`);
  }

  async expectFailingAt(checkIds: string[]): Promise<void> {
    for (const checkId of checkIds) {
      await expect(this.treeNode(checkId)).toHaveClass(/\bfail\b/);
      await expect(this.check(checkId)).toHaveAttribute('data-status', 'fail');
    }
  }
}
