/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const restorePostgresExamples: TemplateExample[] = [
  {
    description:
      'Restore the approved dump; the parameters must be the approved ones',
    example: yaml.stringify({
      steps: [
        {
          id: 'restore',
          action: 'dr:restore:postgres',
          name: 'Restore into staging',
          input: {
            approvalId: '${{ parameters.approvalId }}',
            entityRef: '${{ parameters.entityRef }}',
            backupId: '${{ parameters.backupId }}',
            targetId: '${{ parameters.targetId }}',
            scenario: '${{ parameters.scenario }}',
            checks: '${{ parameters.checks }}',
          },
        },
      ],
    }),
  },
];
