/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The DR suite's `clickhouse` backup source type: the BACKUP operations a
 * ClickHouse server reports in `system.backups`, over its HTTP interface.
 *
 * @packageDocumentation
 */
import { createBackupSourceFactoryFeature } from '@dr-suite/backstage-plugin-dr-node';
import { clickHouseBackupSourceFactory } from './ClickHouseBackupSource';

export { clickHouseBackupSourceFactory } from './ClickHouseBackupSource';

/**
 * Adds the `clickhouse` source type to the backend:
 * `backend.add(import('@dr-suite/backstage-plugin-dr-backend-module-clickhouse'))`.
 * @public
 */
const drModuleClickHouse = createBackupSourceFactoryFeature(
  clickHouseBackupSourceFactory,
);
export default drModuleClickHouse;
