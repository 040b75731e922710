/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { BackupSourceRegistry } from '@dr-suite/backstage-plugin-dr-node';
import { ObjectivesResolver } from '../posture/ObjectivesResolver';
import { TierRegistry } from '../posture/TierRegistry';
import { DrAnnotationsProcessor } from './DrAnnotationsProcessor';

const logger = mockServices.logger.mock();
const config = new ConfigReader({
  dr: {
    sources: { vol: { type: 'filesystem', directory: '/b' } },
    tiers: { gold: { rto: '1h' } },
  },
});
const processor = new DrAnnotationsProcessor(
  new ObjectivesResolver({
    tiers: TierRegistry.fromConfig(config, logger),
    sources: BackupSourceRegistry.fromConfig(config, { logger }),
    defaultDrillCadenceDays: 90,
  }),
);
const location = {
  type: 'url',
  target: 'https://git.example/catalog-info.yaml',
};

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
  };
}

describe('DrAnnotationsProcessor', () => {
  it('reports each broken DR annotation as an input error and keeps the entity', async () => {
    const emit = jest.fn();
    const input = entity({
      'dr.backstage.io/rto': 'later',
      'dr.backstage.io/backup-sources': 'tape:x',
      'dr.backstage.io/tier': 'gold',
    });
    expect(await processor.postProcessEntity(input, location, emit)).toBe(
      input,
    );
    expect(
      emit.mock.calls.map(([result]) => [
        result.type,
        result.error.name,
        result.error.message,
      ]),
    ).toEqual([
      [
        'error',
        'InputError',
        expect.stringMatching(
          /^dr\.backstage\.io\/rto: "later" is not a valid duration.*Set dr\.backstage\.io\/rto to a duration/,
        ),
      ],
      [
        'error',
        'InputError',
        expect.stringMatching(
          /^Backup source "tape" is not configured\. Use one of vol/,
        ),
      ],
    ]);
  });

  it('says nothing about valid or absent DR annotations', async () => {
    const emit = jest.fn();
    await processor.postProcessEntity(
      entity({
        'dr.backstage.io/rpo': '15m',
        'dr.backstage.io/backup-sources': 'vol:svc/',
      }),
      location,
      emit,
    );
    await processor.postProcessEntity(entity({}), location, emit);
    expect(emit).not.toHaveBeenCalled();
  });
});
