/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The DR suite's `redis` backup source type: the RDB snapshot and AOF state
 * of a live Redis server, read with `INFO persistence`.
 *
 * @packageDocumentation
 */
import { createBackupSourceFactoryFeature } from '@dr-suite/backstage-plugin-dr-node';
import { redisBackupSourceFactory } from './RedisBackupSource';

export { redisBackupSourceFactory } from './RedisBackupSource';

/**
 * Adds the `redis` source type to the backend:
 * `backend.add(import('@dr-suite/backstage-plugin-dr-backend-module-redis'))`.
 * @public
 */
const drModuleRedis = createBackupSourceFactoryFeature(
  redisBackupSourceFactory,
);
export default drModuleRedis;
