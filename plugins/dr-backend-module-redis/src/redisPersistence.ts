/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { JsonObject } from '@backstage/types';
import type { IndexedBackup } from '@dr-suite/backstage-plugin-dr-node';

/**
 * The fields of `INFO persistence` this module reads.
 * @internal
 */
export interface RedisPersistence {
  loading: boolean;
  /** When the last successful save ended; the start time until one did. */
  lastSaveTime: Date | null;
  /** Saves since the server started (Redis 7+); undefined before. */
  saves: number | undefined;
  lastBgsaveOk: boolean;
  /** Duration of the last BGSAVE; -1 before the first one. */
  lastBgsaveSeconds: number;
  bgsaveInProgress: boolean;
  currentBgsaveSeconds: number;
  changesSinceLastSave: number | null;
  aofEnabled: boolean;
  aofLastWriteOk: boolean;
  aofLastRewriteOk: boolean;
}

/** `INFO` text: `# Section` headers and `field:value` lines. */
function fields(info: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of info.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) {
      map.set(line.slice(0, at), line.slice(at + 1).trim());
    }
  }
  return map;
}

/**
 * Reads the answer of `INFO persistence`.
 * @throws Error naming the field when the answer is not Redis's
 * @internal
 */
export function parsePersistenceInfo(info: string): RedisPersistence {
  const map = fields(info);
  const integer = (name: string, optional = false): number | undefined => {
    const text = map.get(name);
    if (text === undefined && optional) return undefined;
    if (text === undefined || !/^-?\d+$/.test(text)) {
      throw new Error(
        `INFO persistence has no ${name} (or not a number); is this a Redis server?`,
      );
    }
    return Number(text);
  };
  const flag = (name: string) => integer(name) === 1;
  const status = (name: string) => {
    const text = map.get(name);
    if (text !== 'ok' && text !== 'err') {
      throw new Error(`INFO persistence: ${name} is not ok or err`);
    }
    return text === 'ok';
  };
  const lastSave = integer('rdb_last_save_time')!;
  return {
    loading: flag('loading'),
    lastSaveTime: lastSave > 0 ? new Date(lastSave * 1000) : null,
    saves: integer('rdb_saves', true),
    lastBgsaveOk: status('rdb_last_bgsave_status'),
    lastBgsaveSeconds: integer('rdb_last_bgsave_time_sec')!,
    bgsaveInProgress: flag('rdb_bgsave_in_progress'),
    currentBgsaveSeconds: integer('rdb_current_bgsave_time_sec')!,
    changesSinceLastSave: integer('rdb_changes_since_last_save', true) ?? null,
    aofEnabled: flag('aof_enabled'),
    aofLastWriteOk: status('aof_last_write_status'),
    aofLastRewriteOk: status('aof_last_bgrewrite_status'),
  };
}

/**
 * What the persistence state means as backups, and what this source
 * remembers between runs (when it first saw a failure: Redis does not say).
 * @internal
 */
export interface PersistenceReading {
  backups: IndexedBackup[];
  /** Why no snapshot counts, when none does. */
  snapshot: string;
  failingSince: { bgsave?: string; aofWrite?: string };
}

/**
 * Turns the persistence state into rows: the newest successful RDB
 * snapshot (`rdb/<epoch>`, type `snapshot`), a failed last BGSAVE
 * (`rdb/last-bgsave`, failed), a BGSAVE running now (`rdb/bgsave-running`,
 * in progress) and a failing AOF (`aof/last-write`, failed).
 * @internal
 */
export function readPersistence(
  state: RedisPersistence,
  options: {
    now: Date;
    previous?: { bgsave?: string; aofWrite?: string };
  },
): PersistenceReading {
  const { now } = options;
  const backups: IndexedBackup[] = [];
  const aof: JsonObject = {
    aofEnabled: state.aofEnabled,
    aofLastWriteStatus: state.aofLastWriteOk ? 'ok' : 'err',
    aofLastRewriteStatus: state.aofLastRewriteOk ? 'ok' : 'err',
  };
  const row = (
    key: string,
    overrides: Partial<IndexedBackup> & Pick<IndexedBackup, 'status'>,
    details: JsonObject,
  ): IndexedBackup => ({
    key,
    name: key,
    type: 'snapshot',
    startedAt: null,
    completedAt: null,
    sizeBytes: null,
    checksum: null,
    encrypted: null,
    ...overrides,
    details: { ...details, ...aof },
  });

  // rdb_last_save_time is the server's start time until a save succeeds:
  // only a save since then is a snapshot whose time we know.
  let snapshot = 'known';
  const saved =
    state.saves !== undefined ? state.saves > 0 : state.lastBgsaveSeconds >= 0;
  if (!state.lastSaveTime) {
    snapshot = 'no save time reported';
  } else if (!saved) {
    snapshot = `no save since the server started (${state.lastSaveTime.toISOString()}); the RDB file it may have loaded is of unknown age`;
  } else {
    const epoch = Math.floor(state.lastSaveTime.getTime() / 1000);
    backups.push(
      row(
        `rdb/${epoch}`,
        {
          name: `RDB snapshot of ${state.lastSaveTime.toISOString()}`,
          status: 'succeeded',
          completedAt: state.lastSaveTime,
        },
        {
          rdbSaves: state.saves ?? null,
          changesSinceLastSave: state.changesSinceLastSave,
          timeFrom: 'rdb_last_save_time',
        },
      ),
    );
  }

  const failingSince: PersistenceReading['failingSince'] = {};
  if (!state.lastBgsaveOk) {
    // Redis does not say when it failed: from when this source saw it.
    failingSince.bgsave = options.previous?.bgsave ?? now.toISOString();
    backups.push(
      row(
        'rdb/last-bgsave',
        {
          name: 'Last BGSAVE',
          status: 'failed',
          completedAt: new Date(failingSince.bgsave),
        },
        {
          problem:
            'the last BGSAVE failed (rdb_last_bgsave_status:err); see the Redis log for why (disk full, directory not writable)',
          timeFrom: 'first seen failing by this source',
          lastBgsaveSeconds: state.lastBgsaveSeconds,
        },
      ),
    );
  }
  if (state.bgsaveInProgress) {
    const seconds = Math.max(state.currentBgsaveSeconds, 0);
    backups.push(
      row(
        'rdb/bgsave-running',
        {
          name: 'BGSAVE running',
          status: 'in-progress',
          startedAt: new Date(
            Math.floor(now.getTime() / 1000 - seconds) * 1000,
          ),
        },
        { currentBgsaveSeconds: seconds },
      ),
    );
  }
  if (state.aofEnabled && !state.aofLastWriteOk) {
    failingSince.aofWrite = options.previous?.aofWrite ?? now.toISOString();
    backups.push(
      row(
        'aof/last-write',
        {
          name: 'AOF write',
          status: 'failed',
          completedAt: new Date(failingSince.aofWrite),
        },
        {
          problem:
            'writing the append-only file fails (aof_last_write_status:err); Redis refuses writes until it succeeds',
          timeFrom: 'first seen failing by this source',
        },
      ),
    );
  }
  return { backups, snapshot, failingSince };
}
