/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  JSON_RULE_ENGINE_CHECK_TYPE,
  type TechInsightJsonRuleCheck,
} from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { drTechInsightsCheckIds } from '@dr-suite/backstage-plugin-dr-common';
import { DR_FACT_RETRIEVER_ID } from './drFactRetriever';

/**
 * The DR checks, as json-rules-engine checks on the DR facts: "RPO met",
 * "Drill current" and "Restore tested in the last 30 days". A fact that is
 * unknown (null) fails its check.
 * @public
 */
export const drChecks: TechInsightJsonRuleCheck[] = [
  {
    id: drTechInsightsCheckIds.rpoMet,
    type: JSON_RULE_ENGINE_CHECK_TYPE,
    name: 'RPO met',
    description:
      'The newest successful backup is younger than the RPO target (unknown without a target or a backup).',
    factIds: [DR_FACT_RETRIEVER_ID],
    rule: {
      conditions: {
        all: [{ fact: 'rpoStatus', operator: 'equal', value: 'met' }],
      },
    },
  },
  {
    id: drTechInsightsCheckIds.drillCurrent,
    type: JSON_RULE_ENGINE_CHECK_TYPE,
    name: 'Drill current',
    description:
      'A successful DR drill happened within the drill cadence of the entity.',
    factIds: [DR_FACT_RETRIEVER_ID],
    rule: {
      conditions: {
        all: [{ fact: 'drillStatus', operator: 'equal', value: 'current' }],
      },
    },
  },
  {
    id: drTechInsightsCheckIds.restoreTested30d,
    type: JSON_RULE_ENGINE_CHECK_TYPE,
    name: 'Restore tested in the last 30 days',
    description:
      'A restore of a backup ran and passed its checks in the last 30 days (a restore-test run or an approved restore).',
    factIds: [DR_FACT_RETRIEVER_ID],
    rule: {
      conditions: {
        all: [
          {
            fact: 'daysSinceRestoreTest',
            operator: 'lessThanInclusive',
            value: 30,
          },
        ],
      },
    },
  },
];
