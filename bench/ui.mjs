// `npm run bench:ui`: how fast the diagnosis page of a demo incident shows up in a real browser.
// Builds nothing: it starts `next start` on the production build already there (NEXT_DIST_DIR or
// .next), or measures a running server given with `--url http://host:port`.
//
// Per run (fresh browser context, so nothing is cached): LCP, and the time from navigation start
// until the decision tree's container says data-rendered="true". Median over the runs.
// First-load JS: the scripts the page's HTML loads before anything is lazily imported (Mermaid is
// only ever imported from an effect), gzip-compressed as a browser receives them.
//
// Targets: LCP < 1 s, diagram < 1.5 s, first-load JS < 250 KB compressed.
//   node bench/ui.mjs [--url URL] [--runs N] [--port P]

import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const TARGETS = { lcpMs: 1000, diagramMs: 1500, firstLoadKb: 250 };
function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const runs = Number(option('runs', process.env.BENCH_RUNS ?? 5));
const givenUrl = option('url', process.env.BENCH_URL);
const port = Number(option('port', 3190));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function waitForServer(url, child) {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (child && child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}; is there a production build? (npm run build)`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no server answered at ${url}`);
}

async function startServer() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assumerole-doctor-bench-'));
  const child = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, DOCTOR_SOURCE: 'demo', DOCTOR_DATA_DIR: dataDir, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForServer(`${base}/`, child);
  return {
    base,
    stop() {
      try {
        process.kill(-child.pid, 'SIGTERM'); // the process group started above, nothing else
      } catch {
        // already gone
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Records LCP candidates and the moment the decision tree is drawn, from the page's own clock. */
const INSTRUMENT = () => {
  window.__bench = { lcp: 0, diagramAt: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  const check = () => {
    if (!window.__bench.diagramAt && document.querySelector('[data-testid="decision-tree"][data-rendered="true"]')) {
      window.__bench.diagramAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-rendered'] });
};

async function firstLoadJs(base, diagnosisPath) {
  const html = await (await fetch(new URL(diagnosisPath, base))).text();
  const sources = new Set();
  for (const match of html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"/g)) sources.add(match[1]);
  for (const match of html.matchAll(/<link[^>]+rel="preload"[^>]+as="script"[^>]*href="([^"]+)"|<link[^>]+href="([^"]+\.js[^"]*)"[^>]+as="script"/g)) {
    sources.add(match[1] ?? match[2]);
  }
  let raw = 0;
  let gzip = 0;
  const files = [];
  for (const source of sources) {
    const body = Buffer.from(await (await fetch(new URL(source, base))).arrayBuffer());
    const compressed = gzipSync(body).length;
    raw += body.length;
    gzip += compressed;
    files.push({ source, kb: +(compressed / 1024).toFixed(1) });
  }
  return { files, rawKb: raw / 1024, gzipKb: gzip / 1024 };
}

async function main() {
  const server = givenUrl ? { base: givenUrl.replace(/\/$/, ''), stop() {} } : await startServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    // The newest demo incident on the home page: its Diagnose link is the page under test.
    const setup = await browser.newPage();
    await setup.goto(`${server.base}/`);
    const diagnosisPath = await setup.locator('[data-testid="diagnose-link"]').first().getAttribute('href');
    await setup.close();
    if (!diagnosisPath) throw new Error('the home page lists no incident to diagnose');

    // One warm-up so the server has compiled its caches; browser caches are fresh per run anyway.
    const warm = await browser.newContext();
    await (await warm.newPage()).goto(`${server.base}${diagnosisPath}`);
    await warm.close();

    const samples = [];
    for (let run = 0; run < runs; run += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript(INSTRUMENT);
      const page = await context.newPage();
      await page.goto(`${server.base}${diagnosisPath}`, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__bench.diagramAt > 0, null, { timeout: 30_000 });
      const sample = await page.evaluate(() => {
        const scripts = performance.getEntriesByType('resource').filter((entry) => entry.initiatorType === 'script' || entry.name.endsWith('.js'));
        return {
          lcpMs: window.__bench.lcp,
          diagramMs: window.__bench.diagramAt,
          jsOnWireKb: scripts.reduce((sum, entry) => sum + (entry.encodedBodySize || entry.transferSize || 0), 0) / 1024,
        };
      });
      samples.push(sample);
      console.log(`run ${run + 1}: LCP ${sample.lcpMs.toFixed(0)} ms, diagram ${sample.diagramMs.toFixed(0)} ms, all JS incl. Mermaid ${sample.jsOnWireKb.toFixed(0)} KB on the wire`);
      await context.close();
    }

    const firstLoad = await firstLoadJs(server.base, diagnosisPath);
    const result = {
      page: diagnosisPath.split('?')[0],
      runs,
      lcpMs: Math.round(median(samples.map((sample) => sample.lcpMs))),
      diagramMs: Math.round(median(samples.map((sample) => sample.diagramMs))),
      firstLoadJsKb: Math.round(firstLoad.gzipKb),
      firstLoadJsRawKb: Math.round(firstLoad.rawKb),
      firstLoadScripts: firstLoad.files.length,
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((value) => +value.toFixed(2)),
    };
    const verdict = (value, target, unit) => `${value} ${unit} (target < ${target} ${unit}) ${value < target ? 'OK' : 'OVER'}`;
    console.log('');
    console.log(`LCP (median of ${runs}):            ${verdict(result.lcpMs, TARGETS.lcpMs, 'ms')}`);
    console.log(`Diagram drawn (median of ${runs}):  ${verdict(result.diagramMs, TARGETS.diagramMs, 'ms')}`);
    console.log(`First-load JS before Mermaid:    ${verdict(result.firstLoadJsKb, TARGETS.firstLoadKb, 'KB gzip')} (${result.firstLoadJsRawKb} KB raw, ${result.firstLoadScripts} scripts)`);
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
