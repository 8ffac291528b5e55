import { expect, type Locator, type Page } from '@playwright/test';

export class RolePage {
  readonly heading: Locator;
  readonly graph: Locator;
  readonly findings: Locator;
  readonly trustPolicy: Locator;
  readonly events: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.graph = page.getByTestId('who-can-assume');
    this.findings = page.getByTestId('finding');
    this.trustPolicy = page.getByTestId('trust-policy');
    this.events = page.getByTestId('role-event');
  }

  async goto(account: string, name: string): Promise<void> {
    await this.page.goto(`/roles/${account}/${encodeURIComponent(name)}`);
    await expect(this.heading).toContainText(name);
  }
}

export class RoleListPage {
  readonly search: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByRole('searchbox', { name: /search roles/i });
    this.rows = page.getByTestId('role-row');
  }

  async goto(query?: string): Promise<void> {
    await this.page.goto(query ? `/roles?q=${encodeURIComponent(query)}` : '/roles');
  }
}
