/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type {
  BackupStatus,
  BackupType,
  RecoveryWindow,
  RestoreKind,
  RestoreParameters,
} from '@dr-suite/backstage-plugin-dr-common';
import type { z } from 'zod';
import type { BackupSource } from '../sources/types';
import type { RestoreTarget } from './RestoreTargetRegistry';

/**
 * The backup a restore is about, as the approval recorded it.
 * @public
 */
export interface RestoreBackup {
  sourceId: string;
  key: string;
  name: string;
  sizeBytes: number | null;
  completedAt: string | null;
  startedAt?: string | null;
  details?: Record<string, unknown>;
  /**
   * The recovery window of the backup's data store when the request was
   * filed (continuously archived stores only), with where its WAL is.
   */
  recoveryWindow?: RecoveryWindow;
}

/**
 * What a restorer judges before a restore is approved or run.
 * @public
 */
export interface RestoreValidationRequest<
  TTarget extends RestoreTarget = RestoreTarget,
> {
  parameters: RestoreParameters;
  /** The target, already allowed for the entity and of this restorer's kind. */
  target: TTarget;
  backup: Pick<RestoreBackup, 'sourceId' | 'key' | 'recoveryWindow'> & {
    startedAt?: string | null;
    completedAt?: string | null;
    /** What the index knows, when the caller has the indexed record. */
    sizeBytes?: number | null;
    type?: BackupType;
    status?: BackupStatus;
    details?: Record<string, unknown>;
  };
  /** The backup's source; undefined when it is no longer configured. */
  source: BackupSource | undefined;
}

/**
 * One named step of a restore and how long it took.
 * @public
 */
export interface RestorePhase {
  name: string;
  startedAt: string;
  completedAt: string;
  durationSeconds: number;
}

/**
 * Records the phases of a restore as it runs.
 * @public
 */
export interface RestorePhaseRecorder {
  /**
   * Runs one phase, recording when it started and ended, also when it fails.
   * @returns what `run` returns
   */
  phase<T>(name: string, run: () => Promise<T>): Promise<T>;
}

/**
 * One approved restore to run.
 * @public
 */
export interface RestoreExecutionRequest<
  TOptions,
  TTarget extends RestoreTarget = RestoreTarget,
> {
  approvalId: string;
  parameters: RestoreParameters;
  target: TTarget;
  backup: RestoreBackup;
  /** The backup's source, already validated by the restorer. */
  source: BackupSource;
  /** Settings of this run that the approval does not bind, e.g. parallel jobs. */
  options: TOptions;
  phases: RestorePhaseRecorder;
  logger: LoggerService;
  signal?: AbortSignal;
}

/**
 * How an executed restore ended.
 * @public
 */
export interface RestoreExecutionResult<TOutput extends JsonObject> {
  /** When the restored data was in place, if the system says; else when `execute` returned. */
  completedAt?: Date;
  /** Kind-specific facts, e.g. the database or the Velero Restore's name. */
  output: TOutput;
}

/**
 * Restores one kind of backup (`postgres`, `velero`...). The restore actions
 * are built around it (claim the approval, run once, time it, report the
 * outcome), and the restore targets of its kind are read by it, so a new
 * kind is one restorer.
 * @public
 */
export interface Restorer<
  TOptions = Record<string, never>,
  TOutput extends JsonObject = JsonObject,
  TTarget extends RestoreTarget = RestoreTarget,
> {
  /**
   * The `kind` of restore parameters it handles, also the `type` of the
   * restore targets (`dr.restoreTargets.<id>.type`) it restores into. A
   * name such as `clickhouse`: lowercase letters, digits and `-`.
   */
  readonly kind: RestoreKind;
  /**
   * The schema of the kind's own parameters (`parameters.kindParameters`,
   * e.g. postgres's `targetTime`), checked when a request is filed. It
   * must not transform (the approval hashes the parameters as filed).
   * Without it, a request with kind parameters is refused.
   */
  readonly parametersSchema?: z.ZodType<unknown>;
  /**
   * Reads the kind's own settings of a `dr.restoreTargets.<id>` entry of
   * this type, e.g. a connection. The settings every target has (`title`,
   * `environment`, `allowProduction`, `allowedEntities`) are read and
   * enforced by the `RestoreTargetRegistry`, the same for every kind, and
   * cannot be overridden here. Leave it out when targets of the kind have
   * no settings of their own.
   * @param config - the target's entry
   * @throws Error naming the missing or invalid key; the target is then
   *   reported as misconfigured and refused, the other targets still work
   */
  parseTarget?(config: Config): Omit<TTarget, keyof RestoreTarget>;
  /**
   * Checks that the backup can be restored to the target with these
   * parameters, when the request is filed and again before it runs. It may
   * read the backup's first bytes (format, encryption key), never all of it.
   * @throws InputError saying what is wrong and what to pick instead
   */
  validate(request: RestoreValidationRequest<TTarget>): void | Promise<void>;
  /**
   * Runs the restore, reporting progress through the logger and its phases.
   * @throws Error when it fails; the target is left as it was where the kind allows
   */
  execute(
    request: RestoreExecutionRequest<TOptions, TTarget>,
  ): Promise<RestoreExecutionResult<TOutput>>;
  /**
   * Removes what a restore put into the target, e.g. drops the restored
   * database. Restore tests call it after their checks (`cleanup`, on by
   * default); a kind without it leaves the restored data in its sandbox.
   * @throws Error when it fails; the restore test reports it
   */
  cleanup?(request: RestoreCleanupRequest<TOutput, TTarget>): Promise<void>;
}

/**
 * What to clean up after a restore test: the target and what the restore
 * reported.
 * @public
 */
export interface RestoreCleanupRequest<
  TOutput extends JsonObject = JsonObject,
  TTarget extends RestoreTarget = RestoreTarget,
> {
  target: TTarget;
  output: TOutput;
  logger: LoggerService;
}
