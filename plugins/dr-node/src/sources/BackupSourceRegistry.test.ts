/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { BackupSourceRegistry } from './BackupSourceRegistry';
import type { BackupSourceFactory } from './types';

describe('BackupSourceRegistry', () => {
  const logger = mockServices.logger.mock();

  it('creates each configured source and reports broken ones without stopping the others', () => {
    const registry = BackupSourceRegistry.fromConfig(
      new ConfigReader({
        dr: {
          sources: {
            vol: { type: 'filesystem', directory: '/backups' },
            bucket: {
              type: 's3',
              bucket: 'b',
              endpoint: 'http://127.0.0.1:9000',
              forcePathStyle: true,
            },
            nobucket: { type: 's3' },
            mystery: { type: 'tape' },
            'bad id!': { type: 'filesystem', directory: '/x' },
          },
        },
      }),
      { logger },
    );
    expect(registry.list().map(s => [s.id, s.type])).toEqual([
      ['vol', 'filesystem'],
      ['bucket', 's3'],
    ]);
    expect(registry.problems()).toEqual([
      expect.objectContaining({
        sourceId: 'nobucket',
        message: expect.stringContaining(
          "Missing required config value at 'dr.sources.nobucket.bucket'",
        ),
      }),
      expect.objectContaining({
        sourceId: 'mystery',
        message: expect.stringContaining('unknown type "tape"'),
      }),
      expect.objectContaining({
        sourceId: 'bad id!',
        message: expect.stringContaining('may only contain'),
      }),
    ]);
    expect(registry.getReadable('vol').type).toBe('filesystem');
    expect(() => registry.getReadable('nope')).toThrow(
      /No backup source "nope"/,
    );
  });

  it('accepts source types added by modules', () => {
    const factory: BackupSourceFactory = {
      type: 'pgbackrest',
      create: ({ id }) => ({
        id,
        type: 'pgbackrest',
        index: async () => ({
          mode: 'full',
          state: {},
          listed: 0,
          upserted: 0,
          removed: 0,
        }),
        parseSelector: selector => ({
          kind: 'prefix',
          prefix: selector,
          canonical: selector,
        }),
      }),
    };
    const registry = BackupSourceRegistry.fromConfig(
      new ConfigReader({ dr: { sources: { stanza: { type: 'pgbackrest' } } } }),
      { logger, factories: [factory] },
    );
    expect(registry.get('stanza')?.type).toBe('pgbackrest');
    expect(() => registry.getReadable('stanza')).toThrow(
      /cannot be read as files/,
    );
  });
});
