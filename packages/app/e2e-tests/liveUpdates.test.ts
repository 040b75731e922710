/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { expect, test } from '@playwright/test';
import { signInAs } from './demoSession';

test('a request and its decision show on the other user’s open page without a reload', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  // Two people, each in their own browser: Bob watches his inbox while
  // Alice files a request, then Alice watches her request while Bob decides.
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await signInAs(alice, 'Alice');
  await signInAs(bob, 'Bob');
  await bob.goto('/dr/approvals');
  const reason = `Live update check ${Date.now()}`;
  const bobsRequest = bob
    .locator('article[aria-labelledby^="dr-approval-"]')
    .filter({ hasText: reason });
  await expect(
    bob.getByRole('button', { name: 'Waiting for me', pressed: true }),
  ).toBeVisible();

  const formData = encodeURIComponent(
    JSON.stringify({ entityRef: 'resource:default/orders-db' }),
  );
  const backup = alice.getByRole('button', { name: /Backup/ });
  // The demo backend indexes its backups a few seconds after it starts.
  await expect(async () => {
    await alice.goto(
      `/create/templates/default/restore-to-staging?formData=${formData}`,
    );
    // The target comes first: the backups offered are those it can restore.
    await alice
      .getByRole('button', { name: /Restore target/ })
      .click({ timeout: 10_000 });
    await alice
      .getByRole('option', { name: /Orders staging database/ })
      .click();
    await backup.click({ timeout: 10_000 });
    await expect(alice.getByRole('option').first()).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000, intervals: [2_000, 5_000] });
  await alice.getByRole('option').first().click();
  await alice.getByRole('button', { name: 'Next' }).click();
  await alice.getByRole('textbox', { name: 'Reason' }).fill(reason);
  await alice.getByRole('button', { name: 'Review' }).click();
  await alice.getByRole('button', { name: 'Create' }).click();
  const requestLink = alice.getByRole('link', {
    name: 'Restore request (waiting for approval)',
  });
  await expect(requestLink).toBeVisible({ timeout: 60_000 });

  // Bob's inbox, open all along, shows the new request.
  await expect(bobsRequest).toBeVisible();
  await bob.screenshot({
    path: 'test-results/screenshots/approvals-inbox.png',
    fullPage: true,
  });

  await alice.goto(
    new URL((await requestLink.getAttribute('href'))!, 'http://localhost')
      .pathname,
  );
  const alicesRequest = alice.locator(
    'article[aria-labelledby^="dr-approval-"]',
  );
  await expect(alicesRequest).toContainText(reason);
  await expect(alicesRequest).toContainText('Pending');

  await bobsRequest.getByRole('button', { name: 'Reject' }).click();
  await bob
    .getByRole('textbox', { name: 'Comment' })
    .fill('Not this one, use tonight’s dump');
  await bob.getByRole('button', { name: 'Reject restore' }).click();
  // Gone from Bob's inbox, rejected on Alice's page: neither reloaded.
  await expect(bobsRequest).toHaveCount(0);
  await expect(alicesRequest).toContainText('Rejected');
  await expect(alicesRequest).toContainText('Not this one');
});
