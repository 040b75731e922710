/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { expect, test } from '@playwright/test';
import { signInAs } from './demoSession';

const SCREENSHOTS = 'test-results/screenshots';

test('the demo restore test proves the newest orders backup restorable and the RTO trend shows it', async ({
  page,
}) => {
  // The run starts with the backend: index, restore, check, drop.
  test.setTimeout(240_000);
  await signInAs(page, 'Alice');
  await page.goto('/catalog/default/resource/orders-db/dr');

  // The demo plan orders-nightly (every 30 s in app-config.e2e.yaml)
  // restores the newest dump into the orders_restore_test sandbox, checks
  // it and drops it again.
  const rpo = page.getByRole('region', { name: 'RPO' });
  await expect(async () => {
    await page.reload();
    await expect(rpo).toContainText(
      /Restore test orders-nightly: last ran [^,]+, succeeded/,
      { timeout: 20_000 },
    );
  }).toPass({ timeout: 150_000, intervals: [5_000] });
  // The newest verification may be the plan's or a human restore's (the
  // restore test of restore.test.ts verifies the same dump when run first).
  await expect(rpo).toContainText(
    /Verified RPO .* verified [^.]+ by (restore-test plan orders-nightly|a drill)/,
  );

  const chart = page.getByRole('img', {
    name: 'Measured RTO per scenario over time',
  });
  await expect(chart).toBeVisible();
  await expect(chart.locator('circle')).not.toHaveCount(0);
  await expect(
    page.getByText(/database-corruption: \d+ verified drills?/),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Drill history' }),
  ).toContainText('Restore test (orders-nightly)');

  // Only the backups a verified restore brought back, badged.
  await page.getByLabel('Show').click();
  await page.getByRole('option', { name: 'Verified restorable' }).click();
  await expect(
    page.getByRole('table', { name: 'Backups' }).getByRole('row').nth(1),
  ).toContainText(/Verified restorable/);
  await page.screenshot({
    path: `${SCREENSHOTS}/restore-tests.png`,
    fullPage: true,
  });
});
