/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
export * from './DrApi';
export { DrClient, auditQueryParams } from './DrClient';
export type { QueryParamValue } from './DrClient';
