/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { DrClient } from '@dr-suite/backstage-plugin-dr-common';
import { DemoBackupGenerator } from './DemoBackupGenerator';
import { DemoDrillSeeder } from './DemoDrillSeeder';

/**
 * Keeps the demo shop's DR data true over time: plays its backup jobs into
 * the demo volume every few minutes and records its drills through the DR
 * API. Enabled by `drDemo.enabled`; never part of a production backend.
 */
export const drModuleDemoData = createBackendModule({
  pluginId: 'dr',
  moduleId: 'demo-data',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ config, logger, scheduler, auth, discovery }) {
        if (!config.getOptionalBoolean('drDemo.enabled')) return;
        const sourceId = config.getOptionalString('drDemo.sourceId') ?? 'demo';
        const directory = path.resolve(
          config.getString(`dr.sources.${sourceId}.directory`),
        );
        const generator = new DemoBackupGenerator({ directory });

        // Modules initialise before their plugin, so the first index sees these files.
        const first = generator.run();
        logger.info(
          `Demo backups in ${directory}: ${first.written} written, ${first.removed} expired`,
        );
        await scheduler.scheduleTask({
          id: 'dr-demo-backups',
          scope: 'local',
          frequency: { minutes: 5 },
          timeout: { minutes: 1 },
          initialDelay: { minutes: 5 },
          fn: async () => {
            generator.run();
          },
        });

        const seeder = new DemoDrillSeeder(
          new DrClient({ discoveryApi: discovery }),
        );
        await scheduler.scheduleTask({
          id: 'dr-demo-drills',
          scope: 'global',
          // Cheap when nothing is due; quick to catch up once the catalog has the entities.
          frequency: { minutes: 2 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 10 },
          fn: async () => {
            try {
              const { token } = await auth.getPluginRequestToken({
                onBehalfOf: await auth.getOwnServiceCredentials(),
                targetPluginId: 'dr',
              });
              const recorded = await seeder.run(token);
              if (recorded) logger.info(`Recorded ${recorded} demo drills`);
            } catch (error) {
              logger.warn(
                `Could not record demo drills: ${stringifyError(error)}`,
              );
            }
          },
        });
      },
    });
  },
});
