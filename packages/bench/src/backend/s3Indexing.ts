/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Entity } from '@backstage/catalog-model';
import { startS3TestServer } from '@dr-suite/backstage-plugin-dr-node/testUtils';
import { report, timed } from '../report';
import { startBenchBackend } from './startBenchBackend';

const SUITE = 's3 indexing';
const BUCKET = 'bench';
const DATABASES = 20;
const DUMPS_PER_DATABASE = Number(process.env.DR_BENCH_DUMPS ?? 2_000);
const WAL_PER_DATABASE = Number(process.env.DR_BENCH_WAL ?? 8_000);

function stamp(time: Date): string {
  const iso = time.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}_${iso
    .slice(11, 19)
    .replace(/:/g, '')}`;
}

/**
 * Writes objects in s3rver's on-disk format (object, md5 and metadata files),
 * which is how s3rver itself stores a PutObject, only far faster to seed.
 */
function seedBucket(directory: string): number {
  const now = Date.now();
  let count = 0;
  const write = (key: string, time: Date) => {
    const file = path.join(directory, BUCKET, key);
    const body = `bench ${key}`;
    fs.writeFileSync(`${file}._S3rver_object`, body);
    fs.writeFileSync(
      `${file}._S3rver_object.md5`,
      '0123456789abcdef0123456789abcdef',
    );
    fs.writeFileSync(
      `${file}._S3rver_metadata.json`,
      '{"content-type":"application/octet-stream"}',
    );
    fs.utimesSync(`${file}._S3rver_object`, time, time);
    count += 1;
  };
  for (let db = 0; db < DATABASES; db++) {
    fs.mkdirSync(path.join(directory, BUCKET, `db-${db}`, 'wal'), {
      recursive: true,
    });
    for (let i = 0; i < DUMPS_PER_DATABASE; i++) {
      const time = new Date(now - i * 6 * 3600_000 - db * 60_000);
      write(`db-${db}/db-${db}_full_${stamp(time)}.sql.gz`, time);
    }
    for (let i = 0; i < WAL_PER_DATABASE; i++) {
      // Real segment names: timeline, log, and a segment number below 0x100.
      const n = 1_000_000 - i;
      const hex = (value: number) =>
        value.toString(16).toUpperCase().padStart(8, '0');
      write(
        `db-${db}/wal/00000001${hex(Math.floor(n / 256))}${hex(n % 256)}`,
        new Date(now - i * 5 * 60_000),
      );
    }
  }
  return count;
}

async function bareListing(client: S3Client): Promise<number> {
  let token: string | undefined;
  let objects = 0;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token }),
    );
    objects += page.Contents?.length ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/** Indexing a 200,000-object bucket against a bare ListObjectsV2 pagination of it. */
export async function runS3IndexingBench(): Promise<void> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-bench-s3-'));
  const seeded = await timed(async () => seedBucket(directory));
  process.stdout.write(
    `[${SUITE}] seeded ${seeded.result} objects in ${(seeded.ms / 1000).toFixed(
      0,
    )} s\n`,
  );
  const s3 = await startS3TestServer({ directory, buckets: [BUCKET] });
  const client = new S3Client(s3.clientConfig);
  const entities: Entity[] = Array.from({ length: DATABASES }, (_, db) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `db-${db}`,
      namespace: 'default',
      annotations: {
        'dr.backstage.io/rpo': '15m',
        'dr.backstage.io/backup-sources': `bucket:db-${db}/`,
      },
    },
    spec: { type: 'database', owner: 'group:default/dba' },
  }));
  const backend = await startBenchBackend({
    entities,
    drConfig: {
      sources: {
        bucket: {
          type: 's3',
          bucket: BUCKET,
          ...s3.clientConfig,
          fullIndexInterval: '1d',
        },
      },
    },
  });
  try {
    await backend.scheduler.triggerTask('dr-catalog-sync');
    await bareListing(client); // warms the file system cache for both sides
    const listing1 = await timed(() => bareListing(client));

    const refresh = async (body: object) => {
      const response = await backend.request('/refresh', {
        method: 'POST',
        body: JSON.stringify(body),
      });
      if (response.status !== 202)
        throw new Error(`refresh: HTTP ${response.status}`);
    };
    const full = await timed(() => refresh({ sourceId: 'bucket', full: true }));
    // The scheduled run, as the scheduler starts it every few minutes.
    const unchanged = await timed(() =>
      backend.scheduler.triggerTask('dr-index:bucket'),
    );
    // A requested run asks every series, not only those due.
    const eager = await timed(() => refresh({ sourceId: 'bucket' }));
    const listing2 = await timed(() => bareListing(client));

    const sources = (await (await backend.request('/sources')).json()) as {
      items: Array<{
        sourceId: string;
        backupCount: number;
        status: string;
        lastError: string | null;
      }>;
    };
    const indexed = sources.items.find(s => s.sourceId === 'bucket')!;
    if (indexed.status !== 'ok' || indexed.backupCount !== listing1.result) {
      throw new Error(
        `Index holds ${indexed.backupCount} backups, the bucket ${listing1.result}: ${indexed.lastError}`,
      );
    }

    for (let db = 0; db < DATABASES; db++) {
      await client.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: `db-${db}/db-${db}_full_${stamp(
            new Date(Date.now() + 3600_000),
          )}.sql.gz`,
          Body: 'new',
        }),
      );
    }
    const changed = await timed(() => refresh({ sourceId: 'bucket' }));
    const after = (await (
      await backend.request('/sources')
    ).json()) as typeof sources;
    const grown =
      after.items.find(s => s.sourceId === 'bucket')!.backupCount -
      indexed.backupCount;
    if (grown !== DATABASES)
      throw new Error(
        `Incremental run found ${grown} new backups, expected ${DATABASES}`,
      );

    const listingMs = (listing1.ms + listing2.ms) / 2;
    report({
      suite: SUITE,
      name: `bare ListObjectsV2 pagination of ${listing1.result} objects`,
      value: listingMs,
      unit: 'ms',
    });
    report({
      suite: SUITE,
      name: 'full index (list + parse + write to PostgreSQL + facts)',
      value: full.ms,
      unit: 'ms',
    });
    report({
      suite: SUITE,
      name: 'full index / bare listing',
      value: full.ms / listingMs,
      unit: 'ratio',
      goal: 1.5,
      baseline: { name: 'bare listing', value: listingMs },
    });
    report({
      suite: SUITE,
      name: 'scheduled re-index of the unchanged bucket / full index',
      value: unchanged.ms / full.ms,
      unit: 'ratio',
      goal: 0.05,
      baseline: { name: 'full index', value: full.ms },
      note: `${unchanged.ms.toFixed(0)} ms`,
    });
    report({
      suite: SUITE,
      name: 'requested re-index of the unchanged bucket (every series asked) / full index',
      value: eager.ms / full.ms,
      unit: 'ratio',
      baseline: { name: 'full index', value: full.ms },
      note: `${eager.ms.toFixed(0)} ms`,
    });
    report({
      suite: SUITE,
      name: `requested run picking up ${DATABASES} new backups`,
      value: changed.ms,
      unit: 'ms',
    });
  } finally {
    client.destroy();
    await backend.stop();
    await s3.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
