/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { BackupSourceRegistry } from './sources/BackupSourceRegistry';
import type { BackupSourceFactory } from './sources/types';
import type { RestorerRegistry } from './restore/RestorerRegistry';
import type { RestoreTargetRegistry } from './restore/RestoreTargetRegistry';
import {
  createBackupSourceFactoryFeature,
  createRestorerFeature,
  drBackupSourceRegistryServiceRef,
  drRestoreTargetRegistryServiceRef,
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

describe('drRestoreTargetRegistryServiceRef', () => {
  const tapeRestorer = {
    kind: 'tape',
    parseTarget: (target: Config) => ({ library: target.getString('library') }),
    validate: () => undefined,
    execute: async () => ({ output: {} }),
  };

  function probes(seen: RestoreTargetRegistry[]) {
    return ['probe-a', 'probe-b'].map(pluginId =>
      createBackendPlugin({
        pluginId,
        register(env) {
          env.registerInit({
            deps: { targets: drRestoreTargetRegistryServiceRef },
            async init({ targets }) {
              seen.push(targets);
            },
          });
        },
      }),
    );
  }

  const targetsConfig = mockServices.rootConfig.factory({
    data: {
      dr: {
        restoreTargets: {
          'orders-staging': {
            type: 'postgres',
            connection: { user: 'dr', database: 'orders' },
          },
          vault: { type: 'tape', title: 'Tape vault', library: 'lib-1' },
          'vault-prod': {
            type: 'tape',
            environment: 'production',
            library: 'lib-2',
          },
          broken: { type: 'tape' },
          drum: { type: 'drum', library: 'lib-3' },
          scalar: 'not a target',
        },
      },
    },
  });

  it('gives every plugin the same targets, each read by the restorer of its type', async () => {
    const seen: RestoreTargetRegistry[] = [];
    const backend = await startTestBackend({
      features: [
        ...probes(seen),
        createRestorerFeature(tapeRestorer),
        targetsConfig,
      ],
    });
    try {
      expect(seen).toHaveLength(2);
      expect(seen[0]).toBe(seen[1]);
      expect(seen[0].list()).toEqual([
        {
          id: 'orders-staging',
          kind: 'postgres',
          title: 'orders-staging',
          environment: 'staging',
        },
        {
          id: 'vault',
          kind: 'tape',
          title: 'Tape vault',
          environment: 'staging',
        },
      ]);
      expect(
        seen[0].resolve('vault', {
          kind: 'tape',
          entityRef: 'resource:default/x',
        }),
      ).toEqual({
        id: 'vault',
        kind: 'tape',
        title: 'Tape vault',
        environment: 'staging',
        allowedEntities: null,
        allowRestoreTests: false,
        library: 'lib-1',
      });
    } finally {
      await backend.stop();
    }
  });

  it('reports targets it cannot use, an unknown type included, instead of failing the backend', async () => {
    const seen: RestoreTargetRegistry[] = [];
    const backend = await startTestBackend({
      features: [
        ...probes(seen),
        createRestorerFeature(tapeRestorer),
        targetsConfig,
      ],
    });
    try {
      expect(seen[0].problems()).toEqual([
        {
          targetId: 'vault-prod',
          type: 'tape',
          message:
            'Restore target "vault-prod" is misconfigured: NotAllowedError: it is a production target; restoring into production needs allowProduction: true',
        },
        {
          targetId: 'broken',
          type: 'tape',
          message: expect.stringMatching(
            /^Restore target "broken" is misconfigured: Error: Missing required config value at 'dr\.restoreTargets\.broken\.library'/,
          ),
        },
        {
          targetId: 'drum',
          type: 'drum',
          message:
            'Restore target "drum" is misconfigured: InputError: unknown type "drum"; restore targets are of an installed restore kind: postgres, velero, tape',
        },
        {
          targetId: 'scalar',
          type: undefined,
          message: expect.stringMatching(
            /^Restore target "scalar" is misconfigured: .*dr\.restoreTargets\.scalar/,
          ),
        },
      ]);
      expect(() =>
        seen[0].resolve('drum', {
          kind: 'drum',
          entityRef: 'resource:default/x',
        }),
      ).toThrow(seen[0].problems()[2].message);
    } finally {
      await backend.stop();
    }
  });

  it('refuses a restorer whose kind requests could not name', async () => {
    await expect(
      startTestBackend({
        features: [
          ...probes([]),
          createRestorerFeature({ ...tapeRestorer, kind: 'Tape Library' }),
        ],
      }),
    ).rejects.toThrow(
      /Restore kind "Tape Library" must be a restore kind name/,
    );
  });
});
