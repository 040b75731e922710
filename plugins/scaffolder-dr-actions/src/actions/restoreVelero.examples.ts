/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const restoreVeleroExamples: TemplateExample[] = [
  {
    description:
      'Restore the approved Velero backup of a namespace into the staging namespace',
    example: yaml.stringify({
      steps: [
        {
          id: 'restore',
          action: 'dr:restore:velero',
          name: 'Restore namespace into staging',
          input: {
            approvalId: '${{ parameters.approvalId }}',
            entityRef: '${{ parameters.entityRef }}',
            backupId: '${{ parameters.backupId }}',
            targetId: 'orders-staging-cluster',
            scenario: 'namespace-loss',
            namespace: 'orders',
          },
        },
      ],
    }),
  },
];
