/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { scaffolderTemplateRouteRef } from '../routes';

/**
 * The link opening a scaffolder template with some of its parameters filled
 * in (the scaffolder reads them from the `formData` query parameter), or
 * undefined when the app has no scaffolder to link to.
 */
export function useTemplateLink(
  templateRef: string,
  formData: Record<string, string>,
): string | undefined {
  const templateRoute = useRouteRef(scaffolderTemplateRouteRef);
  if (!templateRoute) {
    return undefined;
  }
  const { namespace, name } = parseEntityRef(templateRef, {
    defaultKind: 'template',
    defaultNamespace: 'default',
  });
  const path = templateRoute({ namespace, templateName: name });
  return `${path}?formData=${encodeURIComponent(JSON.stringify(formData))}`;
}
