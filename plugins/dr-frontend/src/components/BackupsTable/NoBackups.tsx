/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { CodeSnippet } from '@backstage/core-components';
import {
  DR_ANNOTATION_BACKUP_SOURCES,
  formatDuration,
  type EntityPosture,
  type PostureSource,
} from '@dr-suite/backstage-plugin-dr-common';
import { formatAge } from '../../formatting';
import { SectionEmpty } from '../SectionState';

const ANNOTATION_EXAMPLE = `metadata:
  annotations:
    ${DR_ANNOTATION_BACKUP_SOURCES}: <sourceId>:<selector>`;

function sourceState(source: PostureSource, now: number): string {
  const name = `${source.sourceId}:${source.selector}`;
  switch (source.status) {
    case 'unknown-source':
      return `${name}: no source "${source.sourceId}" is configured under dr.sources in app-config.`;
    case 'pending':
      return `${name}: not indexed yet. Indexing runs every few minutes.`;
    case 'stale':
      return `${name}: indexing fails (${
        source.lastError ?? 'no error recorded'
      }).`;
    default:
      return `${name}: indexed ${
        source.lastIndexedAt ? formatAge(source.lastIndexedAt, now) : ''
      }, but nothing matches the selector. Check that it names where the backups are written (a key prefix for s3 and filesystem sources, a namespace or labels for velero).`;
  }
}

/**
 * Why an entity shows no backups, and how to connect a source: the empty
 * state of the backups table.
 */
export function NoBackups(props: { posture?: EntityPosture; now: number }) {
  const { posture, now } = props;
  const rpoTarget = posture?.rpo.targetSeconds ?? null;
  const targets =
    rpoTarget !== null
      ? `It has an RPO target of ${formatDuration(
          rpoTarget,
        )}, but without backups the RPO cannot be met or measured. `
      : '';

  if (!posture || posture.sources.length) {
    return (
      <SectionEmpty title="No backups were found for this entity.">
        {targets}
        {posture && (
          <ul>
            {posture.sources.map(source => (
              <li key={`${source.sourceId}:${source.selector}`}>
                {sourceState(source, now)}
              </li>
            ))}
          </ul>
        )}
      </SectionEmpty>
    );
  }
  return (
    <SectionEmpty
      title="No backup source is connected to this entity."
      action={<CodeSnippet language="yaml" text={ANNOTATION_EXAMPLE} />}
    >
      {targets}
      Connect a source by adding the {DR_ANNOTATION_BACKUP_SOURCES} annotation
      to the entity: &lt;sourceId&gt; is a source configured under dr.sources in
      app-config (s3, filesystem or velero), &lt;selector&gt; the key prefix,
      namespace or labels of this entity&apos;s backups.
    </SectionEmpty>
  );
}
