/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The DR backend plugin for Backstage.
 *
 * @packageDocumentation
 */
export { drPlugin as default } from './plugin';
