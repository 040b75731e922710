/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { IndexableDocument } from '@backstage/plugin-search-common';

/**
 * One runbook of a DR plan as a search document (type `dr-runbook`); a plan
 * without runbooks is one document of its own (`scenario` null), so it can
 * still be found.
 * @public
 */
export interface DrRunbookDocument extends IndexableDocument {
  /** The entity whose DR tab shows the plan (a Component or System first). */
  entityRef: string;
  /** Every entity that names this plan. */
  entityRefs: string[];
  entityTitle: string | null;
  owner: string | null;
  planTitle: string | null;
  scenario: string | null;
  /** The title of the scenario's objective in the plan, e.g. "Primary region unavailable". */
  scenarioTitle: string | null;
  symptoms: string[];
  /** The steps in order, each with its command when it has one. */
  steps: string[];
  expectedRtoSeconds: number | null;
  rtoSeconds: number | null;
  rpoSeconds: number | null;
}
