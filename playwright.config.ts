import { defineConfig, devices } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

const port = Number(process.env.E2E_PORT || 3100);
// The end-to-end run gets its own store, so it never touches ./data and always starts from the demo.
const dataDir = process.env.E2E_DATA_DIR || path.join(os.tmpdir(), `assumerole-doctor-e2e-${port}`);

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } }],
  webServer: [
    {
      // The production build, as users run it (scripts/test-all.sh builds first).
      command: `npx next start -H 127.0.0.1 -p ${port}`,
      url: `http://127.0.0.1:${port}/`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: { DOCTOR_DATA_DIR: dataDir, DOCTOR_SOURCE: 'demo', NODE_ENV: 'production' },
    },
    {
      // The same build taking imports (DOCTOR_SOURCE=auto; the tests never ask it to refresh, so
      // it pulls nothing), with a store of its own: a demo server refuses an upload before reading
      // it, so only a server that takes imports shows how an upload's bytes reach the route
      // (e2e/http-limits).
      command: `npx next start -H 127.0.0.1 -p ${port + 1}`,
      url: `http://127.0.0.1:${port + 1}/`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: { DOCTOR_DATA_DIR: `${dataDir}-imports`, DOCTOR_SOURCE: 'auto', NODE_ENV: 'production' },
    },
  ],
});
