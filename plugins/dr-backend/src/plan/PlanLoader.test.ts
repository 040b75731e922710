/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotModifiedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { PlanLoader } from './PlanLoader';

const PLAN = `apiVersion: dr.backstage.io/v1alpha1
kind: DisasterRecoveryPlan
spec:
  objectives: [{ scenario: corruption, rto: 30m, rpo: 15m }]
  runbooks: [{ scenario: corruption, title: Restore, steps: [Restore the dump] }]
`;

describe('PlanLoader', () => {
  let root: string;
  const reader = mockServices.urlReader.mock();
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const loader = new PlanLoader({ reader, integrations, maxBytes: 2048 });

  function entity(plan: string, location: string): Entity {
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'svc',
        annotations: {
          'dr.backstage.io/plan': plan,
          'backstage.io/managed-by-location': location,
        },
      },
    };
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-plan-'));
    fs.mkdirSync(path.join(root, 'team', 'plans'), { recursive: true });
    fs.writeFileSync(path.join(root, 'team', 'plans', 'svc.yaml'), PLAN);
    fs.writeFileSync(path.join(root, 'secret.yaml'), 'password: hunter2');
    jest.resetAllMocks();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads a file relative to the entity file and reuses it while unchanged', async () => {
    const svc = entity(
      './plans/svc.yaml',
      `file:${path.join(root, 'team', 'catalog-info.yaml')}`,
    );
    const first = await loader.load(svc);
    expect(first).toMatchObject({
      entityRef: 'component:default/svc',
      location: `file:${path.join(root, 'team', 'plans', 'svc.yaml')}`,
      problems: [],
    });
    expect(first?.plan?.spec.runbooks[0].title).toBe('Restore');
    expect(loader.locate(svc)).toBe(first?.location);

    const again = await loader.load(svc, first);
    expect(again?.plan).toEqual(first?.plan);
    expect(again?.etag).toBe(first?.etag);
  });

  it('refuses to leave the entity directory or read absolute paths', async () => {
    const escape = await loader.load(
      entity(
        '../secret.yaml',
        `file:${path.join(root, 'team', 'catalog-info.yaml')}`,
      ),
    );
    expect(escape?.plan).toBeNull();
    expect(escape?.problems[0]).toMatchObject({
      code: 'plan-location-invalid',
    });
    const absolute = await loader.load(
      entity(path.join(root, 'secret.yaml'), `file:${root}/x.yaml`),
    );
    expect(absolute?.problems[0].message).toMatch(/must be relative/);
    const fileUrl = await loader.load(
      entity('file:///etc/passwd', `file:${root}/x.yaml`),
    );
    expect(fileUrl?.problems[0].code).toBe('plan-location-invalid');
  });

  it('reads URLs through the UrlReader, resolving relative ones against the source location', async () => {
    reader.readUrl.mockResolvedValue({
      buffer: async () => Buffer.from(PLAN),
      etag: 'v1',
    } as any);
    const svc: Entity = {
      ...entity(
        './dr/plan.yaml',
        'url:https://git.example/org/repo/blob/main/catalog-info.yaml',
      ),
    };
    svc.metadata.annotations!['backstage.io/source-location'] =
      'url:https://git.example/org/repo/tree/main/';
    const loaded = await loader.load(svc);
    expect(reader.readUrl).toHaveBeenCalledWith(
      'https://git.example/org/repo/tree/main/dr/plan.yaml',
      { etag: undefined },
    );
    expect(loaded).toMatchObject({ etag: 'v1', problems: [] });

    reader.readUrl.mockRejectedValue(new NotModifiedError());
    const cached = await loader.load(svc, loaded);
    expect(reader.readUrl).toHaveBeenLastCalledWith(
      'https://git.example/org/repo/tree/main/dr/plan.yaml',
      { etag: 'v1' },
    );
    expect(cached?.plan).toEqual(loaded?.plan);
  });

  it('keeps the last good plan when the location fails, and explains why', async () => {
    reader.readUrl.mockResolvedValueOnce({
      buffer: async () => Buffer.from(PLAN),
      etag: 'v1',
    } as any);
    const svc = entity(
      'https://git.example/plan.yaml',
      'url:https://git.example/catalog-info.yaml',
    );
    const loaded = await loader.load(svc);
    reader.readUrl.mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
    const failed = await loader.load(svc, loaded);
    expect(failed?.plan).toEqual(loaded?.plan);
    expect(failed?.problems[0]).toMatchObject({
      code: 'plan-unreadable',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('refuses plans larger than the limit', async () => {
    fs.writeFileSync(
      path.join(root, 'team', 'plans', 'big.yaml'),
      `# ${'x'.repeat(4096)}\n${PLAN}`,
    );
    const big = await loader.load(
      entity(
        './plans/big.yaml',
        `file:${path.join(root, 'team', 'catalog-info.yaml')}`,
      ),
    );
    expect(big?.problems[0].message).toMatch(
      /more than the 2048 bytes allowed/,
    );
  });

  it('returns nothing for entities without a plan', async () => {
    const none: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
    };
    expect(await loader.load(none)).toBeUndefined();
    expect(loader.locate(none)).toBeUndefined();
  });
});
