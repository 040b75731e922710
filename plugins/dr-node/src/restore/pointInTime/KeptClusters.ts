/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { PostgresRestoreTarget } from '../RestoreTargetRegistry';
import { withLockFile } from './LockFile';
import { ScratchPostgresCluster } from './ScratchPostgresCluster';

/**
 * A restore target where point-in-time recovery keeps the recovered
 * cluster itself, started and left running, instead of moving a database
 * into `connection` (`dr.restoreTargets.<id>.keepRecoveredCluster`).
 * @public
 */
export interface KeptClusterSettings {
  /** The folder kept clusters' data live in, one folder per restore. */
  directory: string;
  /** The address the kept cluster listens on; default `127.0.0.1`. */
  host: string;
  /** The ports it may take, the first free one. */
  ports: { from: number; to: number };
}

/**
 * The recovered cluster kept at a target, as its last restore left it.
 * @public
 */
export interface KeptCluster {
  targetId: string;
  /** The cluster's folder: its data directory is `<root>/data`, its log `<root>/postgres.log`. */
  root: string;
  dataDirectory: string;
  host: string;
  port: number;
  /** The recovered database that was asked for or checked. */
  database: string;
  /** Its superuser, who logs in through the Unix socket in `root` without a password. */
  superuser: string;
  recoveredTo: string;
  keptAt: string;
  /** The OS user and binaries it runs with, to stop it again. */
  runAs?: string;
  binDir: string;
}

/**
 * Reads `keepRecoveredCluster` of a postgres restore target, if it has one.
 * `ports` is a port or a range such as `55400-55409`.
 * @internal
 */
export function readKeptClusterSettings(
  config: Config,
): KeptClusterSettings | undefined {
  const section = config.getOptionalConfig('keepRecoveredCluster');
  if (!section) return undefined;
  const directory = section.getString('directory');
  if (!path.isAbsolute(directory)) {
    throw new Error(
      `keepRecoveredCluster.directory must be an absolute path, not "${directory}"`,
    );
  }
  const ports = String(section.get('ports'));
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(ports);
  const from = Number(match?.[1]);
  const to = Number(match?.[2] ?? match?.[1]);
  if (!match || from < 1024 || to > 65535 || from > to) {
    throw new Error(
      `keepRecoveredCluster.ports "${ports}" is not a port or a range of ports from 1024 to 65535, e.g. 55400-55409`,
    );
  }
  return {
    directory,
    host: section.getOptionalString('host') ?? '127.0.0.1',
    ports: { from, to },
  };
}

function stateFile(directory: string, targetId: string): string {
  return path.join(directory, `${targetId}.kept.json`);
}

/**
 * Runs `run` as the only switch of the cluster kept at `target`: restores
 * to one target at once replace the kept cluster one after the other, so
 * the last one wins and every other is removed, none left running unseen.
 */
function serialised<T>(
  target: PostgresRestoreTarget,
  run: () => Promise<T>,
  options: { logger?: LoggerService; signal?: AbortSignal } = {},
): Promise<T> {
  const keep = target.keepRecoveredCluster!;
  return withLockFile(
    path.join(keep.directory, `${target.id}.kept.lock`),
    run,
    {
      signal: options.signal,
      onWait: () =>
        options.logger?.info(
          `Waiting for another restore to target "${target.id}" to finish replacing its kept cluster`,
        ),
    },
  );
}

/**
 * The recovered cluster currently kept at a target, or undefined when none
 * is (not a keep-cluster target, or nothing restored there yet).
 * @public
 */
export function keptClusterOf(
  target: PostgresRestoreTarget,
): KeptCluster | undefined {
  const keep = target.keepRecoveredCluster;
  if (!keep) return undefined;
  try {
    return JSON.parse(
      fs.readFileSync(stateFile(keep.directory, target.id), 'utf8'),
    ) as KeptCluster;
  } catch {
    return undefined;
  }
}

/**
 * How checks and tools reach the kept cluster: its Unix socket, as its
 * superuser; undefined when none is kept at the target.
 * @public
 */
export function keptClusterConnection(
  target: PostgresRestoreTarget,
): { host: string; port: number; user: string; database: string } | undefined {
  const kept = keptClusterOf(target);
  return kept
    ? {
        host: kept.root,
        port: kept.port,
        user: kept.superuser,
        database: kept.database,
      }
    : undefined;
}

async function canListen(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host === '*' ? undefined : host, () =>
      server.close(() => resolve(true)),
    );
  });
}

/**
 * Stops the cluster kept at a target and deletes its folder and record;
 * nothing when none is kept.
 * @public
 */
export async function removeKeptCluster(
  target: PostgresRestoreTarget,
  logger?: LoggerService,
): Promise<void> {
  if (!keptClusterOf(target)) return;
  await serialised(target, () => removeUnlocked(target, logger), { logger });
}

async function removeUnlocked(
  target: PostgresRestoreTarget,
  logger?: LoggerService,
): Promise<void> {
  const kept = keptClusterOf(target);
  if (!kept) return;
  await ScratchPostgresCluster.kept({
    root: kept.root,
    port: kept.port,
    binDir: kept.binDir,
    runAs: kept.runAs,
  }).remove();
  fs.rmSync(stateFile(target.keepRecoveredCluster!.directory, target.id), {
    force: true,
  });
  logger?.info(
    `Stopped and removed the recovered cluster kept at ${kept.host}:${kept.port} for target "${target.id}"`,
  );
}

/**
 * Makes a recovered, checked cluster the one kept at its target: the
 * previous one is stopped and deleted first, then this one starts on its
 * own on the first free port of the range and is recorded, so the next
 * restore, `dr:verify` and restore-test cleanup find it.
 * @internal
 */
export async function keepCluster(options: {
  target: PostgresRestoreTarget;
  cluster: ScratchPostgresCluster;
  binDir: string;
  database: string;
  recoveredTo: Date;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<KeptCluster> {
  const { target, logger, signal } = options;
  return serialised(target, () => switchKept(options), { logger, signal });
}

async function switchKept(options: {
  target: PostgresRestoreTarget;
  cluster: ScratchPostgresCluster;
  binDir: string;
  database: string;
  recoveredTo: Date;
  logger: LoggerService;
}): Promise<KeptCluster> {
  const { target, cluster, logger } = options;
  const keep = target.keepRecoveredCluster!;
  await removeUnlocked(target, logger);
  let port: number | undefined;
  for (let p = keep.ports.from; p <= keep.ports.to && !port; p++) {
    if (await canListen(keep.host, p)) port = p;
  }
  if (!port) {
    throw new Error(
      `No port of ${keep.ports.from}-${keep.ports.to} is free on ${keep.host} for the recovered cluster of target "${target.id}"`,
    );
  }
  await cluster.keep({ host: keep.host, port });
  const kept: KeptCluster = {
    targetId: target.id,
    root: cluster.root,
    dataDirectory: cluster.dataDirectory,
    host: keep.host,
    port,
    database: options.database,
    superuser: cluster.superuser,
    recoveredTo: options.recoveredTo.toISOString(),
    keptAt: new Date().toISOString(),
    runAs: cluster.runAs,
    binDir: options.binDir,
  };
  const file = stateFile(keep.directory, target.id);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(kept, null, 2), {
    mode: 0o600,
  });
  fs.renameSync(`${file}.tmp`, file);
  logger.info(
    `Kept the recovered cluster as target "${target.id}": ${keep.host}:${port}, database ${options.database}, data in ${cluster.dataDirectory}`,
  );
  return kept;
}
