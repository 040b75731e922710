/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { expectAfterIndexing, signInAs } from './demoSession';

/** Screenshots kept as test artifacts; the README's copies live in docs/screenshots. */
const SCREENSHOTS = 'test-results/screenshots';

test('a developer reads the DR tab of a healthy and of a breached service', async ({
  page,
}) => {
  await signInAs(page, 'Alice');

  await page.getByRole('link', { name: 'Orders service' }).click();
  const overviewCard = page.getByRole('region', { name: 'Disaster recovery' });
  const tabs = page.getByRole('navigation', { name: 'Content navigation' });
  await tabs.getByRole('link', { name: 'DR', exact: true }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/orders-service\/dr$/,
  );

  const rpo = page.getByRole('region', { name: 'RPO' });
  const rto = page.getByRole('region', { name: 'RTO' });
  await expectAfterIndexing(page, async () => {
    await expect(rpo).toContainText('Met', { timeout: 5_000 });
    await expect(rto).toContainText('Met', { timeout: 5_000 });
  });
  await expect(rpo).toContainText(/target 15 min · last good backup/);
  await expect(rto).toContainText(/target 1 h · measured 22 min/);

  const runbook = page.getByRole('region', {
    name: 'Restore orders-db from the newest good dump and replay WAL',
  });
  await expect(runbook).toBeVisible();
  await expect(
    runbook.getByText('kubectl -n orders scale deploy/orders-api --replicas=0'),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Backups' }).getByRole('row'),
  ).not.toHaveCount(0);
  await expect(
    page.getByRole('table', { name: 'Drill history' }),
  ).toContainText('Succeeded');
  await page.screenshot({ path: `${SCREENSHOTS}/dr-tab.png`, fullPage: true });

  await tabs.getByRole('link', { name: 'Overview', exact: true }).click();
  await expect(overviewCard).toContainText('Met');
  await overviewCard.screenshot({ path: `${SCREENSHOTS}/overview-card.png` });

  await page.goto('/catalog/default/component/catalog-service/dr');
  await expectAfterIndexing(page, async () => {
    await expect(page.getByRole('region', { name: 'RPO' })).toContainText(
      'Breached',
      { timeout: 5_000 },
    );
  });
  await expect(page.getByRole('main')).toContainText('Breach');
});

test('the platform team filters the audit and exports it as CSV', async ({
  page,
}) => {
  await signInAs(page, 'Bob');

  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'DR', exact: true })
    .click();
  const table = page.getByRole('table', { name: 'DR audit' });
  await expect(table).toBeVisible();

  await page.getByRole('button', { name: /^Breach: \d+/ }).click();
  await expect(page).toHaveURL(/[?&]overall=breach/);
  await expectAfterIndexing(page, async () => {
    await expect(
      table.getByRole('link', { name: 'Product catalog database' }),
    ).toBeVisible({ timeout: 5_000 });
  });
  const rows = table.locator('tbody tr');
  const shown = await rows.allInnerTexts();
  expect(shown.length).toBeGreaterThan(0);
  for (const row of shown) {
    expect(row).toContain('Breach');
  }
  const entities = table.locator('tbody tr td:first-child a');
  const shownEntities = await entities.allInnerTexts();
  // Owners show by their catalog titles once the catalog answers.
  await expect(table).toContainText('Catalog team');
  await page.screenshot({
    path: `${SCREENSHOTS}/audit-page.png`,
    fullPage: true,
  });

  // The URL alone reproduces the view.
  const url = page.url();
  await page.goto('/');
  await page.goto(url);
  await expect(entities).toHaveText(shownEntities);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    /^dr-audit-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const csv = (await readFile(await download.path(), 'utf8'))
    .trim()
    .split('\n');
  expect(csv[0]).toBe(
    'entityRef,kind,namespace,name,title,owner,tier,overall,rpoStatus,rpoTargetSeconds,rpoActualSeconds,lastSuccessfulBackupAt,rtoStatus,rtoTargetSeconds,rtoMeasuredSeconds,lastSuccessfulDrillAt,drillStatus,lastDrillAt,drillCadenceDays,scenariosBreached,problemCount,lastVerifiedRestorableBackupAt,verifiedRpoSeconds,drivenBy,drivenByHidden',
  );
  const records = csv.slice(1);
  expect(records).toHaveLength(shown.length);
  expect(records.some(r => r.startsWith('resource:default/catalog-db,'))).toBe(
    true,
  );
  for (const record of records) {
    expect(record.split(',')[7]).toBe('breach');
  }
});
