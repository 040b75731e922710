/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { expect, test } from '@playwright/test';
import { signInAs } from './demoSession';

test('the Overview tab shows the DR scorecard from Tech Insights', async ({
  page,
}) => {
  await signInAs(page, 'Alice');
  await page.getByRole('link', { name: 'Orders service' }).click();

  const scorecard = page.getByRole('region', { name: 'DR scorecard' });
  const checks = scorecard
    .getByRole('list', { name: 'DR checks' })
    .getByRole('listitem');
  await expect(async () => {
    await page.reload();
    // Orders service meets its RPO once its backups are indexed (the DR
    // tab says "Met"); the scorecard shows it once Tech Insights retrieved
    // it, every 10 s in the browser tests (app-config.e2e.yaml).
    await expect(checks.first()).toContainText('RPO met', { timeout: 5_000 });
    await expect(checks.first()).toContainText('Passed', { timeout: 1_000 });
  }).toPass({ timeout: 60_000, intervals: [2_000, 5_000] });

  await expect(checks).toHaveCount(3);
  await expect(checks.nth(1)).toContainText('Drill current');
  await expect(checks.nth(2)).toContainText(
    'Restore tested in the last 30 days',
  );
  for (const check of await checks.all()) {
    await expect(check).toContainText(/Passed|Failed/);
  }
  await expect(scorecard).not.toContainText('not installed');
  await expect(scorecard).not.toContainText('Could not load');
});
