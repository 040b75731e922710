/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { Readable } from 'node:stream';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  type BackupSourceFactory,
  type ReadableBackupSource,
  createBackupSourceFactoryFeature,
} from '@dr-suite/backstage-plugin-dr-node';

/**
 * A source type from outside the DR packages, installed the way a third
 * party's module would be: `type: memory` sources serve the backups written
 * in their config, `backups: [{ key, completedAt, content }]`.
 */
const memoryBackupSourceFactory: BackupSourceFactory = {
  type: 'memory',
  create({ id, config }) {
    const backups = new Map(
      config.getConfigArray('backups').map(backup => [
        backup.getString('key'),
        {
          completedAt: new Date(backup.getString('completedAt')),
          content: Buffer.from(backup.getString('content')),
        },
      ]),
    );
    const content = (key: string) => {
      const backup = backups.get(key);
      if (!backup) {
        throw new NotFoundError(`No backup "${key}" in source "${id}"`);
      }
      return backup.content;
    };
    const source: ReadableBackupSource = {
      id,
      type: 'memory',
      async index({ sink }) {
        await sink.upsert(
          [...backups].map(([key, backup]) => ({
            key,
            name: key,
            type: 'full',
            status: 'succeeded',
            startedAt: null,
            completedAt: backup.completedAt,
            sizeBytes: backup.content.length,
            checksum: null,
            encrypted: false,
            details: {},
          })),
        );
        return {
          mode: 'full',
          state: {},
          listed: backups.size,
          upserted: backups.size,
          removed: 0,
        };
      },
      parseSelector(selector) {
        if (!/^[a-z0-9-]+\/$/.test(selector)) {
          throw new InputError(
            `Memory selector "${selector}" for source "${id}" must be a folder such as orders-db/`,
          );
        }
        return { kind: 'prefix', prefix: selector, canonical: selector };
      },
      async openReadStream(key) {
        return Readable.from([content(key)]);
      },
      async statSize(key) {
        return content(key).length;
      },
    };
    return source;
  },
};

/** The module's default export, as its package would have it. */
export default createBackupSourceFactoryFeature(memoryBackupSourceFactory);
