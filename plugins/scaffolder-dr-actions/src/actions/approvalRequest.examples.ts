/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const approvalRequestExamples: TemplateExample[] = [
  {
    description: 'Ask for a restore of a database dump into staging',
    example: yaml.stringify({
      steps: [
        {
          id: 'request',
          action: 'dr:approval:request',
          name: 'Request approval',
          input: {
            entityRef: '${{ parameters.entityRef }}',
            backupId: '${{ parameters.backupId }}',
            targetId: 'orders-staging',
            scenario: 'database-corruption',
            checks: [
              {
                type: 'sql',
                name: 'orders restored',
                query: 'select count(*) from orders',
                minRows: 1,
              },
            ],
            reason: '${{ parameters.reason }}',
          },
        },
      ],
    }),
  },
];
