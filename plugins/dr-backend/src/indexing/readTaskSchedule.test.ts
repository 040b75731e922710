/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { DatabaseEntityStore } from '../database/DatabaseEntityStore';
import { BackupSourceRegistry } from '@dr-suite/backstage-plugin-dr-node';
import type { DatabaseSourceStore } from '../database/DatabaseSourceStore';
import { PostureRefresher } from '../posture/PostureRefresher';
import type { BackupFactsRefresher } from './BackupFactsRefresher';
import { BackupIndexer } from './BackupIndexer';
import { CatalogSync } from './CatalogSync';
import { readTaskSchedule } from './readTaskSchedule';

const defaults = {
  frequency: { minutes: 5 },
  timeout: { minutes: 30 },
  initialDelay: { seconds: 3 },
};

describe('readTaskSchedule', () => {
  it.each(['dr.indexing', 'dr.catalogSync', 'dr.postureSweep'])(
    'reads %s as a Backstage schedule, cron included',
    key => {
      const [a, b] = key.split('.');
      const config = new ConfigReader({
        [a]: { [b]: { frequency: { cron: '*/5 * * * *' }, scope: 'local' } },
      });
      expect(readTaskSchedule(config, key, defaults)).toEqual({
        frequency: { cron: '*/5 * * * *' },
        timeout: { milliseconds: 1_800_000 },
        initialDelay: { milliseconds: 3000 },
        scope: 'local',
      });
    },
  );

  it.each([
    [{ minutes: 5 }, 300_000],
    ['5m', 300_000],
    ['5 minutes', 300_000],
    ['PT5M', 300_000],
    ['1h30m', 5_400_000],
    ['2 days', 172_800_000],
  ])('reads the frequency %p with the one duration grammar', (value, ms) => {
    const config = new ConfigReader({
      dr: {
        indexing: { frequency: value, timeout: value, initialDelay: value },
      },
    });
    expect(readTaskSchedule(config, 'dr.indexing', defaults)).toEqual({
      frequency: { milliseconds: ms },
      timeout: { milliseconds: ms },
      initialDelay: { milliseconds: ms },
      scope: 'global',
    });
  });

  it('keeps manual triggers and the defaults of missing keys', () => {
    const config = new ConfigReader({
      dr: { catalogSync: { frequency: { trigger: 'manual' } } },
    });
    expect(readTaskSchedule(config, 'dr.catalogSync', defaults)).toEqual({
      frequency: { trigger: 'manual' },
      timeout: { milliseconds: 1_800_000 },
      initialDelay: { milliseconds: 3000 },
      scope: 'global',
    });
    expect(
      readTaskSchedule(new ConfigReader({}), 'dr.catalogSync', defaults),
    ).toMatchObject({ frequency: { milliseconds: 300_000 } });
  });

  it('names the key of a bad duration', () => {
    const config = new ConfigReader({
      dr: { catalogSync: { frequency: 'every now and then' } },
    });
    expect(() => readTaskSchedule(config, 'dr.catalogSync', defaults)).toThrow(
      /dr\.catalogSync\.frequency.*number with a unit/,
    );
  });

  it('schedules the catalog sync and the posture sweep from their config', async () => {
    const scheduler = mockServices.scheduler.mock();
    const config = new ConfigReader({
      dr: {
        catalogSync: { frequency: { cron: '0 * * * *' }, initialDelay: '10s' },
        postureSweep: { frequency: '30 seconds' },
      },
    });
    const logger = mockServices.logger.mock();
    const sync = new CatalogSync({
      catalog: {} as any,
      auth: mockServices.auth(),
      resolver: {} as any,
      plans: {} as any,
      entities: {} as DatabaseEntityStore,
      facts: {} as any,
      backupFacts: {} as BackupFactsRefresher,
      logger,
    });
    await sync.schedule(scheduler, config);
    await new PostureRefresher({
      entities: {} as DatabaseEntityStore,
      sources: { list: async () => [] },
      registry: { get: () => undefined },
    }).schedule(scheduler, config, logger);
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'dr-catalog-sync',
        scope: 'global',
        frequency: { cron: '0 * * * *' },
        initialDelay: { milliseconds: 10_000 },
      }),
    );
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'dr-posture-sweep',
        scope: 'global',
        frequency: { milliseconds: 30_000 },
      }),
    );
  });

  it('schedules indexing from dr.indexing, where the frequency of a source wins', async () => {
    const scheduler = mockServices.scheduler.mock();
    const source = (id: string) =>
      ({
        id,
        type: 'scripted',
        index: jest.fn(),
        parseSelector: jest.fn(),
      } as any);
    const indexer = new BackupIndexer({
      scheduler,
      registry: BackupSourceRegistry.fromSources([
        source('hourly'),
        source('custom'),
      ]),
      sourceStore: {
        ensure: async () => undefined,
      } as unknown as DatabaseSourceStore,
      backupStore: {} as any,
      facts: {} as BackupFactsRefresher,
      logger: mockServices.logger.mock(),
      config: new ConfigReader({
        dr: {
          indexing: { frequency: { cron: '0 * * * *' }, timeout: '10 minutes' },
          sources: { custom: { frequency: '90 seconds' } },
        },
      }),
    });
    await indexer.start();
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'dr-index:hourly',
        scope: 'global',
        frequency: { cron: '0 * * * *' },
        timeout: { milliseconds: 600_000 },
      }),
    );
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'dr-index:custom',
        frequency: { milliseconds: 90_000 },
        timeout: { milliseconds: 600_000 },
      }),
    );
  });
});
