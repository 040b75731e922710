/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { chromium, type Browser, type Page } from 'playwright-core';
import { percentile, report } from '../report';
import { BENCH_ENTITY, generateDrTabData } from './drTabData';
import { startDrTabAppServer } from './drTabAppServer';

const SUITE = 'frontend';
const BACKUPS = 10_000;
const DRILLS = 500;
const RUNS = Number(process.env.DR_BENCH_FRONTEND_RUNS ?? 7);
const GOAL_MS = 1000;
const ROOT = resolvePackagePath('bench', '../..');
const DIST = path.join(ROOT, 'packages/app/dist');
/** Backups table rows on the first screen: its default page size. */
const FIRST_PAGE_ROWS = 10;

/** The flags of playwright.config.ts, for Debian's Chromium. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Installed in every page: records, as `window.__drFirstScreen`, the
 * `performance.now()` of the first frame showing the DR tab's first screen —
 * the RPO/RTO/drill cards, the backup timeline chart and a full first page
 * of the backups table — and exposes `window.__drClickTab()`, which clicks
 * the DR tab and resolves with the milliseconds until that frame.
 */
function installFirstScreenProbe(rows: number) {
  const w = window as any;
  const ready = () =>
    document.querySelector('[aria-labelledby="dr-glance-rpo"]') &&
    document.querySelector('[aria-labelledby="dr-glance-drills"]') &&
    document.querySelector('svg[aria-label="Backup timeline"]') &&
    document.querySelectorAll('table[aria-label="Backups"] tbody tr').length >=
      rows;
  const waitForFirstScreen = () =>
    new Promise<number>(resolve => {
      const done = () =>
        requestAnimationFrame(() => resolve(performance.now()));
      if (ready()) {
        done();
        return;
      }
      const observer = new MutationObserver(() => {
        if (ready()) {
          observer.disconnect();
          done();
        }
      });
      observer.observe(document, { subtree: true, childList: true });
    });
  waitForFirstScreen().then(at => {
    w.__drFirstScreen = at;
  });
  w.__drClickTab = () => {
    const tab = [...document.querySelectorAll('a')].find(
      a => a.textContent === 'DR' && a.closest('nav'),
    );
    if (!tab) throw new Error('No DR tab on the page');
    const start = performance.now();
    const first = waitForFirstScreen();
    tab.click();
    return first.then(at => at - start);
  };
  // The baseline: going back to the stock Overview tab (the About card).
  w.__drClickOverview = () => {
    const tab = [...document.querySelectorAll('a')].find(
      a => a.textContent === 'Overview' && a.closest('nav'),
    );
    if (!tab) throw new Error('No Overview tab on the page');
    const about = () =>
      [...document.querySelectorAll('h2, h3')].some(
        heading => heading.textContent === 'About',
      );
    const start = performance.now();
    tab.click();
    return new Promise<number>(resolve => {
      const poll = () =>
        about()
          ? requestAnimationFrame(() => resolve(performance.now() - start))
          : requestAnimationFrame(poll);
      poll();
    });
  };
}

async function newPage(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1440, height: 900 },
  });
  // Signed in as a demo user, as the demo sign-in page would leave it.
  await context.addInitScript(() =>
    window.localStorage.setItem('dr-demo-user', 'alice'),
  );
  await context.addInitScript(installFirstScreenProbe, FIRST_PAGE_ROWS);
  return context.newPage();
}

function ensureBuiltApp() {
  if (
    existsSync(path.join(DIST, 'index.html.tmpl')) &&
    !process.env.DR_BENCH_REBUILD
  ) {
    return;
  }
  process.stdout.write(
    'Building the app (packages/app/dist) for the frontend benchmark…\n',
  );
  const build = spawnSync('yarn', ['workspace', 'app', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    throw new Error(`yarn workspace app build failed with ${build.status}`);
  }
}

/**
 * How long the DR tab of an entity with 10,000 backups and 500 drills takes
 * to render its first screen in headless Chromium, against the 1 s goal.
 *
 * It serves the real built app with a fake backend answering from generated
 * data (posture, the timeline bucketed from the 10,000 backups, cursor pages
 * of backups and drills, the plan) and measures, over several fresh browser
 * sessions, two things: opening the DR tab from the entity's Overview tab
 * (the DR tab's own code loading and rendering), and loading the DR tab's
 * URL directly (the whole app starting as well).
 *
 * Environment: `DR_CHROMIUM` (default /usr/bin/chromium),
 * `DR_BENCH_FRONTEND_RUNS` (default 7), `DR_BENCH_REBUILD=1` to rebuild the app.
 */
export async function runDrTabRenderBench(): Promise<void> {
  ensureBuiltApp();
  const data = generateDrTabData({
    now: Date.now(),
    backupCount: BACKUPS,
    drillCount: DRILLS,
  });
  const server = await startDrTabAppServer({ distDir: DIST, data });
  const browser = await chromium.launch({
    executablePath: process.env.DR_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const entityPath = `/catalog/${BENCH_ENTITY.namespace}/${BENCH_ENTITY.kind}/${BENCH_ENTITY.name}`;
  const tabSwitch: number[] = [];
  const overviewSwitch: number[] = [];
  const directLoad: number[] = [];
  const overviewLoad: number[] = [];
  try {
    // One unmeasured pass warms the server and the OS file cache.
    for (let run = -1; run < RUNS; run++) {
      const page = await newPage(browser, server.baseUrl);
      await page.goto(entityPath);
      // The Overview tab, for comparison: the app starting and the entity page.
      const overview = await page
        .waitForFunction(
          () =>
            [...document.querySelectorAll('h2, h3')].some(
              heading => heading.textContent === 'About',
            ) && performance.now(),
          undefined,
          { timeout: 60_000 },
        )
        .then(handle => handle.jsonValue() as Promise<number>);
      await page.getByText('Disaster recovery').first().waitFor();
      const switched = await page.evaluate(() =>
        (window as any).__drClickTab(),
      );
      const back = await page.evaluate(() =>
        (window as any).__drClickOverview(),
      );
      await page.context().close();

      const direct = await newPage(browser, server.baseUrl);
      await direct.goto(`${entityPath}/dr`);
      const loaded = await direct
        .waitForFunction(() => (window as any).__drFirstScreen, undefined, {
          timeout: 60_000,
        })
        .then(handle => handle.jsonValue() as Promise<number>);
      await direct.context().close();

      if (run >= 0) {
        tabSwitch.push(switched);
        overviewSwitch.push(back);
        directLoad.push(loaded);
        overviewLoad.push(overview);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const note = `${BACKUPS} backups, ${DRILLS} drills, ${RUNS} fresh browser sessions`;
  report({
    suite: SUITE,
    name: 'DR tab first screen, opened from the Overview tab, p50',
    value: percentile(tabSwitch, 50),
    unit: 'ms',
    note,
    baseline: {
      name: 'back to the Overview tab',
      value: percentile(overviewSwitch, 50),
    },
  });
  report({
    suite: SUITE,
    name: 'DR tab first screen, opened from the Overview tab, p95',
    value: percentile(tabSwitch, 95),
    unit: 'ms',
    goal: GOAL_MS,
    baseline: {
      name: 'back to the Overview tab',
      value: percentile(overviewSwitch, 95),
    },
  });
  const overviewP50 = percentile(overviewLoad, 50);
  report({
    suite: SUITE,
    name: 'DR tab URL loaded directly (app start included), p50',
    value: percentile(directLoad, 50),
    unit: 'ms',
    baseline: { name: 'Overview tab URL loaded directly', value: overviewP50 },
  });
  report({
    suite: SUITE,
    name: 'DR tab URL loaded directly (app start included), p95',
    value: percentile(directLoad, 95),
    unit: 'ms',
    baseline: {
      name: 'Overview tab URL loaded directly',
      value: percentile(overviewLoad, 95),
    },
  });
}
