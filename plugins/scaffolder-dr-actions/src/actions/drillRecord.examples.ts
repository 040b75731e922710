/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const drillRecordExamples: TemplateExample[] = [
  {
    description: 'Record the restore of the previous step as a drill',
    example: yaml.stringify({
      steps: [
        {
          id: 'drill',
          action: 'dr:drill:record',
          name: 'Record the drill',
          input: {
            entityRef: '${{ parameters.entityRef }}',
            scenario: '${{ parameters.scenario }}',
            approvalId: '${{ parameters.approvalId }}',
            backupId: '${{ parameters.backupId }}',
            restoreStartedAt: '${{ steps.restore.output.restoreStartedAt }}',
            verifiedAt: '${{ steps.verify.output.verifiedAt }}',
            backupCompletedAt: '${{ steps.restore.output.backupCompletedAt }}',
          },
        },
      ],
    }),
  },
];
