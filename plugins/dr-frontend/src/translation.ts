/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * The DR plugin's strings in English, by screen. An app translates them
 * with `createTranslationResource` (or overrides a few with
 * `createTranslationMessages`) for this ref, exported from `./alpha`.
 * @alpha
 */
export const drTranslationRef = createTranslationRef({
  id: 'dr',
  messages: {
    page: {
      title: 'Disaster Recovery',
      auditSubtitle: 'DR posture across the catalog',
      approvalsSubtitle: 'Restore approvals',
    },
    approvalsPage: {
      title: 'Restore approvals',
      description:
        'Restores of production backups run only once enough people approve them. Check what is restored where, by whom and why.',
      backToAudit: 'Back to the DR audit',
      tabs: {
        label: 'Which approvals',
        waiting: 'Waiting for me',
        requested: 'Requested by me',
      },
    },
    approvalDetails: {
      title: 'Restore request',
      allApprovals: 'All restore approvals',
    },
    auditPage: {
      title: 'Catalog DR audit',
      description:
        'Every entity with DR objectives: whether its backups meet the RPO, its drills the RTO, and when it was last drilled.',
      lastCatalogChange: 'Last catalog change picked up {{age}}.',
      noMatch: 'No entity matches these filters.',
      noObjectives: 'No entity has DR objectives yet.',
      pastTheEnd: 'Page {{page}} is past the end of the audit.',
      firstPage: 'Go to the first page',
    },
    auditTable: {
      columns: {
        entity: 'Entity',
        owner: 'Owner',
        tier: 'Tier',
        overall: 'Overall',
        rpo: 'RPO',
        rto: 'RTO',
        lastDrill: 'Last drill',
      },
    },
    dependencies: {
      title: 'Dependencies',
      partsTitle: 'Parts of this system',
      worstOfThem: 'Worst of them: {{status}}',
      columns: {
        entity: 'Entity',
        relation: 'Relation',
        overall: 'Overall',
        rpo: 'RPO',
        rto: 'RTO',
        drills: 'Drills',
      },
      relations: {
        dependsOn: 'Depends on',
        hasPart: 'Part of this system',
      },
      empty: 'No dependencies with a DR posture.',
      emptyHelp:
        'Components list what they depend on in spec.dependsOn, systems their parts; those show here with their own RPO, RTO and drills.',
    },
    entityTab: {
      heading: 'Disaster recovery',
      judgedByParts:
        'Judged by its parts: the system has no objectives of its own',
      noParts: 'No part of this system has a DR posture yet',
      rollup: 'DR posture of the system, rolled up over its parts',
      drivenBy: 'Driven by',
      evaluated: 'Evaluated {{age}}',
      restoreProgress: {
        pending:
          'A restore of this entity was requested and waits for approval.',
        approved: 'A restore of this entity was approved and starts now.',
        rejected: 'A restore of this entity was rejected.',
        executed: 'A restore of this entity is running.',
        expired: 'A restore request of this entity expired.',
        succeeded: 'A restore of this entity succeeded.',
        failed: 'A restore of this entity failed.',
      },
    },
  },
});
