/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Catalog module of the DR suite: checks `dr.backstage.io/*` annotations
 * without ever keeping an entity out of the catalog.
 *
 * @packageDocumentation
 */
export { catalogModuleDr as default } from './module';
