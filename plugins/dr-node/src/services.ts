/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type ServiceFactory,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Restorer } from './restore/Restorer';
import { readDumpStagingSettings } from './restore/DumpStaging';
import { RestorerRegistry } from './restore/RestorerRegistry';
import { RestoreTargetRegistry } from './restore/RestoreTargetRegistry';
import { BackupSourceRegistry } from './sources/BackupSourceRegistry';
import type { BackupSourceFactory } from './sources/types';

/**
 * Backup source types added to the backend, one factory per type. Provide one
 * with {@link createBackupSourceFactoryFeature}; the registry collects them all.
 * @public
 */
export const drBackupSourceFactoryServiceRef =
  createServiceRef<BackupSourceFactory>({
    id: 'dr.backup-source-factory',
    scope: 'root',
    multiton: true,
  });

/**
 * The one registry of `dr.sources` for the whole backend: the DR plugin, the
 * catalog module and the restore actions all get this instance, with the
 * built-in types and every type added through
 * {@link drBackupSourceFactoryServiceRef}.
 * @public
 */
export const drBackupSourceRegistryServiceRef =
  createServiceRef<BackupSourceRegistry>({
    id: 'dr.backup-source-registry',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
          factories: drBackupSourceFactoryServiceRef,
        },
        factory: ({ config, logger, factories }) =>
          BackupSourceRegistry.fromConfig(config, {
            logger: logger.child({ plugin: 'dr', service: 'backup-sources' }),
            factories,
          }),
      }),
  });

/**
 * A backend feature that adds a backup source type, for a module package's
 * default export: `export default createBackupSourceFactoryFeature(factory)`.
 * @public
 */
export function createBackupSourceFactoryFeature(
  factory: BackupSourceFactory,
): ServiceFactory<BackupSourceFactory, 'root', 'multiton'> {
  return createServiceFactory({
    service: drBackupSourceFactoryServiceRef,
    deps: {},
    factory: () => factory,
  });
}

/**
 * Restore kinds added to the backend, one restorer per kind. Provide one with
 * {@link createRestorerFeature}; the restorer registry collects them all.
 * @public
 */
export const drRestorerServiceRef = createServiceRef<Restorer<any, any, any>>({
  id: 'dr.restorer',
  scope: 'root',
  multiton: true,
});

/**
 * The one restorer registry of the whole backend: approval requests are
 * validated by the restorer of their kind, with the built-in `postgres` and
 * `velero` restorers and every kind added through {@link drRestorerServiceRef}.
 * @public
 */
export const drRestorerRegistryServiceRef = createServiceRef<RestorerRegistry>({
  id: 'dr.restorer-registry',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        restorers: drRestorerServiceRef,
        config: coreServices.rootConfig,
      },
      factory: ({ restorers, config }) =>
        RestorerRegistry.create({
          restorers,
          staging: readDumpStagingSettings(config),
        }),
    }),
});

/**
 * The one allow-list of restore targets (`dr.restoreTargets`) of the whole
 * backend: the DR plugin checks requests against it and the restore actions
 * restore into it. Each target is read by the restorer of its `type`, from
 * {@link drRestorerRegistryServiceRef}, so targets of a kind added by a
 * module are known everywhere that kind is.
 * @public
 */
export const drRestoreTargetRegistryServiceRef =
  createServiceRef<RestoreTargetRegistry>({
    id: 'dr.restore-target-registry',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
          restorers: drRestorerRegistryServiceRef,
        },
        factory: ({ config, logger, restorers }) =>
          RestoreTargetRegistry.fromConfig(config, {
            restorers,
            logger: logger.child({ plugin: 'dr', service: 'restore-targets' }),
          }),
      }),
  });

/**
 * A backend feature that adds a restore kind, for a module package's default
 * export or beside its restore action: `createRestorerFeature(restorer)`.
 * @public
 */
export function createRestorerFeature(
  restorer: Restorer<any, any, any>,
): ServiceFactory<Restorer<any, any, any>, 'root', 'multiton'> {
  return createServiceFactory({
    service: drRestorerServiceRef,
    deps: {},
    factory: () => restorer,
  });
}
