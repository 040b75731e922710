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
 * Parameters of one restore kind (`parameters.kindParameters`), e.g. the
 * point in time of a PostgreSQL restore. Their meaning and schema are the
 * kind's restorer's (`Restorer.parametersSchema`); here only their shape is
 * bounded. Left out (or empty) they are not hashed, so approvals of kinds
 * without parameters hash as before.
 * @public
 */
export const kindParametersSchema = z
  .record(
    z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,62}$/, 'must be a parameter name'),
    z.union([z.string().max(1000), z.number(), z.boolean()]),
  )
  .refine(value => Object.keys(value).length <= 20, {
    message: 'must have at most 20 parameters',
  })
  .optional()
  .transform(value => (value && Object.keys(value).length ? value : undefined))
  .describe(
    "Parameters of the restore kind, checked by its restorer, e.g. postgres's targetTime",
  );

/**
 * The parameters of a point-in-time PostgreSQL restore
 * (`kindParameters` of kind `postgres`).
 * @public
 */
export const postgresPointInTimeParametersSchema = z
  .object({
    targetTime: z
      .string()
      .datetime({
        offset: true,
        message:
          'must be an ISO 8601 time with a zone, e.g. 2026-11-30T10:15:00+01:00',
      })
      .describe(
        'Recover up to this instant (point-in-time recovery from a base backup and its WAL)',
      ),
    database: z
      .string()
      .min(1)
      .max(63)
      .optional()
      .describe(
        "The recovered cluster's database moved into the target; its only user database when left out",
      ),
  })
  .strict();

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
    kindParameters: kindParametersSchema,
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
