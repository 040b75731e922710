/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * DR backend module adding the `cloudnative-pg` backup source type:
 * CloudNativePG `Backup` CRs and the Barman Cloud plugin's recovery windows,
 * read through the Kubernetes API.
 *
 * @packageDocumentation
 */
import { createBackupSourceFactoryFeature } from '@dr-suite/backstage-plugin-dr-node';
import { cloudNativePgBackupSourceFactory } from './CloudNativePgBackupSource';

/**
 * Adds `type: cloudnative-pg` sources under `dr.sources` to the backend's one
 * backup source registry.
 * @public
 */
const drModuleCloudNativePg = createBackupSourceFactoryFeature(
  cloudNativePgBackupSourceFactory,
);
export default drModuleCloudNativePg;
