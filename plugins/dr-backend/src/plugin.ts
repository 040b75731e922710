/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { scaffolderServiceRef } from '@backstage/plugin-scaffolder-node';
import { drPermissions } from '@dr-suite/backstage-plugin-dr-common';
import {
  drBackupSourceRegistryServiceRef,
  drRestoreTargetRegistryServiceRef,
  drRestorerRegistryServiceRef,
  readIntervalMs,
} from '@dr-suite/backstage-plugin-dr-node';
import { ApprovalNotifier } from './approvals/ApprovalNotifier';
import {
  ApprovalService,
  type ApprovalSettings,
} from './approvals/ApprovalService';
import { AuditService } from './audit/AuditService';
import { DatabaseApprovalStore } from './database/DatabaseApprovalStore';
import { DatabaseBackupStore } from './database/DatabaseBackupStore';
import { DatabaseDrillStore } from './database/DatabaseDrillStore';
import { DatabaseEntityFactsStore } from './database/DatabaseEntityFactsStore';
import { DatabaseEntityStore } from './database/DatabaseEntityStore';
import { DatabasePlanStore } from './database/DatabasePlanStore';
import { DatabaseSourceStore } from './database/DatabaseSourceStore';
import { connectDatabase } from './database/migrations';
import { DrillRecorder } from './drills/DrillRecorder';
import { BackupFactsRefresher } from './indexing/BackupFactsRefresher';
import { BackupIndexer } from './indexing/BackupIndexer';
import { CatalogSync } from './indexing/CatalogSync';
import { readTaskSchedule } from './indexing/readTaskSchedule';
import { PlanLoader } from './plan/PlanLoader';
import { PlanService } from './plan/PlanService';
import { ObjectivesResolver } from './posture/ObjectivesResolver';
import { PostureRefresher } from './posture/PostureRefresher';
import { PostureService } from './posture/PostureService';
import { TierRegistry } from './posture/TierRegistry';
import { DrAuthorizer } from './auth/DrAuthorizer';
import { createRouter } from './service/router';

/**
 * The DR backend plugin: indexes backups and drills per catalog entity,
 * computes RTO/RPO posture and serves the DR API under `/api/dr`.
 * @public
 */
export const drPlugin = createBackendPlugin({
  pluginId: 'dr',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        notifications: notificationService,
        scaffolder: scaffolderServiceRef,
        // Shared with the catalog module and the restore actions.
        registry: drBackupSourceRegistryServiceRef,
        // Validates each kind of restore request, as the restore actions do.
        restorers: drRestorerRegistryServiceRef,
        // Read by the restorers' kinds; shared with the restore actions.
        restoreTargets: drRestoreTargetRegistryServiceRef,
      },
      async init(deps) {
        const { logger, config, scheduler, catalog, registry } = deps;
        const knex = await connectDatabase(deps.database);

        const backupStore = new DatabaseBackupStore(knex);
        const sourceStore = new DatabaseSourceStore(knex);
        const drillStore = new DatabaseDrillStore(knex);
        const entityStore = new DatabaseEntityStore(knex);
        const factsStore = new DatabaseEntityFactsStore(knex);
        // Posture is computed in one place and stored per entity; every
        // write of an entity's facts recomputes its stored posture.
        const postureRefresher = new PostureRefresher({
          entities: entityStore,
          sources: sourceStore,
          registry,
        });
        factsStore.onChange(async refs => {
          await postureRefresher.recompute(refs);
        });
        const planStore = new DatabasePlanStore(knex);

        const authorizer = new DrAuthorizer(deps.permissions);
        const tiers = TierRegistry.fromConfig(config, logger);
        const resolver = new ObjectivesResolver({
          tiers,
          sources: registry,
          defaultDrillCadenceDays:
            (readIntervalMs(config, 'dr.defaults.drillCadence') ??
              90 * 86_400_000) / 86_400_000,
        });
        const plans = new PlanService({
          loader: new PlanLoader({
            reader: deps.urlReader,
            integrations: ScmIntegrations.fromConfig(config),
            maxBytes: config.getOptionalNumber('dr.plans.maxBytes'),
          }),
          store: planStore,
          refreshIntervalMs:
            readIntervalMs(config, 'dr.plans.refreshInterval') ?? 30 * 60_000,
        });
        const posture = new PostureService({
          resolver,
          plans,
          backups: backupStore,
          drills: drillStore,
          sources: sourceStore,
          registry,
          catalog,
          authorizer,
          stored: {
            entities: entityStore,
            facts: factsStore,
            refresher: postureRefresher,
          },
        });
        const backupFacts = new BackupFactsRefresher({
          entities: entityStore,
          facts: factsStore,
          backups: backupStore,
          registry,
          postures: postureRefresher,
        });
        const indexer = new BackupIndexer({
          scheduler,
          registry,
          sourceStore,
          backupStore,
          facts: backupFacts,
          logger,
          config,
          entitySources: { catalog, plans, posture },
        });
        const catalogSync = new CatalogSync({
          catalog,
          auth: deps.auth,
          resolver,
          plans,
          entities: entityStore,
          facts: factsStore,
          backupFacts,
          postures: postureRefresher,
          logger,
        });

        // Read once: the restore executors claim approvals and record their drills.
        const approvalSettings: ApprovalSettings = {
          expiryMs:
            readIntervalMs(config, 'dr.approvals.expiry') ?? 24 * 3600_000,
          defaultRequiredApprovals:
            config.getOptionalNumber('dr.approvals.requiredApprovals') ?? 1,
          approverGroups:
            config.getOptionalStringArray('dr.approvals.approverGroups') ?? [],
          executors: config.getOptionalStringArray(
            'dr.approvals.executors',
          ) ?? ['plugin:scaffolder'],
          executionTemplate:
            config.getOptionalString('dr.approvals.executionTemplate') ??
            'template:default/dr-restore-execute',
        };
        const approvalStore = new DatabaseApprovalStore(knex);
        const approvals = new ApprovalService({
          store: approvalStore,
          catalog,
          authorizer,
          posture,
          backups: backupStore,
          sources: registry,
          targets: deps.restoreTargets,
          restorers: deps.restorers,
          tiers,
          scaffolder: deps.scaffolder,
          auth: deps.auth,
          notifier: new ApprovalNotifier({
            notifications: deps.notifications,
            logger,
          }),
          userInfo: deps.userInfo,
          logger,
          settings: approvalSettings,
        });

        deps.permissionsRegistry.addPermissions(drPermissions);
        await indexer.start();
        await catalogSync.schedule(scheduler, config);
        await postureRefresher.schedule(scheduler, config, logger);
        // Reads compute expiry; this job writes it, once across replicas.
        await approvals.scheduleExpiry(
          scheduler,
          readTaskSchedule(config, 'dr.approvals.expiryCheck', {
            frequency: { minutes: 1 },
            timeout: { minutes: 1 },
          }),
        );

        deps.httpRouter.use(
          createRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            catalog,
            authorizer,
            posture,
            plans,
            backups: backupStore,
            drills: drillStore,
            drillRecorder: new DrillRecorder({
              drills: drillStore,
              facts: factsStore,
              backups: backupStore,
              approvals: approvalStore,
              executors: approvalSettings.executors,
            }),
            audit: new AuditService({
              entities: entityStore,
              postures: postureRefresher,
              criticalTier:
                config.getOptionalString('dr.audit.criticalTier') ?? 'tier-1',
            }),
            sources: sourceStore,
            indexer,
            approvals,
          }),
        );
      },
    });
  },
});
