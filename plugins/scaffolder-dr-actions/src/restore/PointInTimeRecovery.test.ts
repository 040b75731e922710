/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  FilesystemBackupSource,
  PostgresRestorer,
  type RestoreBackup,
  type RestorePhase,
  createPostgresRestorer,
} from '@dr-suite/backstage-plugin-dr-node';
import {
  type ArchivedDataStore,
  archivedDataStore,
  describeWithServerBinaries,
} from '../__testUtils__/pointInTimeFixtures';
import {
  describeWithPostgres,
  dropDatabases,
  postgresTarget,
  uniqueName,
  withClient,
} from '../__testUtils__/postgresFixtures';

jest.setTimeout(180_000);

function recorder() {
  const phases: RestorePhase[] = [];
  return {
    phases,
    async phase<T>(name: string, run: () => Promise<T>): Promise<T> {
      const startedAt = new Date();
      try {
        return await run();
      } finally {
        const completedAt = new Date();
        phases.push({
          name,
          startedAt: startedAt.toISOString(),
          completedAt: completedAt.toISOString(),
          durationSeconds: (completedAt.getTime() - startedAt.getTime()) / 1000,
        });
      }
    },
  };
}

async function orderIds(database: string): Promise<number[]> {
  return withClient(database, async client =>
    (await client.query('select id from orders order by id')).rows.map(r =>
      Number(r.id),
    ),
  );
}

describeWithPostgres('point-in-time recovery of PostgreSQL', () => {
  describeWithServerBinaries('from a pg_basebackup set and its WAL', () => {
    let store: ArchivedDataStore;
    let scratch: string;
    const staging = uniqueName('dr_pitr_staging');
    const logger = mockServices.logger.mock();
    const messages = () =>
      logger.info.mock.calls.map(call => String(call[0])).join('\n');

    beforeAll(async () => {
      store = await archivedDataStore();
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-pitr-scratch-'));
      // The cluster's OS user must be able to enter it.
      fs.chmodSync(scratch, 0o755);
    });
    afterAll(async () => {
      await dropDatabases(staging, `${staging}__previous`);
      await store?.cleanup();
      fs.rmSync(scratch, { recursive: true, force: true });
    });
    beforeEach(() => jest.clearAllMocks());

    function setup() {
      const source = new FilesystemBackupSource({
        id: 'volume',
        directory: store.directory,
        logger,
      });
      const backup: RestoreBackup = {
        sourceId: 'volume',
        key: store.baseKey,
        name: store.baseKey,
        sizeBytes: null,
        startedAt: store.baseStartedAt,
        completedAt: store.baseCompletedAt,
        details: { layout: 'pg_basebackup', files: store.baseFiles },
        recoveryWindow: {
          from: store.baseStartedAt,
          to: store.archivedUntil,
          walPrefix: `${store.prefix}wal/`,
        },
      };
      const restorer = createPostgresRestorer(new PostgresRestorer(), {
        pointInTime: { scratchDirectory: scratch },
      });
      const target = postgresTarget(staging);
      const run = (
        targetTime: string,
        extra: {
          signal?: AbortSignal;
          phases?: ReturnType<typeof recorder>;
        } = {},
      ) =>
        restorer.execute({
          approvalId: 'a1',
          parameters: {
            kind: 'postgres',
            entityRef: 'resource:default/orders-db',
            backupId: 'b1',
            targetId: 'staging',
            scenario: 'bad-migration',
            checks: [],
            kindParameters: { targetTime },
          },
          target,
          backup,
          source,
          options: { jobs: 1 },
          phases: extra.phases ?? recorder(),
          logger,
          signal: extra.signal,
        });
      return { source, backup, restorer, target, run };
    }

    it('recovers to an instant between two commits: the rows before it are there, those after it are not', async () => {
      const { restorer, backup, source, target, run } = setup();
      const parameters = {
        kind: 'postgres',
        entityRef: 'resource:default/orders-db',
        backupId: 'b1',
        targetId: 'staging',
        scenario: 'bad-migration',
        checks: [],
        kindParameters: { targetTime: store.between },
      };
      await expect(
        restorer.validate({ parameters, target, backup, source }),
      ).resolves.toBeUndefined();

      const phases = recorder();
      const result = await run(store.between, { phases });
      expect(await orderIds(staging)).toEqual(store.before);
      expect(result.output).toMatchObject({
        database: staging,
        recoveredTo: store.between,
      });
      expect(result.output.walFilesFetched).toBeGreaterThan(0);
      expect(phases.phases.map(p => p.name)).toEqual([
        'provisioning',
        'wal-replay',
        'transfer',
        'verification',
        'switch',
      ]);
      // tar reads the base backup on the volume by itself; its progress still shows.
      expect(messages()).toMatch(
        /Read [\d.]+ [kMG]B of [\d.]+ [kMG]B of the backup \(100%\) \(base\.tar(\.gz)?\)/,
      );
      expect(messages()).toMatch(/WAL replay done at [0-9A-F]+\/[0-9A-F]+/);
      expect(messages()).toMatch(/WAL files \([\d.]+ MB\) fetched/);
      expect(messages()).toMatch(
        /[\d.]+ [kMG]B of orders moved from the recovered cluster into the target, done/,
      );
      // The scratch cluster is gone.
      expect(fs.readdirSync(scratch)).toEqual([]);
    });

    it('recovers to the end of the archived WAL when no transaction after the instant is in it, and says so', async () => {
      const { run } = setup();
      // After the last commit, inside the window: PostgreSQL finds no
      // commit past the target and stops short of it on its own.
      expect(Date.parse(store.afterLastCommit)).toBeLessThan(
        Date.parse(store.archivedUntil),
      );
      const result = await run(store.afterLastCommit);
      expect(await orderIds(staging)).toEqual([
        ...store.before,
        ...store.after,
      ]);
      expect(result.output).toMatchObject({
        recoveredTo: store.afterLastCommit,
      });
      const said = new RegExp(
        `No transaction after ${store.afterLastCommit.replace(
          /\d{3}Z$/,
          'Z',
        )} in the archive: recovered to the end of the archived WAL, last commit at (\\S+);`,
      ).exec(messages());
      expect(said).not.toBeNull();
      // The last commit named is order 5's: after `between`, before the target.
      const lastCommit = Date.parse(said![1]);
      expect(lastCommit).toBeGreaterThan(Date.parse(store.between));
      expect(lastCommit).toBeLessThanOrEqual(Date.parse(store.afterLastCommit));
      expect(fs.readdirSync(scratch)).toEqual([]);
    });

    it('removes the scratch cluster and leaves the target as it was when recovery cannot reach the time', async () => {
      const { run } = setup();
      const before = await orderIds(staging);
      // Past the archived WAL: the server stops short of the target.
      const tooLate = new Date(Date.parse(store.archivedUntil) + 3600_000);
      await expect(run(tooLate.toISOString())).rejects.toThrow(
        /stopped .*before reaching the target: .*recovery ended before configured recovery target was reached/s,
      );
      expect(await orderIds(staging)).toEqual(before);
      expect(fs.readdirSync(scratch)).toEqual([]);
    });

    it('removes the scratch cluster when the restore is cancelled during WAL replay', async () => {
      const { run } = setup();
      const controller = new AbortController();
      const phases = recorder();
      const phase = phases.phase.bind(phases);
      phases.phase = (name, fn) =>
        phase(name, () => {
          if (name === 'wal-replay')
            controller.abort(new Error('Cancelled by the test'));
          return fn();
        });
      await expect(
        run(store.between, { signal: controller.signal, phases }),
      ).rejects.toThrow('Cancelled by the test');
      expect(fs.readdirSync(scratch)).toEqual([]);
    });

    it('refuses, before approval, a time outside the recovery window and says the window', async () => {
      const { restorer, backup, source, target } = setup();
      const validate = (targetTime: string, extra: object = {}) =>
        restorer.validate({
          parameters: {
            kind: 'postgres',
            entityRef: 'resource:default/orders-db',
            backupId: 'b1',
            targetId: 'staging',
            scenario: 'bad-migration',
            checks: [],
            kindParameters: { targetTime },
          },
          target,
          backup: { ...backup, ...extra },
          source,
        });
      const late = new Date(Date.parse(store.archivedUntil) + 3600_000);
      await expect(validate(late.toISOString())).rejects.toThrow(
        `is outside the recovery window of ${store.baseKey}'s data store, from ${store.baseStartedAt} to ${store.archivedUntil}; pick a time inside it`,
      );
      await expect(validate('2020-01-01T00:00:00+01:00')).rejects.toThrow(
        /before the base backup .* completed/,
      );
      await expect(validate('yesterday')).rejects.toThrow(
        /kindParameters: targetTime must be an ISO 8601 time with a zone/,
      );
      await expect(
        validate(store.between, { recoveryWindow: undefined }),
      ).rejects.toThrow(/No WAL archive is indexed/);
      await expect(
        validate(store.between, {
          key: 'orders-db/orders_full_20261101_000000.sql.gz',
          details: {},
        }),
      ).rejects.toThrow(/needs a base backup/);
    });
  });
});
