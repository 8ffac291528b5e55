import { expect, type Locator, type Page } from '@playwright/test';

/** Learn mode, as a learner sees it: the walkthrough list, a step, its diagrams and "Break it". */
export class LearnPage {
  constructor(readonly page: Page) {}

  async gotoIndex(): Promise<void> {
    await this.page.goto('/learn');
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText('Learn');
  }

  /** Every step link on the index, in order, as paths. */
  async stepPaths(): Promise<string[]> {
    const links = this.page.locator('[data-testid^="step-link-"]');
    return links.evaluateAll((anchors) => anchors.map((anchor) => new URL((anchor as HTMLAnchorElement).href).pathname));
  }

  async gotoStep(path: string): Promise<void> {
    await this.page.goto(path);
    await expect(this.page.getByTestId('learn-step')).toBeVisible();
  }

  /** The step's own diagrams (not the decision tree of "Break it"). */
  stepDiagrams(): Locator {
    return this.page.locator('[data-testid^="learn-diagram-"][data-rendered]');
  }

  async expectAllDiagramsRendered(): Promise<number> {
    const diagrams = this.page.locator('[data-rendered]');
    const count = await diagrams.count();
    for (let index = 0; index < count; index += 1) {
      await expect(diagrams.nth(index)).toHaveAttribute('data-rendered', 'true');
      await expect(diagrams.nth(index).locator('svg')).toHaveCount(1);
    }
    return count;
  }

  breakIt(): Locator {
    return this.page.getByTestId('break-it');
  }

  breakButtons(): Locator {
    return this.breakIt().locator('button[data-testid^="break-"]:not([data-testid="break-reset"])');
  }

  async breakIds(): Promise<string[]> {
    return this.breakButtons().evaluateAll((buttons) => buttons.map((button) => (button.getAttribute('data-testid') ?? '').replace(/^break-/, '')));
  }

  async clickBreak(id: string): Promise<void> {
    await this.page.getByTestId(`break-${id}`).click();
    await expect(this.page.getByTestId(`break-${id}`)).toHaveAttribute('aria-pressed', 'true');
  }

  async reset(): Promise<void> {
    await this.page.getByTestId('break-reset').click();
  }

  decision(): Locator {
    return this.page.getByTestId('learn-decision');
  }

  decisionTree(): Locator {
    return this.page.getByTestId('learn-decision-tree');
  }

  /** The decision-tree node of a check, drawn by Mermaid (node ids come from check ids). */
  treeNode(checkId: string): Locator {
    const nodeId = checkId.replace(/[^A-Za-z0-9]+/g, '_');
    return this.decisionTree().locator(`g.node[id*="flowchart-${nodeId}-"]`);
  }

  /** The node is inside the visible part of the box that scrolls the tree. */
  async expectNodeInView(checkId: string): Promise<void> {
    await expect
      .poll(() =>
        this.treeNode(checkId)
          .first()
          .evaluate((node) => {
            let box = node.parentElement;
            while (box && box.scrollHeight <= box.clientHeight + 1) box = box.parentElement;
            if (!box) return true;
            const visible = box.getBoundingClientRect();
            const drawn = node.getBoundingClientRect();
            return drawn.bottom > visible.top && drawn.top < visible.bottom;
          }),
      )
      .toBe(true);
  }

  async expectTreeDrawn(): Promise<void> {
    await expect(this.decisionTree()).toHaveAttribute('data-rendered', 'true');
  }
}
