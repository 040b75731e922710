/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useCallback } from 'react';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';

/** Path of the DR tab below an entity's page. */
export const DR_TAB_PATH = 'dr';

/** Returns a function giving the path of an entity's DR tab. */
export function useDrTabLink(): (entityRef: string) => string {
  const entityLink = useEntityRefLink();
  return useCallback(
    (entityRef: string) =>
      `${entityLink(entityRef).replace(/\/$/, '')}/${DR_TAB_PATH}`,
    [entityLink],
  );
}
