/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useDrApi } from './useDrApi';

/** The DR posture of the entity whose page this is, and its ref. */
export function useEntityPosture() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const posture = useDrApi(api => api.getPosture(entityRef), [entityRef]);
  return { entityRef, posture };
}
