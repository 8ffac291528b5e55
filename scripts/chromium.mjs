// Debian's Chromium, never a downloaded browser, and the flags that keep it from reaching for the
// network (which this machine and CI do not have). Shared by playwright.config.ts and bench/ui.mjs.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
