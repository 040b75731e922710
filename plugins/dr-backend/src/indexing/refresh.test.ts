/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import { startDrBackend } from '../__testUtils__/startDrBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

describe('POST /refresh', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let world: ReturnType<typeof createDrTestWorld>;
    let backend: Awaited<ReturnType<typeof startDrBackend>>;

    beforeAll(async () => {
      world = createDrTestWorld();
      backend = await startDrBackend({
        world,
        knex: await databases.init(databaseId),
      });
    });
    afterAll(() => world.cleanup());

    const refresh = (body: object) =>
      request(backend.server)
        .post('/api/dr/refresh')
        .set('Authorization', mockCredentials.user.header())
        .send(body);

    it('indexes one source, the sources of one entity, or every source', async () => {
      expect((await refresh({ sourceId: 'volume' })).body).toEqual({
        triggered: ['volume'],
      });
      const byEntity = await refresh({
        entityRef: 'resource:default/orders-db',
        full: true,
      });
      expect(byEntity.status).toBe(202);
      expect(byEntity.body).toEqual({ triggered: ['volume'] });
      // An entity without backup sources has nothing to index.
      expect(
        (await refresh({ entityRef: 'component:default/undocumented-service' }))
          .body,
      ).toEqual({ triggered: [] });
      expect((await refresh({})).body).toEqual({ triggered: ['volume'] });
    });

    it('says which entity it cannot refresh', async () => {
      const missing = await refresh({ entityRef: 'resource:default/nope' });
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe(
        'No entity resource:default/nope in the catalog',
      );
      const invalid = await refresh({ entityRef: 'resource:' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.message).toMatch(/^Invalid entityRef: /);
      const unknownSource = await refresh({ sourceId: 'nope' });
      expect(unknownSource.status).toBe(404);
    });
  });
});
