/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { expect, test } from '@playwright/test';
import { Client } from 'pg';
import { signInAs } from './demoSession';

/** The demo's orders-staging restore target: the local PostgreSQL (app-config.yaml). */
async function stagingOrders(): Promise<number> {
  const client = new Client({
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database: 'orders_staging',
  });
  await client.connect();
  try {
    return Number(
      (await client.query('SELECT count(*) FROM orders')).rows[0].count,
    );
  } finally {
    await client.end();
  }
}

test('Alice requests a restore to staging, Bob approves it, it runs and is recorded as a drill', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAs(page, 'Alice');

  const formData = encodeURIComponent(
    JSON.stringify({ entityRef: 'resource:default/orders-db' }),
  );
  const backup = page.getByRole('button', { name: /Backup/ });
  // The demo backend indexes its backups a few seconds after it starts.
  await expect(async () => {
    await page.goto(
      `/create/templates/default/restore-to-staging?formData=${formData}`,
    );
    // Only the targets that accept orders-db are offered, none preselected.
    await page
      .getByRole('button', { name: /Restore target/ })
      .click({ timeout: 10_000 });
    await page.getByRole('option', { name: /Orders staging database/ }).click();
    await backup.click({ timeout: 10_000 });
    await expect(page.getByRole('option').first()).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000, intervals: [2_000, 5_000] });
  const newest = page.getByRole('option').first();
  await expect(newest).toContainText(/orders_full_.*\.sql\.gz/);
  await newest.click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByRole('textbox', { name: 'Reason' })
    .fill('Check last night’s dump restores');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  const requestLink = page.getByRole('link', {
    name: 'Restore request (waiting for approval)',
  });
  await expect(requestLink).toBeVisible({ timeout: 60_000 });
  const approvalPath = new URL(
    (await requestLink.getAttribute('href'))!,
    'http://localhost',
  ).pathname;
  expect(approvalPath).toMatch(/^\/dr\/approvals\/[0-9a-f-]{36}$/);

  // Four eyes: the requester sees the request but cannot approve it.
  await page.goto(approvalPath);
  await expect(page.locator('article[aria-labelledby^="dr-approval-"]')).toContainText(
    'Check last night’s dump restores',
  );
  await expect(page.getByRole('button', { name: 'Approve' })).toBeDisabled();
  await expect(page.getByText('This is your own request')).toBeVisible();
  await expect(page.getByText(/Who can decide:/)).toBeVisible();

  await signInAs(page, 'Bob');
  await page.goto('/dr/approvals');
  const request = page
    .locator('article[aria-labelledby^="dr-approval-"]')
    .filter({ hasText: 'Check last night’s dump restores' });
  await request.getByRole('button', { name: 'Approve' }).click();
  await page
    .getByRole('textbox', { name: 'Comment' })
    .fill('Dump and target look right');
  await page.getByRole('button', { name: 'Approve restore' }).click();

  await page.goto(approvalPath);
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('status')).toContainText(
      'The restore succeeded',
      { timeout: 5_000 },
    );
  }).toPass({ timeout: 120_000, intervals: [2_000, 5_000] });
  await expect(page.getByRole('status')).toContainText(
    /Restored and verified in .* from a backup .* old/,
  );
  expect(await stagingOrders()).toBeGreaterThan(0);

  await page.goto('/catalog/default/resource/orders-db/dr');
  await expect(
    page.getByRole('table', { name: 'Drill history' }),
  ).toContainText('restore-test');
});
