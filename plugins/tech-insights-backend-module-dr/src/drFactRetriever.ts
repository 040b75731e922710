/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import {
  type AuditRow,
  type DrApi,
  DrClient,
  type DrillRecord,
} from '@dr-suite/backstage-plugin-dr-common';
import { DateTime } from 'luxon';

/** The id facts and checks refer to (`techInsights.factRetrievers.drFactRetriever`). @public */
export const DR_FACT_RETRIEVER_ID = 'drFactRetriever';

/** Audit rows read per request. */
const AUDIT_PAGE = 500;
/** Drills read per entity: enough to find the newest restore test. */
const DRILL_PAGE = 100;
const DAY_MS = 86_400_000;

/** A successful restore that actually ran: a restore-test run or a restore task's drill. */
function isRestoreTest(drill: DrillRecord): boolean {
  return (
    drill.outcome === 'succeeded' &&
    !drill.voided &&
    (drill.kind === 'restore-test' || drill.source === 'restore')
  );
}

function dateTime(iso: string | null): DateTime | null {
  return iso ? DateTime.fromISO(iso, { zone: 'utc' }) : null;
}

async function auditRows(dr: DrApi, token: string): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  for (let offset = 0; ; offset += AUDIT_PAGE) {
    const page = await dr.getAudit(
      { limit: AUDIT_PAGE, offset, orderBy: 'entity' },
      { token },
    );
    rows.push(...page.items);
    if (page.items.length < AUDIT_PAGE) return rows;
  }
}

/**
 * Creates the fact retriever of DR facts, one row per entity with DR
 * objectives, read from the DR API with the backend's service credentials:
 * RPO/RTO status and values, drill status, the newest successful restore
 * test, the verified RPO, and which backup sources are stale.
 * Unknown values are null, never guessed, so a check on them fails.
 * @public
 */
export function createDrFactRetriever(
  options: { dr?: DrApi } = {},
): FactRetriever {
  return {
    id: DR_FACT_RETRIEVER_ID,
    version: '0.1.0',
    title: 'Disaster recovery',
    description:
      'RPO/RTO status and values, drills, restore tests and backup source staleness from the DR plugin',
    schema: {
      overall: {
        type: 'string',
        description: 'DR posture in one word: ok, at-risk, breach or none',
      },
      tier: { type: 'string', description: 'DR tier, e.g. tier-1' },
      rpoStatus: { type: 'string', description: 'met, breached or unknown' },
      rpoTargetSeconds: { type: 'integer', description: 'RPO target' },
      rpoActualSeconds: {
        type: 'integer',
        description: 'Age of the newest successful backup',
      },
      lastSuccessfulBackupAt: {
        type: 'datetime',
        description: 'Completion of the newest successful backup',
      },
      rtoStatus: { type: 'string', description: 'met, breached or unknown' },
      rtoTargetSeconds: { type: 'integer', description: 'RTO target' },
      rtoMeasuredSeconds: {
        type: 'integer',
        description: 'Duration of the most recent successful drill',
      },
      drillStatus: {
        type: 'string',
        description: 'current, overdue or never, against the drill cadence',
      },
      drillCadenceDays: { type: 'integer', description: 'Drill cadence' },
      lastDrillAt: {
        type: 'datetime',
        description: 'Completion of the most recent drill',
      },
      lastRestoreTestAt: {
        type: 'datetime',
        description:
          'Completion of the newest successful restore test (a restore-test run or a restore task); null without one',
      },
      daysSinceRestoreTest: {
        type: 'integer',
        description:
          'Whole days since the newest successful restore test, at retrieval; null without one',
      },
      verifiedRpoSeconds: {
        type: 'integer',
        description:
          'Age of the newest backup a verified restore proved restorable (the data a restore is known to bring back); null without one',
      },
      staleSourceCount: {
        type: 'integer',
        description: 'Backup sources of the entity whose index is stale',
      },
      staleSources: {
        type: 'set',
        description: 'Ids of the stale backup sources',
      },
      problemCount: {
        type: 'integer',
        description: 'DR problems (warnings and errors) to fix',
      },
    },
    async handler(ctx: FactRetrieverContext): Promise<TechInsightFact[]> {
      const dr = options.dr ?? new DrClient({ discoveryApi: ctx.discovery });
      const { token } = await ctx.auth.getPluginRequestToken({
        onBehalfOf: await ctx.auth.getOwnServiceCredentials(),
        targetPluginId: 'dr',
      });
      const now = Date.now();
      const facts: TechInsightFact[] = [];
      for (const row of await auditRows(dr, token)) {
        try {
          const [posture, drills] = await Promise.all([
            dr.getPosture(row.entityRef, { token }),
            dr.getDrills(row.entityRef, { limit: DRILL_PAGE }, { token }),
          ]);
          const restoreTest = drills.items.find(isRestoreTest) ?? null;
          const stale = posture.sources
            .filter(s => s.status === 'stale')
            .map(s => s.sourceId);
          const { kind, namespace, name } = parseEntityRef(row.entityRef);
          facts.push({
            entity: { kind, namespace, name },
            facts: {
              overall: posture.overall,
              tier: posture.objectives.tier,
              rpoStatus: posture.rpo.status,
              rpoTargetSeconds: posture.rpo.targetSeconds,
              rpoActualSeconds: posture.rpo.actualSeconds,
              lastSuccessfulBackupAt: dateTime(
                posture.rpo.lastSuccessfulBackupAt,
              ),
              rtoStatus: posture.rto.status,
              rtoTargetSeconds: posture.rto.targetSeconds,
              rtoMeasuredSeconds: posture.rto.measuredSeconds,
              drillStatus: posture.drills.status,
              drillCadenceDays: posture.drills.cadenceDays,
              lastDrillAt: dateTime(posture.drills.lastDrillAt),
              lastRestoreTestAt: dateTime(restoreTest?.completedAt ?? null),
              daysSinceRestoreTest: restoreTest
                ? Math.floor(
                    (now - Date.parse(restoreTest.completedAt)) / DAY_MS,
                  )
                : null,
              // Optional until every DR backend reports it.
              verifiedRpoSeconds: row.verifiedRpoSeconds ?? null,
              staleSourceCount: stale.length,
              staleSources: stale,
              problemCount: row.problemCount,
            } as TechInsightFact['facts'],
          });
        } catch (error) {
          // One entity the DR API cannot answer for never stops the others.
          ctx.logger.warn(
            `Could not read DR facts of ${row.entityRef}: ${error}`,
          );
        }
      }
      return facts;
    },
  };
}
