/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const verifyExamples: TemplateExample[] = [
  {
    description: 'Check the restored database and the staging service',
    example: yaml.stringify({
      steps: [
        {
          id: 'verify',
          action: 'dr:verify',
          name: 'Verify the restore',
          input: {
            targetId: 'orders-staging',
            checks: [
              {
                type: 'sql',
                name: 'orders exist',
                query: 'select count(*) from orders',
                minRows: 1,
              },
              {
                type: 'sql',
                name: 'schema version',
                query: 'select max(version) from schema_migrations',
                expect: 42,
              },
              {
                type: 'http',
                name: 'staging healthy',
                url: 'https://orders.staging.example/healthz',
                contains: 'ok',
              },
            ],
          },
        },
      ],
    }),
  },
];
