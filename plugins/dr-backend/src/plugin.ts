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
import {
  drPermissions,
  parseDuration,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  type BackupSourceFactory,
  BackupSourceRegistry,
  RestoreTargetRegistry,
  drBackupSourcesExtensionPoint,
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
import { PlanLoader } from './plan/PlanLoader';
import { PlanService } from './plan/PlanService';
import { ObjectivesResolver } from './posture/ObjectivesResolver';
import { PostureService } from './posture/PostureService';
import { TierRegistry } from './posture/TierRegistry';
import { DrAuthorizer } from './service/DrAuthorizer';
import { createRouter } from './service/router';

/**
 * The DR backend plugin: indexes backups and drills per catalog entity,
 * computes RTO/RPO posture and serves the DR API under `/api/dr`.
 * @public
 */
export const drPlugin = createBackendPlugin({
  pluginId: 'dr',
  register(env) {
    const sourceFactories: BackupSourceFactory[] = [];
    env.registerExtensionPoint(drBackupSourcesExtensionPoint, {
      addSourceFactory(factory) {
        if (sourceFactories.some(f => f.type === factory.type)) {
          throw new Error(
            `A backup source factory for type "${factory.type}" is already registered`,
          );
        }
        sourceFactories.push(factory);
      },
    });

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
      },
      async init(deps) {
        const { logger, config, scheduler, catalog } = deps;
        const knex = await connectDatabase(deps.database);
        const registry = BackupSourceRegistry.fromConfig(config, {
          logger,
          factories: sourceFactories,
        });

        const backupStore = new DatabaseBackupStore(knex);
        const sourceStore = new DatabaseSourceStore(knex);
        const drillStore = new DatabaseDrillStore(knex);
        const entityStore = new DatabaseEntityStore(knex);
        const factsStore = new DatabaseEntityFactsStore(knex);
        const planStore = new DatabasePlanStore(knex);

        const authorizer = new DrAuthorizer(deps.permissions);
        const tiers = TierRegistry.fromConfig(config, logger);
        const resolver = new ObjectivesResolver({
          tiers,
          sources: registry,
          defaultDrillCadenceDays:
            parseDuration(
              config.getOptionalString('dr.defaults.drillCadence') ?? '90d',
            ) / 86400,
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
        });
        const backupFacts = new BackupFactsRefresher({
          entities: entityStore,
          facts: factsStore,
          backups: backupStore,
          registry,
        });
        const indexer = new BackupIndexer({
          scheduler,
          registry,
          sourceStore,
          backupStore,
          facts: backupFacts,
          logger,
          config,
        });
        const catalogSync = new CatalogSync({
          catalog,
          auth: deps.auth,
          resolver,
          plans,
          entities: entityStore,
          facts: factsStore,
          backupFacts,
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
          targets: RestoreTargetRegistry.fromConfig(config),
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
