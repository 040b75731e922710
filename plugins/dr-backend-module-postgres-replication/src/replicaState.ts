/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { JsonObject } from '@backstage/types';
import type { IndexedBackup } from '@dr-suite/backstage-plugin-dr-node';

/** What the standby says about itself. */
export interface StandbyReading {
  /** `pg_is_in_recovery()`: false once promoted (or never a standby). */
  inRecovery: boolean;
  /** `pg_last_wal_receive_lsn()`, e.g. `0/3000148`. */
  receiveLsn: string | null;
  /** `pg_last_wal_replay_lsn()`. */
  replayLsn: string | null;
  /** `pg_last_xact_replay_timestamp()`: commit time of the last replayed transaction. */
  replayedTransactionAt: Date | null;
  /** `pg_stat_wal_receiver.status`; null without a WAL receiver (or without pg_monitor). */
  receiver: string | null;
  /** `pg_is_wal_replay_paused()`. */
  replayPaused: boolean;
}

/** One row of the primary's `pg_stat_replication`. */
export interface WalSender {
  applicationName: string;
  state: string | null;
  replayLsn: string | null;
  replayLagSeconds: number | null;
  replyTime: Date | null;
}

/** What the primary says, read before the standby. */
export interface PrimaryReading {
  inRecovery: boolean;
  /** `pg_current_wal_lsn()`. */
  currentLsn: string;
  /** When `currentLsn` was read (the source's clock). */
  readAt: Date;
  senders: WalSender[];
}

/**
 * A PostgreSQL LSN (`16/B374D848`) as a number of bytes; null when it does
 * not read as one.
 */
export function parseLsn(text: string | null): bigint | null {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text ?? '');
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

function formatBytes(bytes: bigint): string {
  const n = Number(bytes);
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/**
 * The indexed row of one standby: a continuous copy (`type: wal`) whose
 * recovery point is what it has replayed.
 *
 * - Caught up (its replay position at or past the primary's current WAL
 *   position, read first): it held everything committed when the primary
 *   was read, so the point is that instant, even on an idle primary whose
 *   last transaction is old.
 * - Behind: the point is its last replayed transaction; what committed
 *   after it is missing, and the lag in bytes is in the details.
 * - Not streaming, not a standby, or (without a primary to compare with)
 *   lag unknown: a `failed` row whose `continuityProblem` says why; it never
 *   counts, so an RPO of 0 breaches with that reason.
 */
export function replicaRow(options: {
  key: string;
  /** How the standby is named in messages, e.g. `standby "orders-replica" (db-2:5432)`. */
  where: string;
  standby: StandbyReading;
  primary?: PrimaryReading;
  /** `application_name` of the standby in the primary's `pg_stat_replication`. */
  applicationName?: string;
  checkedAt: Date;
}): IndexedBackup {
  const { standby, primary, where, checkedAt } = options;
  const sender = primary
    ? primary.senders.find(s =>
        options.applicationName
          ? s.applicationName === options.applicationName
          : primary.senders.length === 1,
      )
    : undefined;
  const primaryLsn = primary ? parseLsn(primary.currentLsn) : null;
  const replayLsn = parseLsn(standby.replayLsn);
  let lagBytes: bigint | null = null;
  if (primaryLsn !== null && replayLsn !== null) {
    lagBytes = primaryLsn > replayLsn ? primaryLsn - replayLsn : 0n;
  }
  const replica: JsonObject = {
    inRecovery: standby.inRecovery,
    receiver: standby.receiver,
    replayPaused: standby.replayPaused,
    receiveLsn: standby.receiveLsn,
    replayLsn: standby.replayLsn,
    replayedTransactionAt: standby.replayedTransactionAt?.toISOString() ?? null,
    primaryLsn: primary?.currentLsn ?? null,
    lagBytes: lagBytes === null ? null : Number(lagBytes),
    checkedAt: checkedAt.toISOString(),
    ...(sender
      ? {
          sender: {
            applicationName: sender.applicationName,
            state: sender.state,
            replayLsn: sender.replayLsn,
            replayLagSeconds: sender.replayLagSeconds,
            replyTime: sender.replyTime?.toISOString() ?? null,
          },
        }
      : {}),
  };
  const held = standby.replayedTransactionAt
    ? ` It holds the data up to its last replayed transaction, of ${standby.replayedTransactionAt.toISOString()}.`
    : '';
  const row = (
    completedAt: Date | null,
    continuityProblem?: string,
  ): IndexedBackup => ({
    key: options.key,
    name: `Streaming replica (${where})`,
    type: 'wal',
    status: continuityProblem ? 'failed' : 'succeeded',
    startedAt: null,
    completedAt,
    sizeBytes: null,
    checksum: null,
    encrypted: null,
    details: {
      replica,
      ...(continuityProblem
        ? { continuityProblem, problem: continuityProblem }
        : {}),
    },
  });

  if (!standby.inRecovery) {
    return row(
      checkedAt,
      `${where} is not in recovery (pg_is_in_recovery() is false): it was promoted or is no standby, so it is no copy of the primary.`,
    );
  }
  if (primary?.inRecovery) {
    return row(
      checkedAt,
      `the primary configured for ${where} is itself in recovery, so its WAL position says nothing of what the standby lacks; configure the server that takes the writes.`,
    );
  }
  if (standby.receiver !== 'streaming') {
    return row(
      checkedAt,
      `${where} is not streaming from its primary (WAL receiver: ${
        standby.receiver ??
        'none; it is not running, or the user lacks pg_monitor'
      }).${held}`,
    );
  }
  if (!primary || lagBytes === null) {
    return row(
      checkedAt,
      `how far ${where} is behind its primary is unknown: its last replayed transaction${
        standby.replayedTransactionAt
          ? `, of ${standby.replayedTransactionAt.toISOString()},`
          : ''
      } may be old only because the primary is idle. Configure primary so its current WAL position can be compared.`,
    );
  }
  if (lagBytes === 0n) return row(primary.readAt);
  if (!standby.replayedTransactionAt) {
    return row(
      checkedAt,
      `${where} is ${formatBytes(
        lagBytes,
      )} of WAL behind its primary and has replayed no transaction since it started, so its recovery point is unknown.`,
    );
  }
  // Behind: what committed after its last replayed transaction is missing.
  return row(standby.replayedTransactionAt);
}
