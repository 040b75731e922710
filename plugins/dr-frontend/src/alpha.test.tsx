/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { entityNamed, ordersEntity } from './__testUtils__/fixtures';
import drPlugin from './alpha';
import { drOverviewCard, drScorecardCard } from './alpha/entityCards';
import { drEntityContent } from './alpha/entityContents';
import { backupPickerFormField } from './alpha/formFields';
import { drPage } from './alpha/pages';

const withoutDr = entityNamed('storefront');
withoutDr.metadata.annotations = { 'backstage.io/techdocs-ref': 'dir:.' };

describe('the new-frontend-system plugin', () => {
  it('has the id dr and brings every extension', () => {
    expect(drPlugin.id).toBe('dr');
    expect(drPlugin.getExtension('entity-content:dr')).toBeDefined();
    expect(drPlugin.getExtension('entity-card:dr/overview')).toBeDefined();
    expect(drPlugin.getExtension('entity-card:dr/scorecard')).toBeDefined();
    expect(drPlugin.getExtension('page:dr')).toBeDefined();
    expect(drPlugin.getExtension('api:dr')).toBeDefined();
    expect(
      drPlugin.getExtension('scaffolder-form-field:dr/backup-picker'),
    ).toBeDefined();
  });

  it('adds the DR tab at dr, only on entities with DR annotations', () => {
    const tester = createExtensionTester(drEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('dr');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('DR');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(ordersEntity)).toBe(true);
    expect(filter(withoutDr)).toBe(false);
  });

  it('adds the overview card beside the About card, only on entities with DR annotations', () => {
    const tester = createExtensionTester(drOverviewCard);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(ordersEntity)).toBe(true);
    expect(filter(withoutDr)).toBe(false);
  });

  it('adds the DR scorecard card, only on entities with DR annotations', () => {
    const tester = createExtensionTester(drScorecardCard);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(ordersEntity)).toBe(true);
    expect(filter(withoutDr)).toBe(false);
  });

  it('serves the audit at /dr, titled for the nav item', () => {
    const tester = createExtensionTester(drPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/dr');
    expect(tester.get(coreExtensionData.title)).toBe('DR');
  });

  it('registers the BackupPicker field with the scaffolder', async () => {
    const tester = createExtensionTester(backupPickerFormField);
    const field = await tester.get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    )();
    expect(field).toMatchObject({ $$type: '@backstage/scaffolder/FormField' });
  });
});
