import { expect, type Locator, type Page } from '@playwright/test';
import { DiagnosisPage } from './diagnosis-page';

export class HomePage {
  readonly heading: Locator;
  readonly dataSource: Locator;
  readonly incidents: Locator;
  readonly pasteInput: Locator;
  readonly pasteSubmit: Locator;
  readonly requestForm: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.dataSource = page.getByTestId('data-source');
    this.incidents = page.getByTestId('incident');
    this.pasteInput = page.getByTestId('paste-input');
    this.pasteSubmit = page.getByTestId('paste-submit');
    this.requestForm = page.getByTestId('request-form');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.heading).toContainText('AssumeRole Doctor');
  }

  incident(eventId: string): Locator {
    return this.page.locator(`[data-testid="incident"][data-event-id="${eventId}"]`);
  }

  async diagnose(eventId: string): Promise<void> {
    await this.incident(eventId).getByTestId('diagnose-link').click();
    await this.page.waitForURL(/\/diagnose\?/);
  }

  /** From the home list to an incident's diagnosis, diagrams drawn. */
  async openIncident(eventId: string): Promise<DiagnosisPage> {
    await this.goto();
    await this.diagnose(eventId);
    const diagnosis = new DiagnosisPage(this.page);
    await diagnosis.waitForDiagrams();
    return diagnosis;
  }

  async paste(text: string): Promise<void> {
    await this.pasteInput.fill(text);
    await this.pasteSubmit.click();
  }

  async importFile(name: string, content: string): Promise<void> {
    await this.page.getByTestId('import-files').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
    await this.page.getByTestId('import-submit').click();
    await expect(this.page.getByTestId('import-note')).toBeVisible();
  }
}
