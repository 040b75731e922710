/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { expect, test } from '@playwright/test';
import { signInAs } from './demoSession';

test('a newcomer signs in as a demo user and finds the demo services', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in as Alice' }).click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Orders service' }),
  ).toBeVisible();
});

test('the template list offers the DR templates, not the execution template the backend starts', async ({
  page,
}) => {
  await signInAs(page, 'Alice');
  await page.goto('/create/templates');

  await expect(
    page.getByRole('heading', { name: 'Restore to staging' }),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Run a DR drill' }),
  ).toBeVisible();
  await expect(page.getByText(/DR restore execution/)).toHaveCount(0);
});
