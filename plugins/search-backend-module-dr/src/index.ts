/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Search module of the DR suite: DR plans and runbooks as `dr-runbook`
 * documents, so "payments region failover" finds the runbook.
 *
 * @packageDocumentation
 */
export { searchModuleDrCollator as default } from './module';
export { DrRunbookCollatorFactory } from './DrRunbookCollatorFactory';
export type { DrRunbookDocument } from './DrRunbookDocument';
