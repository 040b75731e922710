/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Types, permissions and the API client shared by the DR suite's plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './backupSources';
export * from './duration';
export * from './permissions';
export * from './status';
export * from './schemas';
export * from './signals';
export * from './techInsights';
export * from './types';
export * from './client';
