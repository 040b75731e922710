/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '@backstage/config';

/**
 * Where a custom-format dump that is not a local file is staged so that
 * `pg_restore -j` can seek in it, and how large it may be.
 * @public
 */
export interface DumpStagingSettings {
  /** Parent of the staging temp folders; default the OS temp folder. */
  directory?: string;
  /** The largest dump staged; 0 turns staging off (one job, streamed). */
  maxBytes: number;
}

const DEFAULT_MAX_BYTES = 10 * 1024 ** 3;

/**
 * Reads `dr.restore.staging` (`directory`, `maxBytes`, default 10 GiB).
 * @public
 */
export function readDumpStagingSettings(config: Config): DumpStagingSettings {
  const section = config.getOptionalConfig('dr.restore.staging');
  const maxBytes = section?.getOptionalNumber('maxBytes') ?? DEFAULT_MAX_BYTES;
  if (!Number.isFinite(maxBytes) || maxBytes < 0) {
    throw new Error(
      `dr.restore.staging.maxBytes must be a number of bytes, 0 or more; got ${maxBytes}`,
    );
  }
  return { directory: section?.getOptionalString('directory'), maxBytes };
}

/** 1.5 GB, 300 MB: sizes as the task log shows them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${bytes} bytes`;
}

/** Why a dump cannot be staged within the budget, and what to do. */
export function overBudgetMessage(
  backupKey: string,
  sizeBytes: number,
  settings: DumpStagingSettings,
): string {
  return `The custom-format dump ${backupKey} (${formatBytes(
    sizeBytes,
  )}) must be staged to a temp file for parallel pg_restore, which exceeds the staging budget of ${formatBytes(
    settings.maxBytes,
  )} (dr.restore.staging.maxBytes); raise the budget, or pick a dump within it`;
}

/**
 * A dump copied to a private temp folder; `remove` deletes the folder and
 * is safe to call more than once.
 * @public
 */
export interface StagedDump {
  path: string;
  bytes: number;
  remove(): Promise<void>;
}

/**
 * Copies a stream to a file in a fresh private temp folder, failing (and
 * removing it) as soon as more than `maxBytes` arrive, so a dump whose size
 * was unknown never fills the disk past the budget.
 */
export async function stageDump(
  input: Readable,
  options: {
    backupKey: string;
    settings: DumpStagingSettings;
    signal?: AbortSignal;
  },
): Promise<StagedDump> {
  const { settings, backupKey } = options;
  const folder = await fs.promises.mkdtemp(
    path.join(settings.directory ?? os.tmpdir(), 'dr-dump-staging-'),
  );
  const remove = () => fs.promises.rm(folder, { recursive: true, force: true });
  const file = path.join(folder, 'dump.custom');
  let bytes = 0;
  const budget = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > settings.maxBytes) {
        callback(new Error(overBudgetMessage(backupKey, bytes, settings)));
        return;
      }
      callback(null, chunk);
    },
  });
  try {
    await pipeline(input, budget, fs.createWriteStream(file, { mode: 0o600 }), {
      signal: options.signal,
    });
  } catch (error) {
    await remove();
    throw error;
  }
  return { path: file, bytes, remove };
}
