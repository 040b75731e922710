/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAfterIndexing, signInAs } from './demoSession';

// A careful user's walk through every screen of the demo (issue 14 §6).

async function openAudit(page: Page): Promise<Locator> {
  await page.goto('/dr');
  const table = page.getByRole('table', { name: 'DR audit' });
  await expectAfterIndexing(page, async () => {
    await expect(
      table.getByRole('link', { name: 'Product catalog database' }),
    ).toBeVisible({ timeout: 5_000 });
  });
  return table;
}

/** The "1–8 of 8" of the audit's pagination, as the number of rows. */
async function auditRowCount(page: Page): Promise<number> {
  const text = await page.getByText(/^\d+[-–]\d+ of \d+$/).innerText();
  return Number(text.split(' of ')[1]);
}

test('the audit counts what it lists, and offers only filters that can match', async ({
  page,
}) => {
  await signInAs(page, 'Bob');
  await openAudit(page);

  // The status tiles add up to the rows the table has, and say "of" that.
  const rows = await auditRowCount(page);
  let tiles = 0;
  for (const label of ['OK', 'At risk', 'Breach', 'No objectives']) {
    const tile = page.getByRole('button', { name: new RegExp(`^${label}: `) });
    tiles += Number(
      (await tile.getAttribute('aria-label'))!.match(/: (\d+)\./)![1],
    );
    await expect(tile).toContainText(`of ${rows}`);
  }
  expect(tiles).toBe(rows);

  // Every listed entity has a DR tab to link to: none lacks objectives.
  await page.getByRole('button', { name: /^No objectives: 0\./ }).click();
  await expect(
    page.getByText('No entity matches these filters.'),
  ).toBeVisible();
  await page.getByRole('button', { name: /^No objectives: 0\./ }).click();

  // The Kind filter offers only kinds the audit covers.
  await page.getByRole('textbox', { name: 'Kind' }).click();
  const kinds = await page.getByRole('option').allInnerTexts();
  expect(kinds.length).toBeGreaterThan(0);
  for (const kind of kinds) {
    expect(['Component', 'Resource', 'System']).toContain(kind);
  }
  await page.keyboard.press('Escape');

  // The footer says what its time is: when a catalog change last arrived.
  await expect(
    page.getByText(/^Last catalog change picked up (just now|.* ago)\.$/),
  ).toBeVisible();
});

test('the audit sorts by what it shows, in the direction of the arrows', async ({
  page,
}) => {
  await signInAs(page, 'Bob');
  const table = await openAudit(page);
  const names = () =>
    table.locator('tbody tr td:first-child a').allInnerTexts();
  const header = (name: string) =>
    table.getByRole('columnheader', { name, exact: true });

  // Entity: by the title shown, A to Z.
  const shown = await names();
  expect(shown).toEqual(
    [...shown].sort((a, b) =>
      a.localeCompare(b, 'en', { sensitivity: 'base' }),
    ),
  );

  // RPO ascending (arrow up): met first; descending: breached first.
  await header('RPO').getByRole('button').click();
  await expect(header('RPO')).toHaveAttribute('aria-sort', 'ascending');
  const rpoCells = table.locator('tbody tr td:nth-child(5)');
  await expect(rpoCells.first()).toContainText('Met');
  await expect(rpoCells.last()).toContainText('Breached');
  await header('RPO').getByRole('button').click();
  await expect(header('RPO')).toHaveAttribute('aria-sort', 'descending');
  await expect(rpoCells.first()).toContainText('Breached');
  await expect(rpoCells.last()).toContainText('Met');

  // Owner: by the owner's name shown (its link), A to Z and back; the
  // owner's title is shown below it.
  const owners = table.locator('tbody tr td:nth-child(2) a');
  const ownersSorted = async (order: 'ascending' | 'descending') => {
    await header('Owner').getByRole('button').click();
    await expect(header('Owner')).toHaveAttribute('aria-sort', order);
    await expect(async () => {
      const shownOwners = await owners.allInnerTexts();
      const sorted = [...shownOwners].sort();
      expect(new Set(shownOwners).size).toBeGreaterThan(1);
      expect(shownOwners).toEqual(
        order === 'ascending' ? sorted : sorted.reverse(),
      );
    }).toPass({ timeout: 10_000 });
  };
  await ownersSorted('ascending');
  await ownersSorted('descending');
  await expect(table).toContainText('Catalog team');
});

test('the catalog is at /catalog, and the sidebar labels are not cut', async ({
  page,
}) => {
  await signInAs(page, 'Alice');
  await page.goto('/catalog');
  await expect(
    page.getByRole('link', { name: 'Orders service' }),
  ).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  const dr = nav.getByRole('link', { name: 'DR', exact: true });
  await expect(dr).toBeVisible();
  // No label is cut off with an ellipsis.
  const cut = await nav
    .locator('a span')
    .evaluateAll(spans =>
      spans
        .filter(span => span.scrollWidth > span.clientWidth + 1)
        .map(span => span.textContent),
    );
  expect(cut).toEqual([]);
  await dr.click();
  await expect(page).toHaveURL(/\/dr$/);
});

test('a system’s DR tab shows its parts, worst first', async ({ page }) => {
  await signInAs(page, 'Alice');
  await page.goto('/catalog/default/system/shop/dr');
  const parts = page.getByRole('table', { name: 'Parts of this system' });
  await expectAfterIndexing(page, async () => {
    await expect(
      parts.getByRole('link', { name: 'Product catalog database' }),
    ).toBeVisible({ timeout: 5_000 });
  });
  const overall = await parts
    .locator('tbody tr td:nth-child(2)')
    .allInnerTexts();
  expect(overall[0]).toBe('Breach');
  const rank = ['Breach', 'At risk', 'OK', 'No objectives'];
  expect(overall).toEqual(
    [...overall].sort((a, b) => rank.indexOf(a) - rank.indexOf(b)),
  );
  // A system without objectives of its own is judged by its parts, not
  // with a drill it could never have had.
  await expect(page.getByText('Never drilled')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'RPO' })).toHaveCount(0);
  await page.screenshot({
    path: 'test-results/screenshots/system-tab.png',
    fullPage: true,
  });
});

test('one way of writing durations on a page: the headline and the timeline agree', async ({
  page,
}) => {
  await signInAs(page, 'Alice');
  await page.goto('/catalog/default/resource/catalog-db/dr');
  const rpo = page.getByRole('region', { name: 'RPO' });
  await expectAfterIndexing(page, async () => {
    await expect(rpo).toContainText('Breached', { timeout: 5_000 });
  });
  // The demo's catalog backups stopped between three and four days ago.
  const age = (await rpo.innerText()).match(/last good backup (\d+ d) ago/)![1];
  await expect(page.getByRole('main')).not.toContainText(/\d+ d \d+ h/);
  await expect(
    page.getByText(new RegExp(`no good backup for ${age}`)),
  ).toBeVisible();
});

test('the restore templates use the current form of option labels', async ({
  page,
}) => {
  const deprecations: string[] = [];
  page.on('console', message => {
    if (message.text().includes('enumNames')) deprecations.push(message.text());
  });
  await signInAs(page, 'Alice');
  const formData = encodeURIComponent(
    JSON.stringify({ entityRef: 'resource:default/orders-db' }),
  );
  await page.goto(
    `/create/templates/default/restore-to-staging?formData=${formData}`,
  );
  const backup = page.getByRole('button', { name: /Backup/ });
  await expect(async () => {
    await page.reload();
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
  const name = (await newest.locator('span').first().innerText()).trim();
  await newest.click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByRole('textbox', { name: 'Reason' })
    .fill('Look at the review');
  await page.getByRole('button', { name: 'Review' }).click();

  // The review names the target by its title and the backup by its name,
  // time and size, not by their ids.
  const review = page.getByRole('table');
  await expect(
    review.getByRole('row').filter({ hasText: 'Restore target' }),
  ).toContainText('Orders staging database');
  await expect(review).not.toContainText('orders-staging');
  await expect(review).toContainText(name);
  await expect(review).toContainText(/\d+(\.\d)? (B|kB|MB|GB)/);
  await expect(review).not.toContainText(/[0-9a-f]{32}/);
  expect(deprecations).toEqual([]);
});
