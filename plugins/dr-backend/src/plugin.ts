/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import type { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { scaffolderServiceRef } from '@backstage/plugin-scaffolder-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  drAuditReadPermission,
  drPermissions,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  drBackupSourceRegistryServiceRef,
  drEntityPermissionResourceRef,
  drEntityPermissionRules,
  drRestoreTargetRegistryServiceRef,
  drRestorerRegistryServiceRef,
  readIntervalMs,
} from '@dr-suite/backstage-plugin-dr-node';
import { registerDrActions } from './actions/registerDrActions';
import { ApprovalNotifier } from './approvals/ApprovalNotifier';
import { NotificationInbox } from './approvals/NotificationInbox';
import { ApprovalSignals } from './approvals/ApprovalSignals';
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
import { DatabaseDrillLedgerStore } from './database/DatabaseDrillLedgerStore';
import { DrillLedger } from './drills/DrillLedger';
import { DrillRecorder } from './drills/DrillRecorder';
import { DatabaseBackupVerificationStore } from './database/DatabaseBackupVerificationStore';
import { VerifiedRestorablePostures } from './posture/VerifiedRestorablePosture';
import { BackupChooser } from './restoreTests/BackupChooser';
import { EntityRestoreTestPlans } from './restoreTests/EntityRestoreTestPlans';
import { RestoreTestNotifier } from './restoreTests/RestoreTestNotifier';
import { readRestoreTestPlans } from './restoreTests/RestoreTestPlans';
import { RestoreTestRunner } from './restoreTests/RestoreTestRunner';
import { RestoreTestScheduler } from './restoreTests/RestoreTestScheduler';
import { BackupFactsRefresher } from './indexing/BackupFactsRefresher';
import { BackupIndexer } from './indexing/BackupIndexer';
import { SourcePolicies } from './indexing/SourcePolicies';
import { DatabaseBackupSoundness } from './database/DatabaseBackupSoundness';
import { DatabasePostureNotificationStore } from './database/DatabasePostureNotificationStore';
import { PostureNotifier } from './posture/PostureNotifier';
import { CatalogSync } from './indexing/CatalogSync';
import { readTaskSchedule } from './indexing/readTaskSchedule';
import { PlanLoader } from './plan/PlanLoader';
import { PlanService } from './plan/PlanService';
import { ObjectivesResolver } from './posture/ObjectivesResolver';
import { DEFAULT_RPO_ZERO_TOLERANCE_SECONDS } from './posture/statedObjectives';
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
        // Reaches a deciding approver's notifications on their behalf.
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        // Read-only actions for assistants (the MCP actions backend).
        actionsRegistry: actionsRegistryServiceRef,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        notifications: notificationService,
        // Pushes approval changes to open pages (signals backend, if installed).
        signals: signalsServiceRef,
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
        // Where each source's copies are and when its backups are sound.
        const sourcePolicies = SourcePolicies.fromConfig(config, logger);
        const postureRefresher = new PostureRefresher({
          entities: entityStore,
          sources: sourceStore,
          registry,
          locationOf: id => sourcePolicies.location(id),
          // Owners hear of each change once, across replicas.
          notifier: new PostureNotifier({
            store: new DatabasePostureNotificationStore(knex),
            notifications: deps.notifications,
            logger,
          }),
        });
        factsStore.onChange(async refs => {
          await postureRefresher.recompute(refs);
        });
        const planStore = new DatabasePlanStore(knex);

        // The `dr-entity` resource type: policies narrow the audit, the
        // drill ledger and the approvals list with its rules, which become
        // SQL; the permission backend loads single entities through here.
        deps.permissionsRegistry.addResourceType({
          resourceRef: drEntityPermissionResourceRef,
          permissions: [drAuditReadPermission],
          rules: Object.values(drEntityPermissionRules),
          getResources: refs => entityStore.drEntityResources(refs),
        });
        const authorizer = new DrAuthorizer(deps.permissions, {
          drEntityRuleset: deps.permissionsRegistry.getPermissionRuleset(
            drEntityPermissionResourceRef,
          ),
          logger,
        });
        const tiers = TierRegistry.fromConfig(config, logger);
        const resolver = new ObjectivesResolver({
          tiers,
          sources: registry,
          defaultDrillCadenceDays:
            (readIntervalMs(config, 'dr.defaults.drillCadence') ??
              90 * 86_400_000) / 86_400_000,
          rpoZeroToleranceSeconds:
            (readIntervalMs(config, 'dr.defaults.rpoZeroTolerance') ??
              DEFAULT_RPO_ZERO_TOLERANCE_SECONDS * 1000) / 1000,
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
        // Restore tests: a plan pointing at a target that is not a sandbox
        // stops the backend here, before anything runs.
        const restoreTestPlans = readRestoreTestPlans(
          config,
          deps.restoreTargets,
        );
        const verifications = new DatabaseBackupVerificationStore(knex);
        // Entities' plans may declare their own, into sandboxes only.
        const entityRestoreTests = new EntityRestoreTestPlans({
          plans: planStore,
          targets: deps.restoreTargets,
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
          restoreProofs: new VerifiedRestorablePostures({
            verifications,
            drills: drillStore,
            plans: restoreTestPlans,
            entityPlans: entityRestoreTests,
          }),
        });
        const backupFacts = new BackupFactsRefresher({
          entities: entityStore,
          facts: factsStore,
          backups: backupStore,
          registry,
          postures: postureRefresher,
        });
        const backupSoundness = new DatabaseBackupSoundness(knex);
        const indexer = new BackupIndexer({
          scheduler,
          registry,
          sourceStore,
          backupStore,
          facts: backupFacts,
          logger,
          config,
          soundness: {
            assess: (sourceId, since) =>
              backupSoundness.assess(
                sourceId,
                since,
                sourcePolicies.soundness(sourceId),
              ),
          },
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
          executionTemplates: readTemplateRefs(
            config.getOptionalConfig('dr.approvals.executionTemplates'),
          ),
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
            inbox: new NotificationInbox({
              auth: deps.auth,
              discovery: deps.discovery,
              logger,
            }),
          }),
          signals: new ApprovalSignals({ signals: deps.signals, logger }),
          userInfo: deps.userInfo,
          logger,
          settings: approvalSettings,
        });

        const drillRecorder = new DrillRecorder({
          drills: drillStore,
          facts: factsStore,
          backups: backupStore,
          approvals: approvalStore,
          executors: approvalSettings.executors,
          verifications,
        });
        const restoreTests = new RestoreTestScheduler({
          plans: restoreTestPlans,
          entityPlans: entityRestoreTests,
          entities: entityStore,
          logger,
          runner: new RestoreTestRunner({
            catalog,
            auth: deps.auth,
            auditor: deps.auditor,
            logger,
            posture,
            chooser: new BackupChooser({ backups: backupStore }),
            approvals: approvalStore,
            drills: drillRecorder,
            restorers: deps.restorers,
            targets: deps.restoreTargets,
            sources: registry,
            notifier: new RestoreTestNotifier({
              notifications: deps.notifications,
              logger,
            }),
            indexer,
            sourceStates: sourceStore,
          }),
        });

        deps.permissionsRegistry.addPermissions(drPermissions);
        await restoreTests.schedule(scheduler);
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

        const audit = new AuditService({
          entities: entityStore,
          postures: postureRefresher,
          criticalTier:
            config.getOptionalString('dr.audit.criticalTier') ?? 'tier-1',
          verifications,
        });
        registerDrActions(deps.actionsRegistry, {
          catalog,
          authorizer,
          posture,
          plans,
          backups: backupStore,
          audit,
        });

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
            drillRecorder,
            verifications,
            drillLedger: new DrillLedger(new DatabaseDrillLedgerStore(knex)),
            audit,
            sources: sourceStore,
            indexer,
            approvals,
          }),
        );
      },
    });
  },
});

/** `dr.approvals.executionTemplates`: a template ref per restore kind. */
function readTemplateRefs(config: Config | undefined): Record<string, string> {
  return Object.fromEntries(
    (config?.keys() ?? []).map(kind => [kind, config!.getString(kind)]),
  );
}
