/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogProcessorCache } from '@backstage/plugin-catalog-node';
import type { JsonValue } from '@backstage/types';
import { BackupSourceRegistry } from '@dr-suite/backstage-plugin-dr-node';
import {
  DrAnnotationsProcessor,
  findDrAnnotationProblems,
} from './DrAnnotationsProcessor';

const location = { type: 'file', target: '/catalog/catalog-info.yaml' };

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', namespace: 'shop', annotations },
    spec: { owner: 'team-a' },
  };
}

/** The catalog keeps a processor's cache per entity from one run to the next. */
function entityCache(): CatalogProcessorCache {
  const values = new Map<string, JsonValue>();
  return {
    get: async <T extends JsonValue>(key: string) =>
      values.get(key) as T | undefined,
    set: async (key, value) => {
      values.set(key, value);
    },
  } as CatalogProcessorCache;
}

describe('DrAnnotationsProcessor', () => {
  const logger = mockServices.logger.mock();
  const processor = new DrAnnotationsProcessor({ logger });
  const emit = jest.fn();

  beforeEach(() => jest.clearAllMocks());

  it('warns once per change of an entity’s DR problems and never emits', async () => {
    const cache = entityCache();
    const broken = entity({
      'dr.backstage.io/rpo': 'banana',
      'dr.backstage.io/backup-sources': 'vol:orders/, :orphan',
    });
    for (let cycle = 0; cycle < 3; cycle++) {
      expect(
        await processor.postProcessEntity(broken, location, emit, cache),
      ).toBe(broken);
    }
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toBe(
      'component:shop/svc has 2 DR annotation problems (the entity is stored as usual): ' +
        'dr.backstage.io/rpo is "banana", not a duration such as 15m, 4h, 1d or PT15M; ' +
        'dr.backstage.io/backup-sources entry ":orphan" does not start with a source id; write <sourceId>:<selector>. ' +
        'Its DR tab and GET /api/dr/entities/component/shop/svc/posture list every DR problem with how to fix it.',
    );

    await processor.postProcessEntity(
      entity({ 'dr.backstage.io/rpo': 'apple' }),
      location,
      emit,
      cache,
    );
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn.mock.calls[1][0]).toMatch(
      /^component:shop\/svc has 1 DR annotation problem \(.*"apple"/,
    );

    const fixed = entity({ 'dr.backstage.io/rpo': '15m' });
    await processor.postProcessEntity(fixed, location, emit, cache);
    await processor.postProcessEntity(fixed, location, emit, cache);
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info.mock.calls[0][0]).toBe(
      'The DR annotations of component:shop/svc are valid again',
    );
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(emit).not.toHaveBeenCalled();
  });

  it('keeps the entity when checking fails', async () => {
    const input = entity({ 'dr.backstage.io/rto': 'later' });
    const failing = {
      get: async () => {
        throw new Error('cache unavailable');
      },
      set: async () => {},
    } as unknown as CatalogProcessorCache;
    expect(
      await processor.postProcessEntity(input, location, emit, failing),
    ).toBe(input);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not check the DR annotations of component:shop/svc; the entity is stored as usual: Error: cache unavailable',
    );
    expect(emit).not.toHaveBeenCalled();
  });
});

describe('findDrAnnotationProblems', () => {
  it('finds nothing in valid or absent DR annotations', () => {
    expect(findDrAnnotationProblems(entity({}))).toEqual([]);
    expect(
      findDrAnnotationProblems(
        entity({
          'dr.backstage.io/rto': 'PT30M',
          'dr.backstage.io/rpo': '15m',
          // Tiers and sources are judged by the DR backend, which knows them.
          'dr.backstage.io/tier': 'no-such-tier',
          'dr.backstage.io/backup-sources': 'tape:x, velero-prod',
        }),
      ),
    ).toEqual([]);
  });

  it('checks backup-sources entries against the backend’s sources when it has them', () => {
    const registry = BackupSourceRegistry.fromConfig(
      mockServices.rootConfig({
        data: {
          dr: {
            sources: {
              vol: { type: 'filesystem', directory: '/backups' },
              velero: { type: 'velero', namespace: 'velero' },
              broken: { type: 's3' },
            },
          },
        },
      }),
      { logger: mockServices.logger.mock() },
    );
    expect(
      findDrAnnotationProblems(
        entity({
          'dr.backstage.io/backup-sources':
            'vol:orders/, tape:x, broken:db/, vol:../etc, velero:Not_A_Namespace',
        }),
        registry,
      ),
    ).toEqual([
      'dr.backstage.io/backup-sources entry "tape:x" names source "tape", which is not configured under dr.sources',
      'dr.backstage.io/backup-sources entry "broken:db/" names source "broken", whose configuration under dr.sources is broken',
      expect.stringMatching(
        /^dr\.backstage\.io\/backup-sources entry "vol:\.\.\/etc" has an invalid selector: Prefix "\.\.\/etc" for source "vol"/,
      ),
      'dr.backstage.io/backup-sources entry "velero:Not_A_Namespace" has an invalid selector: "Not_A_Namespace" is not a valid Kubernetes namespace for source "velero"',
    ]);
  });

  it('quotes hostile values short and escaped', () => {
    const [problem] = findDrAnnotationProblems(
      entity({ 'dr.backstage.io/rto': `1h\n${'x'.repeat(500)}` }),
    );
    expect(problem).toBe(
      `dr.backstage.io/rto is "1h\\n${'x'.repeat(
        77,
      )}…", not a duration such as 15m, 4h, 1d or PT15M`,
    );
    expect(
      findDrAnnotationProblems(
        entity({ 'dr.backstage.io/backup-sources': `vol:${'a'.repeat(5000)}` }),
      ),
    ).toEqual([
      'dr.backstage.io/backup-sources is 5004 characters long; at most 4096 are read',
    ]);
  });
});
