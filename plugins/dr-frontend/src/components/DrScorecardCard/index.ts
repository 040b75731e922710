/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
export { DrScorecardCard } from './DrScorecardCard';
