/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { expect, type Page } from '@playwright/test';

/** Must match packages/app/src/modules/signIn/DemoSignInPage.tsx. */
const DEMO_USER_KEY = 'dr-demo-user';

export async function signInAs(page: Page, name: 'Alice' | 'Bob') {
  await page.goto('/');
  // Forget whoever signed in before, so the demo sign-in page asks again.
  await page.evaluate(
    key => window.localStorage.removeItem(key),
    DEMO_USER_KEY,
  );
  await page.reload();
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/**
 * The demo backend indexes backups and records drills a few seconds after it
 * starts; reload until the posture shows what the demo data makes of it.
 */
export async function expectAfterIndexing(
  page: Page,
  check: () => Promise<void>,
) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 90_000, intervals: [2_000, 5_000] });
}
