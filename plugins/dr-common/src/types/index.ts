/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
export * from './posture';
export * from './backups';
export * from './drills';
export * from './audit';
export * from './plan';
export * from './approvals';
export * from './ledger';
