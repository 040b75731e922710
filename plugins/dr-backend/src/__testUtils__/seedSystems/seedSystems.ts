/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  ObjectiveStatus,
  OverallStatus,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  rdbBytes,
  redisDumpName,
  stamp,
  writeClickHouseNative,
  writeClickhouseBackup,
  writePgBasebackup,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import type { BackupObjectWriter } from './backupObjects';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const later = (time: Date, minutes: number) =>
  new Date(time.getTime() + minutes * MINUTE);

/** A WAL segment's file name (16 MB segments: 256 per log). */
function walSegment(number: number, timeline = 1): string {
  const hex = (value: number) =>
    value.toString(16).toUpperCase().padStart(8, '0');
  return hex(timeline) + hex(Math.floor(number / 256)) + hex(number % 256);
}

/** The LSN just past the start of a segment, as a backup manifest has it. */
function segmentLsn(number: number): string {
  return `${Math.floor(number / 256)
    .toString(16)
    .toUpperCase()}/${(number % 256).toString(16).toUpperCase()}000028`;
}

/** `openssl enc -aes-256-cbc -salt`: `Salted__`, the salt, ciphertext. */
const OPENSSL_BODY = Buffer.concat([
  Buffer.from('Salted__'),
  Buffer.alloc(48, 0x5c),
]);

/** ClickHouse's `BACKUP … TO S3`: `.backup` is written 10 minutes in. */
async function clickhouseNative(
  write: BackupObjectWriter,
  root: string,
  started: Date,
  marker: 'complete' | 'missing' | 'broken',
): Promise<Date> {
  await writeClickHouseNative(write, root, started, { marker });
  return later(started, 10);
}

/** clickhouse-backup: `metadata.json` is written 9 minutes in. */
async function clickhouseBackup(
  write: BackupObjectWriter,
  folder: string,
  name: string,
  created: Date,
  options: {
    metadata: 'complete' | 'missing' | 'broken';
    requiredBackup?: string;
  },
): Promise<Date> {
  await writeClickhouseBackup(write, folder, name, created, options);
  return later(created, 9);
}

/** A catalog entity of a seed system, with its DR annotations. */
export interface SeedEntity {
  kind: 'Resource' | 'Component';
  name: string;
  /** `dr.backstage.io/*` annotations; `plan` is a file under `plans/`. */
  annotations: Record<string, string>;
}

/** What the posture of one entity must say. */
export interface ExpectedPosture {
  overall: OverallStatus;
  rpo: ObjectiveStatus;
  /** The newest point the entity can be restored to; null when none. */
  lastSuccessfulBackupAt: Date | null;
  /** The recovery window of its continuously archived store. */
  window?: { from?: Date; to: Date | null; gapAt?: string };
  /** Problem codes the posture must list. */
  problems?: string[];
  /** Problem codes the posture must not list. */
  noProblems?: string[];
  /** `[type, status]` of its newest backups, newest first. */
  newestBackups?: Array<[string, string]>;
  /** How many backup rows it has (one per set, however many objects). */
  backupCount?: number;
  /** Backups still being written: listed, never counted. */
  inProgress?: number;
  /** A failed backup whose problem says this. */
  failedBackupProblem?: RegExp;
}

/** A drill the team recorded (`POST …/drills`). */
export interface SeedDrill {
  entity: string;
  scenario: string;
  startedAt: Date;
  completedAt: Date;
  notes: string;
}

/** One seed system as its platform team would model it. */
export interface SeedSystemModel {
  /** Backup-set layouts of the source the system's backups are in. */
  layouts: Array<string | { layout: string; prefix?: string }>;
  /** DR plans by file name, in the plan format. */
  plans: Record<string, string>;
  entities: SeedEntity[];
  drills: SeedDrill[];
  expected: Record<string, ExpectedPosture>;
}

export interface SeedSystem {
  /** The seed file, e.g. `000`. */
  seed: string;
  system: string;
  /** Writes the system's backups relative to `now` and describes the rest. */
  build(write: BackupObjectWriter, now: number): Promise<SeedSystemModel>;
}

const at = (ms: number) => new Date(ms);

/**
 * Seed 000, BatchSender: ClickHouse `BACKUP … TO S3` daily at 03:00 into
 * Backblaze B2 (RPO 24 h, RTO 4 h, monthly DR test); PostgreSQL is Neon's
 * managed PITR, which no source can see.
 */
const batchSender: SeedSystem = {
  seed: '000',
  system: 'BatchSender',
  async build(write, now): Promise<SeedSystemModel> {
    const started = (daysAgo: number) => at(now - 21 * HOUR - daysAgo * DAY);
    // The production cluster: 30 daily backups (30-day retention) and a
    // manual one (the monthly test's "trigger manual backup") being written.
    let newestProduction = at(0);
    for (let day = 0; day < 30; day++) {
      const completed = await clickhouseNative(
        write,
        `batchsender-clickhouse/backups/daily_${stamp(started(day))}/`,
        started(day),
        'complete',
      );
      if (day === 0) newestProduction = completed;
    }
    await clickhouseNative(
      write,
      `batchsender-clickhouse/backups/manual_${stamp(at(now - 10 * MINUTE))}/`,
      at(now - 10 * MINUTE),
      'missing',
    );
    // The staging cluster's job has been failing: yesterday's `.backup` was
    // cut off, the day before never got one; the last good one is 3 days old.
    let newestStaging = at(0);
    for (let day = 3; day < 10; day++) {
      const completed = await clickhouseNative(
        write,
        `batchsender-clickhouse-staging/backups/daily_${stamp(started(day))}/`,
        started(day),
        'complete',
      );
      if (day === 3) newestStaging = completed;
    }
    await clickhouseNative(
      write,
      `batchsender-clickhouse-staging/backups/daily_${stamp(started(2))}/`,
      started(2),
      'missing',
    );
    await clickhouseNative(
      write,
      `batchsender-clickhouse-staging/backups/daily_${stamp(started(1))}/`,
      started(1),
      'broken',
    );

    return {
      layouts: [{ layout: 'clickhouse-native', prefix: 'batchsender-' }],
      plans: {
        'batchsender.yaml': `apiVersion: dr.backstage.io/v1alpha1
kind: DisasterRecoveryPlan
metadata:
  name: batchsender
  title: Disaster Recovery Plan - BatchSender
spec:
  objectives:
    - scenario: database-corruption
      title: ClickHouse data corruption
      rto: 4h
      rpo: 24h
    - scenario: cluster-failure
      title: Entire cluster failure
      rto: 4h
      rpo: 24h
  dataStores:
    - name: clickhouse
      entityRef: resource:default/batchsender-clickhouse
      engine: clickhouse
      backup:
        method: BACKUP DATABASE … TO S3 (Backblaze B2)
        schedule: "0 3 * * *"
        retention: 30d
        location: volume:batchsender-clickhouse/backups/
        encryption: none
    - name: postgres
      entityRef: resource:default/batchsender-postgres
      engine: postgresql
      backup:
        method: Neon managed backups, point-in-time restore
        schedule: hourly
        retention: 7d
        continuousArchiving: true
  runbooks:
    - scenario: database-corruption
      title: Restore ClickHouse from B2
      symptoms: [Query errors, audit queries failing]
      expectedRto: 4h
      steps:
        - title: Check backup status
          command: kubectl logs job/clickhouse-backup -n batchsender
        - Restore the newest complete backup with RESTORE DATABASE default FROM S3(…)
        - title: Verify
          command: kubectl exec clickhouse-0 -n batchsender -- clickhouse-client -q "SELECT count() FROM email_events"
  drills:
    cadence: 30d
  escalation:
    - { name: Backblaze, role: vendor, contact: support.backblaze.com }
    - { name: Neon, role: vendor, contact: support@neon.tech }
`,
      },
      entities: [
        {
          kind: 'Resource',
          name: 'batchsender-clickhouse',
          annotations: {
            'dr.backstage.io/backup-sources':
              'volume:batchsender-clickhouse/backups/',
            'dr.backstage.io/plan': 'batchsender.yaml',
          },
        },
        {
          kind: 'Resource',
          name: 'batchsender-clickhouse-staging',
          annotations: {
            'dr.backstage.io/backup-sources':
              'volume:batchsender-clickhouse-staging/backups/',
            'dr.backstage.io/plan': 'batchsender.yaml',
          },
        },
        {
          kind: 'Resource',
          name: 'batchsender-postgres',
          annotations: {
            'dr.backstage.io/rpo': '15m',
            'dr.backstage.io/plan': 'batchsender.yaml',
          },
        },
      ],
      drills: [
        {
          entity: 'batchsender-clickhouse',
          scenario: 'cluster-failure',
          startedAt: at(now - 10 * DAY),
          completedAt: at(now - 10 * DAY + 150 * MINUTE),
          notes:
            'Monthly DR test: restored the newest backup to the staging cluster, counts match.',
        },
        // Each scenario's RTO is judged on its own drills only (issue 11).
        {
          entity: 'batchsender-clickhouse',
          scenario: 'database-corruption',
          startedAt: at(now - 10 * DAY),
          completedAt: at(now - 10 * DAY + 150 * MINUTE),
          notes: 'Monthly DR test: RESTORE DATABASE from B2 into staging.',
        },
      ],
      expected: {
        'batchsender-clickhouse': {
          overall: 'ok',
          rpo: 'met',
          lastSuccessfulBackupAt: newestProduction,
          // One row per backup, not one per file (31, not 93).
          backupCount: 31,
          inProgress: 1,
          newestBackups: [
            ['full', 'in-progress'],
            ['full', 'succeeded'],
          ],
        },
        'batchsender-clickhouse-staging': {
          overall: 'breach',
          rpo: 'breached',
          lastSuccessfulBackupAt: newestStaging,
          inProgress: 1,
          newestBackups: [
            ['full', 'failed'],
            ['full', 'in-progress'],
            ['full', 'succeeded'],
          ],
          failedBackupProblem: /\.backup of .* does not parse/,
        },
        // Neon's backups are not in any source: the truth is "unknown".
        'batchsender-postgres': {
          overall: 'at-risk',
          rpo: 'unknown',
          lastSuccessfulBackupAt: null,
        },
      },
    };
  },
};

/**
 * Seed 001, a multi-region platform (RTO 4 h, RPO 1 h): PostgreSQL hourly
 * pg_basebackup plus WAL to S3, ClickHouse daily with clickhouse-backup,
 * Redis hourly RDB snapshots; a DR region with its own archive.
 */
const multiRegionPlatform: SeedSystem = {
  seed: '001',
  system: 'multi-region platform',
  async build(write, now) {
    /** WAL every 5 minutes for 7 hours; segment n archived at walAt(n). */
    const SEGMENTS = 84;
    const walAt = (n: number) =>
      at(now - 2 * MINUTE - (SEGMENTS - n) * 5 * MINUTE);
    /** The segment written while a backup started `hours` ago. */
    const segmentAt = (hours: number) => SEGMENTS - 12 * hours + 1;

    // Primary region: hourly base backups, all complete but the running one.
    for (let hours = 1; hours <= 6; hours++) {
      await writePgBasebackup(write, 'postgres/', at(now - hours * HOUR), {
        startLsn: segmentLsn(segmentAt(hours)),
      });
    }
    await writePgBasebackup(write, 'postgres/', at(now - 8 * MINUTE), {
      manifest: 'missing',
    });
    for (let n = 0; n <= SEGMENTS; n++) {
      await write(`postgres/wal/${walSegment(n)}`, 'wal', walAt(n));
    }

    // DR region: segment 60 (2 h ago) never arrived. The base backup taken
    // after it lost its base.tar.gz, the next is still running: neither
    // restores, so the window ends before the gap.
    const GAP = 60;
    for (let hours = 3; hours <= 6; hours++) {
      await writePgBasebackup(write, 'postgres-dr/', at(now - hours * HOUR), {
        startLsn: segmentLsn(segmentAt(hours)),
      });
    }
    await writePgBasebackup(write, 'postgres-dr/', at(now - 1 * HOUR), {
      startLsn: segmentLsn(segmentAt(1)),
      withoutBaseTar: true,
    });
    await writePgBasebackup(
      write,
      'postgres-dr/',
      at(now - 2 * HOUR + 30 * MINUTE),
      { manifest: 'missing' },
    );
    for (let n = 0; n <= SEGMENTS; n++) {
      if (n !== GAP)
        await write(`postgres-dr/wal/${walSegment(n)}`, 'wal', walAt(n));
    }

    // ClickHouse at 02:00 daily: today's upload is still running.
    const daily = (daysAgo: number) => at(now - 26 * HOUR - daysAgo * DAY);
    for (let day = 4; day >= 1; day--) {
      await clickhouseBackup(
        write,
        'clickhouse/',
        `daily-${stamp(daily(day), '-')}`,
        daily(day),
        { metadata: 'complete' },
      );
    }
    const newestClickhouse = await clickhouseBackup(
      write,
      'clickhouse/',
      `daily-${stamp(daily(0), '-')}`,
      daily(0),
      {
        metadata: 'complete',
        requiredBackup: `daily-${stamp(daily(1), '-')}`,
      },
    );
    await clickhouseBackup(
      write,
      'clickhouse/',
      `daily-${stamp(at(now - 40 * MINUTE), '-')}`,
      at(now - 40 * MINUTE),
      { metadata: 'missing' },
    );

    // Redis: hourly snapshots; the newest upload is an error page.
    for (let hours = 0; hours < 24; hours++) {
      const time = at(now - 35 * MINUTE - hours * HOUR);
      await write(`redis/${redisDumpName(time)}`, rdbBytes(), time);
    }
    await write(
      `redis/${redisDumpName(at(now - 5 * MINUTE))}`,
      '<html>503 Service Unavailable</html>',
      at(now - 5 * MINUTE),
    );

    const resource = (name: string, selector: string): SeedEntity => ({
      kind: 'Resource',
      name,
      annotations: {
        'dr.backstage.io/backup-sources': `volume:${selector}`,
        'dr.backstage.io/plan': 'platform.yaml',
      },
    });
    return {
      layouts: [
        'pg_basebackup',
        { layout: 'clickhouse-backup', prefix: 'clickhouse/' },
      ],
      plans: {
        'platform.yaml': `apiVersion: dr.backstage.io/v1alpha1
kind: DisasterRecoveryPlan
metadata:
  name: platform
  title: Disaster Recovery
spec:
  objectives:
    - scenario: region-failover
      title: Primary region failure
      rto: 4h
      rpo: 1h
    - scenario: database-recovery
      title: Point-in-time database recovery
      rto: 4h
      rpo: 1h
  dataStores:
    - name: postgresql
      entityRef: resource:default/platform-postgres
      engine: postgresql
      backup: { method: pg_basebackup + WAL archiving, schedule: "0 * * * *", retention: 30d, location: "volume:postgres/", encryption: KMS, continuousArchiving: true }
    - name: clickhouse
      entityRef: resource:default/platform-clickhouse
      engine: clickhouse
      backup: { method: clickhouse-backup, schedule: "0 2 * * *", retention: 90d, location: "volume:clickhouse/" }
    - name: redis
      entityRef: resource:default/platform-redis
      engine: redis
      backup: { method: RDB snapshot, schedule: hourly, retention: 7d, location: "volume:redis/" }
  runbooks:
    - scenario: region-failover
      title: Promote the DR region
      expectedRto: 4h
      steps:
        - title: Promote PostgreSQL replica
          command: psql -h dr-db.internal -c "SELECT pg_promote();"
        - Update DNS to the DR region
        - title: Run smoke tests
          command: ./scripts/smoke-test.sh --region us-west-2
  drills:
    cadence: 90d
`,
      },
      entities: [
        resource('platform-postgres', 'postgres/'),
        resource('platform-postgres-dr', 'postgres-dr/'),
        resource('platform-clickhouse', 'clickhouse/'),
        resource('platform-redis', 'redis/'),
      ],
      drills: [
        {
          entity: 'platform-postgres',
          scenario: 'region-failover',
          startedAt: at(now - 40 * DAY),
          completedAt: at(now - 40 * DAY + 3 * HOUR),
          notes:
            'Quarterly failover drill: promoted us-west-2, smoke tests green.',
        },
        // Each scenario's RTO is judged on its own drills only (issue 11).
        {
          entity: 'platform-postgres',
          scenario: 'database-recovery',
          startedAt: at(now - 40 * DAY),
          completedAt: at(now - 40 * DAY + 3 * HOUR),
          notes:
            'Weekly backup verification: restored the newest base backup with WAL.',
        },
      ],
      expected: {
        'platform-postgres': {
          overall: 'ok',
          rpo: 'met',
          lastSuccessfulBackupAt: walAt(SEGMENTS),
          window: { from: at(now - 6 * HOUR), to: walAt(SEGMENTS) },
          noProblems: ['wal-gap', 'wal-without-base-backup'],
          inProgress: 1,
        },
        'platform-postgres-dr': {
          overall: 'breach',
          rpo: 'breached',
          lastSuccessfulBackupAt: walAt(GAP - 1),
          window: { to: walAt(GAP - 1), gapAt: walSegment(GAP) },
          problems: ['wal-gap'],
          inProgress: 1,
          failedBackupProblem: /base\.tar/,
        },
        // Daily backups cannot meet the platform's 1 h: the truth is breached.
        'platform-clickhouse': {
          overall: 'breach',
          rpo: 'breached',
          lastSuccessfulBackupAt: newestClickhouse,
          backupCount: 6,
          inProgress: 1,
          newestBackups: [
            ['full', 'in-progress'],
            ['incremental', 'succeeded'],
            ['full', 'succeeded'],
          ],
        },
        'platform-redis': {
          overall: 'at-risk',
          rpo: 'met',
          lastSuccessfulBackupAt: at(now - 35 * MINUTE),
          newestBackups: [
            ['snapshot', 'failed'],
            ['snapshot', 'succeeded'],
          ],
          failedBackupProblem: /RDB magic/,
        },
      },
    };
  },
};

/**
 * Seed 002, the 254Carbon pipeline (RTO 15 min, RPO 1 h): ClickHouse with
 * clickhouse-backup and PostgreSQL dumps restored with psql. (Its Velero
 * schedules are modelled against the Kubernetes API in
 * veleroScheduleSets.test.ts.)
 */
const carbonPipeline: SeedSystem = {
  seed: '002',
  system: '254Carbon data pipeline',
  async build(write, now) {
    // Hourly clickhouse-backup: incrementals on the 5-hours-old full one.
    const created = (hours: number) => at(now - 45 * MINUTE - hours * HOUR);
    const name = (time: Date) =>
      `market_ticks_${time.toISOString().slice(0, 19).replace(/:/g, '-')}`;
    let newest = at(0);
    for (let hours = 5; hours >= 0; hours--) {
      const completed = await clickhouseBackup(
        write,
        'clickhouse/',
        name(created(hours)),
        created(hours),
        {
          metadata: 'complete',
          ...(hours < 5 ? { requiredBackup: name(created(hours + 1)) } : {}),
        },
      );
      if (hours === 0) newest = completed;
    }
    // An upload whose metadata.json was cut off, and one still running.
    const cut = at(now - 25 * MINUTE);
    await clickhouseBackup(write, 'clickhouse/', name(cut), cut, {
      metadata: 'broken',
    });
    await clickhouseBackup(
      write,
      'clickhouse/',
      name(at(now - 5 * MINUTE)),
      at(now - 5 * MINUTE),
      { metadata: 'missing' },
    );

    // The taxonomy database's hourly dumps stopped three hours ago.
    for (let hours = 3; hours < 12; hours++) {
      const time = at(now - hours * HOUR);
      await write(
        `postgres/taxonomy_db_full_${stamp(time)}.sql.gz`,
        'dump',
        time,
      );
    }

    return {
      layouts: [{ layout: 'clickhouse-backup', prefix: 'clickhouse/' }],
      plans: {
        'pipeline.yaml': `apiVersion: dr.backstage.io/v1alpha1
kind: DisasterRecoveryPlan
metadata:
  name: data-pipeline
  title: 254Carbon Data Processing Pipeline
spec:
  objectives:
    - scenario: database-corruption
      title: Database corruption or loss
      rto: 15m
      rpo: 1h
    - scenario: namespace-loss
      title: Complete namespace loss
      rto: 15m
      rpo: 1h
  dataStores:
    - name: clickhouse
      entityRef: resource:default/market-ticks
      engine: clickhouse
      backup: { method: clickhouse-backup, schedule: hourly, location: "volume:clickhouse/" }
    - name: taxonomy
      entityRef: resource:default/taxonomy-db
      engine: postgresql
      backup: { method: pg_dump, schedule: hourly, location: "volume:postgres/" }
  runbooks:
    - scenario: database-corruption
      title: Restore ClickHouse from the latest backup
      expectedRto: 15m
      steps:
        - title: Stop the consumer
          command: kubectl scale deployment/normalization-service -n data-processing --replicas=0
        - title: Restore
          command: kubectl exec -it clickhouse-0 -n data-processing -- clickhouse-backup restore <backup-name>
  drills:
    cadence: 90d
  alerts:
    backupAge: 25h
`,
      },
      entities: [
        {
          kind: 'Resource',
          name: 'market-ticks',
          annotations: {
            'dr.backstage.io/backup-sources': 'volume:clickhouse/',
            'dr.backstage.io/plan': 'pipeline.yaml',
          },
        },
        {
          kind: 'Resource',
          name: 'taxonomy-db',
          annotations: {
            'dr.backstage.io/backup-sources': 'volume:postgres/',
            'dr.backstage.io/plan': 'pipeline.yaml',
          },
        },
      ],
      drills: [
        {
          entity: 'market-ticks',
          scenario: 'database-corruption',
          startedAt: at(now - 20 * DAY),
          completedAt: at(now - 20 * DAY + 12 * MINUTE),
          notes:
            'Quarterly automated DR test (dr_automation.py): restored, counts match.',
        },
        // Each scenario's RTO is judged on its own drills only (issue 11).
        {
          entity: 'market-ticks',
          scenario: 'namespace-loss',
          startedAt: at(now - 20 * DAY),
          completedAt: at(now - 20 * DAY + 12 * MINUTE),
          notes:
            'Quarterly automated DR test: Velero restore of the namespace.',
        },
      ],
      expected: {
        'market-ticks': {
          overall: 'ok',
          rpo: 'met',
          lastSuccessfulBackupAt: newest,
          backupCount: 8,
          inProgress: 1,
          newestBackups: [
            ['full', 'in-progress'],
            ['full', 'failed'],
            ['incremental', 'succeeded'],
          ],
          failedBackupProblem: /metadata\.json of .* does not parse/,
        },
        'taxonomy-db': {
          overall: 'breach',
          rpo: 'breached',
          lastSuccessfulBackupAt: at(now - 3 * HOUR),
        },
      },
    };
  },
};

/**
 * Seed 003, MailBlast (RPO 15 min, RTO 30 min): a daily
 * `pg_dump | gzip | openssl enc` and WAL every 15 minutes to
 * s3://backups/mailblast/db/{full,wal}/.
 */
const mailBlast: SeedSystem = {
  seed: '003',
  system: 'MailBlast',
  async build(write, now) {
    const SEGMENTS = 200; // 50 hours of WAL
    const store = async (root: string, stoppedMinutesAgo: number) => {
      const walAt = (n: number) =>
        at(now - stoppedMinutesAgo * MINUTE - (SEGMENTS - n) * 15 * MINUTE);
      for (const hoursAgo of [44, 20]) {
        const dumped = at(now - hoursAgo * HOUR);
        await write(
          `${root}full/mailblast-full-${stamp(dumped, '-')}.sql.gz`,
          OPENSSL_BODY,
          later(dumped, 5),
        );
      }
      for (let n = 0; n <= SEGMENTS; n++) {
        await write(`${root}wal/${walSegment(n)}`, 'wal', walAt(n));
      }
      return walAt;
    };
    const walAt = await store('mailblast/db/', 4);
    // Names in the WAL folder that look like segments but are not: they
    // sort after every real one and must neither extend nor hide the window.
    for (const name of [
      '00000001FFFFFFFF000001FF',
      '0000000100000000000000GG',
      '00000002.history',
      `${walSegment(SEGMENTS + 1)}.partial`,
    ]) {
      await write(`mailblast/db/wal/${name}`, 'not wal', at(now));
    }
    // The reporting database's archive_command has failed for 70 minutes.
    const reportingWalAt = await store('mailblast-reporting/db/', 70);

    return {
      layouts: [],
      plans: {
        'mailblast.yaml': `apiVersion: dr.backstage.io/v1alpha1
kind: DisasterRecoveryPlan
metadata:
  name: mailblast
  title: MailBlast disaster recovery
spec:
  objectives:
    - scenario: database-corruption
      title: Database corruption
      rto: 20m
      rpo: 15m
    - scenario: region-outage
      title: AWS region outage
      rto: 30m
      rpo: 15m
  dataStores:
    - name: postgresql
      entityRef: resource:default/mailblast-db
      engine: postgresql
      backup:
        method: pg_dump | gzip | openssl enc -aes-256-cbc, WAL archiving
        schedule: "0 2 * * *"
        retention: 30d dumps, 7d WAL
        location: volume:mailblast/db/
        encryption: AES-256
        continuousArchiving: true
  runbooks:
    - scenario: database-corruption
      title: Restore from backup + WAL
      expectedRto: 20m
      steps:
        - title: Find the latest backup
          command: aws s3 ls s3://backups/mailblast/db/full/ | tail -1
        - Restore it and replay the WAL
  drills:
    cadence: 90d
`,
      },
      entities: [
        {
          kind: 'Resource',
          name: 'mailblast-db',
          annotations: {
            'dr.backstage.io/backup-sources': 'volume:mailblast/db/',
            'dr.backstage.io/plan': 'mailblast.yaml',
          },
        },
        {
          kind: 'Resource',
          name: 'mailblast-reporting-db',
          annotations: {
            'dr.backstage.io/backup-sources': 'volume:mailblast-reporting/db/',
            'dr.backstage.io/plan': 'mailblast.yaml',
          },
        },
      ],
      drills: [
        {
          entity: 'mailblast-db',
          scenario: 'database-corruption',
          startedAt: at(now - 30 * DAY),
          completedAt: at(now - 30 * DAY + 18 * MINUTE),
          notes: 'Quarterly drill: restore + WAL replay, success criteria met.',
        },
        // Each scenario's RTO is judged on its own drills only (issue 11).
        {
          entity: 'mailblast-db',
          scenario: 'region-outage',
          startedAt: at(now - 30 * DAY),
          completedAt: at(now - 30 * DAY + 18 * MINUTE),
          notes:
            'Quarterly drill: restore in the other region from the S3 copy.',
        },
      ],
      expected: {
        'mailblast-db': {
          overall: 'ok',
          rpo: 'met',
          lastSuccessfulBackupAt: walAt(SEGMENTS),
          window: { from: at(now - 44 * HOUR), to: walAt(SEGMENTS) },
          noProblems: ['wal-gap', 'wal-without-base-backup'],
        },
        'mailblast-reporting-db': {
          overall: 'breach',
          rpo: 'breached',
          lastSuccessfulBackupAt: reportingWalAt(SEGMENTS),
          window: { to: reportingWalAt(SEGMENTS) },
        },
      },
    };
  },
};

/**
 * Seed 004, Small-Squaretable: a daily gzip dump at 02:00, a weekly custom
 * dump, and (where enabled) WAL with `wal/base_YYYYMMDD_HHMMSS/` base
 * backups; the same layout on the local volume and on S3.
 */
const smallSquaretable: SeedSystem = {
  seed: '004',
  system: 'Small-Squaretable',
  async build(write, now) {
    const dumped = (daysAgo: number) => at(now - 22 * HOUR - daysAgo * DAY);
    for (let day = 0; day < 7; day++) {
      await write(
        `small-squaretable/small-squaretable_full_${stamp(dumped(day))}.sql.gz`,
        'dump',
        later(dumped(day), 3),
      );
    }
    await write(
      `small-squaretable/small-squaretable_custom_${stamp(dumped(3))}.dump`,
      'PGDMP',
      later(dumped(3), 9),
    );

    // WAL every 4 minutes for 26 hours; base backups inside wal/.
    const SEGMENTS = 390;
    const walAt = (n: number) =>
      at(now - 1 * MINUTE - (SEGMENTS - n) * 4 * MINUTE);
    for (let n = 0; n <= SEGMENTS; n++) {
      await write(
        `small-squaretable-pitr/wal/${walSegment(n)}`,
        'wal',
        walAt(n),
      );
    }
    const baseStart = dumped(0);
    await writePgBasebackup(write, 'small-squaretable-pitr/wal/', baseStart, {
      startLsn: segmentLsn(SEGMENTS - 330),
    });
    await writePgBasebackup(
      write,
      'small-squaretable-pitr/wal/',
      at(now - 10 * MINUTE),
      { manifest: 'missing' },
    );

    // The S3 copy (backups/postgres/) stopped syncing three days ago.
    for (let day = 3; day < 10; day++) {
      await write(
        `backups/postgres/small-squaretable_full_${stamp(dumped(day))}.sql.gz`,
        'dump',
        later(dumped(day), 3),
      );
    }

    const resource = (
      name: string,
      selector: string,
      extra: Record<string, string> = {},
    ): SeedEntity => ({
      kind: 'Resource',
      name,
      annotations: {
        'dr.backstage.io/backup-sources': `volume:${selector}`,
        'dr.backstage.io/plan': 'squaretable.yaml',
        ...extra,
      },
    });
    return {
      layouts: ['pg_basebackup'],
      plans: {
        'squaretable.yaml': `apiVersion: dr.backstage.io/v1alpha1
kind: DisasterRecoveryPlan
metadata:
  name: small-squaretable
  title: Small-Squaretable Database Backup and Recovery
spec:
  objectives:
    - scenario: database-corruption
      title: Database corruption
      rto: 30m
      rpo: 24h
    - scenario: hardware-failure
      title: Hardware failure
      rto: 1h
      rpo: 24h
    - scenario: regional-disaster
      title: Data center outage
      rto: 2h
      rpo: 24h
  dataStores:
    - name: postgresql
      entityRef: resource:default/squaretable-db
      engine: postgresql
      backup: { method: pg_dump (gzip daily, custom weekly), schedule: "0 2 * * *", retention: 7d local, 30d S3, location: "volume:small-squaretable/" }
  runbooks:
    - scenario: database-corruption
      title: Restore from local backup
      expectedRto: 30m
      steps:
        - title: List available backups
          command: ./scripts/restore-db.sh --list
        - title: Restore
          command: ./scripts/restore-db.sh --interactive
  drills:
    cadence: 30d
  alerts:
    backupAge: 26h
`,
      },
      entities: [
        resource('squaretable-db', 'small-squaretable/'),
        resource('squaretable-db-pitr', 'small-squaretable-pitr/', {
          'dr.backstage.io/rpo': '5m',
        }),
        resource('squaretable-db-offsite', 'backups/postgres/'),
      ],
      drills: [
        {
          entity: 'squaretable-db',
          scenario: 'database-corruption',
          startedAt: at(now - 12 * DAY),
          completedAt: at(now - 12 * DAY + 25 * MINUTE),
          notes: 'Monthly restore test to staging: integrity checks passed.',
        },
        // Each scenario's RTO is judged on its own drills only (issue 11).
        {
          entity: 'squaretable-db',
          scenario: 'hardware-failure',
          startedAt: at(now - 12 * DAY),
          completedAt: at(now - 12 * DAY + 25 * MINUTE),
          notes: 'Quarterly failover drill.',
        },
        {
          entity: 'squaretable-db',
          scenario: 'regional-disaster',
          startedAt: at(now - 12 * DAY),
          completedAt: at(now - 12 * DAY + 25 * MINUTE),
          notes: 'Quarterly failover drill.',
        },
      ],
      expected: {
        'squaretable-db': {
          overall: 'ok',
          rpo: 'met',
          // A dump's time comes from its name (when the script started).
          lastSuccessfulBackupAt: dumped(0),
        },
        // Base backups inside wal/ are base backups: the window starts at
        // the complete one; the running one is listed, never counted.
        'squaretable-db-pitr': {
          overall: 'at-risk',
          rpo: 'met',
          lastSuccessfulBackupAt: walAt(SEGMENTS),
          window: { from: baseStart, to: walAt(SEGMENTS) },
          noProblems: ['wal-gap', 'wal-without-base-backup'],
          inProgress: 1,
        },
        'squaretable-db-offsite': {
          overall: 'breach',
          rpo: 'breached',
          lastSuccessfulBackupAt: dumped(3),
        },
      },
    };
  },
};

/** The five systems of `shared/seeds/`, modelled as their teams would. */
export const SEED_SYSTEMS: SeedSystem[] = [
  batchSender,
  multiRegionPlatform,
  carbonPipeline,
  mailBlast,
  smallSquaretable,
];
