/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { DrApi } from '@dr-suite/backstage-plugin-dr-common';
import yaml from 'yaml';
import { DrBackendAccess } from '../DrBackendAccess';

/** The real DrBackendAccess, with its API calls and tokens as jest mocks. */
export function mockAccess(api: Partial<jest.Mocked<DrApi>> = {}) {
  const access = new DrBackendAccess({
    auth: mockServices.auth(),
    discovery: mockServices.discovery(),
  });
  Object.assign(access, { api });
  jest.spyOn(access, 'tokenOnBehalfOf').mockResolvedValue('token-for-user');
  jest.spyOn(access, 'executorToken').mockResolvedValue('token-for-scaffolder');
  return access as DrBackendAccess & {
    api: jest.Mocked<DrApi>;
    tokenOnBehalfOf: jest.Mock;
    executorToken: jest.Mock;
  };
}

/** Every YAML example of an action calls that action with inputs its schema knows. */
export function expectExamplesMatchSchema(
  action: TemplateAction<any, any, any>,
) {
  expect(action.examples?.length).toBeGreaterThan(0);
  const known = Object.keys(
    (action.schema?.input as { properties?: object })?.properties ?? {},
  );
  for (const example of action.examples ?? []) {
    for (const step of yaml.parse(example.example).steps) {
      expect(step.action).toBe(action.id);
      for (const key of Object.keys(step.input)) expect(known).toContain(key);
    }
  }
}
