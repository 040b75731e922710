/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { dirname } from 'node:path';

/**
 * Loads what Backstage's `CodeSnippet` loads lazily on first render: its
 * content component, the syntax highlighter and the languages the DR plugin
 * shows. Without this a test sees an empty snippet until modules are
 * compiled, which on a fresh clone or a busy machine takes seconds; and the
 * highlighter would re-render after the test ended.
 *
 * @internal
 */
export async function loadCodeSnippets(
  languages: string[] = ['yaml', 'bash'],
): Promise<void> {
  const coreComponentsDist = dirname(
    require.resolve('@backstage/core-components'),
  );
  await import(
    `${coreComponentsDist}/components/CodeSnippet/CodeSnippetContent.esm.js`
  );
  const lightAsyncPath = require.resolve(
    'react-syntax-highlighter/dist/esm/light-async',
    { paths: [coreComponentsDist] },
  );
  const { default: LightAsync } = await import(lightAsyncPath);
  await LightAsync.preload();
  for (const language of languages) {
    await LightAsync.loadLanguage(language);
  }
}
