import type { Locator, Page } from '@playwright/test';
import { DiagnosisPage } from './diagnosis-page';

export class FrozenPage extends DiagnosisPage {
  readonly banner: Locator;
  readonly source: Locator;

  constructor(page: Page) {
    super(page);
    this.banner = page.getByTestId('frozen-banner');
    this.source = page.getByTestId('frozen-source');
  }
}
