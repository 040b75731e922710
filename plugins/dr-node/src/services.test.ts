/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { BackupSourceRegistry } from './sources/BackupSourceRegistry';
import type { BackupSourceFactory } from './sources/types';
import type { RestorerRegistry } from './restore/RestorerRegistry';
import {
  createBackupSourceFactoryFeature,
  createRestorerFeature,
  drBackupSourceRegistryServiceRef,
  drRestorerRegistryServiceRef,
} from './services';

function factoryOf(type: string): BackupSourceFactory {
  return {
    type,
    create: ({ id }) => ({
      id,
      type,
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
}

/** Two plugins that each keep the registry they were given. */
function registryProbes(seen: BackupSourceRegistry[]) {
  return ['probe-a', 'probe-b'].map(pluginId =>
    createBackendPlugin({
      pluginId,
      register(env) {
        env.registerInit({
          deps: { registry: drBackupSourceRegistryServiceRef },
          async init({ registry }) {
            seen.push(registry);
          },
        });
      },
    }),
  );
}

const config = mockServices.rootConfig.factory({
  data: {
    dr: {
      sources: {
        vol: { type: 'filesystem', directory: '/backups' },
        stanza: { type: 'pgbackrest' },
      },
    },
  },
});

describe('drBackupSourceRegistryServiceRef', () => {
  it('gives every plugin the same registry, with the types modules added', async () => {
    const seen: BackupSourceRegistry[] = [];
    const backend = await startTestBackend({
      features: [
        ...registryProbes(seen),
        createBackupSourceFactoryFeature(factoryOf('pgbackrest')),
        config,
      ],
    });
    try {
      expect(seen).toHaveLength(2);
      expect(seen[0]).toBe(seen[1]);
      expect(seen[0].list().map(s => [s.id, s.type])).toEqual([
        ['vol', 'filesystem'],
        ['stanza', 'pgbackrest'],
      ]);
      expect(seen[0].problems()).toEqual([]);
    } finally {
      await backend.stop();
    }
  });

  it('refuses to start when two modules add the same type, naming it', async () => {
    await expect(
      startTestBackend({
        features: [
          ...registryProbes([]),
          createBackupSourceFactoryFeature(factoryOf('pgbackrest')),
          createBackupSourceFactoryFeature(factoryOf('pgbackrest')),
          config,
        ],
      }),
    ).rejects.toThrow(/Backup source type "pgbackrest" is registered twice/);
  });

  it('refuses a module that replaces a built-in type', async () => {
    await expect(
      startTestBackend({
        features: [
          ...registryProbes([]),
          createBackupSourceFactoryFeature(factoryOf('s3')),
          config,
        ],
      }),
    ).rejects.toThrow(/Backup source type "s3" is registered twice/);
  });
});

describe('drRestorerRegistryServiceRef', () => {
  function probe(seen: RestorerRegistry[]) {
    return createBackendPlugin({
      pluginId: 'probe',
      register(env) {
        env.registerInit({
          deps: { restorers: drRestorerRegistryServiceRef },
          async init({ restorers }) {
            seen.push(restorers);
          },
        });
      },
    });
  }

  it('holds the postgres and velero restorers and names the known kinds for an unknown one', async () => {
    const seen: RestorerRegistry[] = [];
    const backend = await startTestBackend({ features: [probe(seen)] });
    try {
      expect(seen[0].kinds()).toEqual(['postgres', 'velero']);
      expect(() => seen[0].get('clickhouse')).toThrow(
        'No restorer for "clickhouse" restores is installed; known kinds are postgres, velero',
      );
    } finally {
      await backend.stop();
    }
  });

  it('refuses to start when a module adds a kind that exists, naming it', async () => {
    await expect(
      startTestBackend({
        features: [
          probe([]),
          createRestorerFeature({
            kind: 'velero',
            validate: () => undefined,
            execute: async () => ({ output: {} }),
          }),
        ],
      }),
    ).rejects.toThrow(/Restore kind "velero" is registered twice/);
  });
});
