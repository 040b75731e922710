/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { z } from 'zod';

const checkName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .optional()
  .describe('Shown in the task log');

/**
 * What kind of restore an approval allows: the name of an installed
 * restorer (`postgres`, `velero` or one added by a module). Any name is
 * well-formed here; the DR backend refuses kinds no restorer handles.
 * @public
 */
export const restoreKindSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,62}$/,
    'must be a restore kind name such as postgres: lowercase letters, digits and "-", starting with a letter',
  )
  .describe(
    'How the backup is restored: postgres, velero or a kind added by a module',
  );

/**
 * A check run after a restore (see `dr:verify`). Part of the restore
 * parameters an approval binds, so its bounds are the API's.
 * @public
 */
export const verifyCheckSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('sql'),
      name: checkName,
      query: z
        .string()
        .trim()
        .min(1)
        .max(10_000)
        .describe('Runs read-only against the restored database'),
      expect: z
        .union([z.string(), z.number(), z.boolean(), z.null()])
        .optional()
        .describe('Expected value of the first column of the first row'),
      minRows: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe('Rows the query must at least return'),
    })
    .strict(),
  z
    .object({
      type: z.literal('http'),
      name: checkName,
      url: z.string().url().max(2000),
      expectStatus: z
        .number()
        .int()
        .min(100)
        .max(599)
        .optional()
        .describe('Default 200'),
      contains: z
        .string()
        .max(1000)
        .optional()
        .describe('Text the body must contain'),
    })
    .strict(),
]);

/**
 * The checks of a restore; none when left out.
 * @public
 */
export const verifyChecksSchema = z
  .array(verifyCheckSchema)
  .max(50)
  .default([])
  .describe('Checks run against the restore before it is switched into place');

/**
 * The exact restore an approval covers. Its parsed output (trimmed, defaults
 * filled in) is what `hashRestoreParameters` hashes, on the API and in the
 * restore actions alike, so any change to a field voids the approval.
 * @public
 */
export const restoreParametersSchema = z
  .object({
    kind: restoreKindSchema,
    entityRef: z
      .string()
      .trim()
      .min(1)
      .max(512)
      .describe('The entity whose backup is restored'),
    backupId: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .describe('Id of an indexed backup of the entity (BackupPicker)'),
    targetId: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .describe('A restore target configured under dr.restoreTargets'),
    scenario: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .describe('Failure scenario this restore exercises'),
    checks: verifyChecksSchema,
    namespace: z
      .string()
      .regex(
        /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
        'must be a Kubernetes namespace name',
      )
      .optional()
      .describe(
        'Velero only: the backed-up namespace to restore, mapped to the target namespace',
      ),
  })
  .strict();
