/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { stringify } from 'csv-stringify/sync';
import type { DrillLedgerRow } from '@dr-suite/backstage-plugin-dr-common';
import { csvSafe } from '../audit/csvSafe';
import type {
  DatabaseDrillLedgerStore,
  DrillLedgerFilter,
} from '../database/DatabaseDrillLedgerStore';

/**
 * Columns of the ledger's CSV export, in order (the README documents each).
 * @internal
 */
export const DRILL_LEDGER_CSV_COLUMNS: Array<keyof DrillLedgerRow> = [
  'drillId',
  'entityRef',
  'owner',
  'tier',
  'scenario',
  'kind',
  'outcome',
  'startedAt',
  'completedAt',
  'requestedBy',
  'requestReason',
  'ticket',
  'approvedBy',
  'approvalId',
  'taskId',
  'backupId',
  'backupName',
  'backupSourceId',
  'backupCompletedAt',
  'backupAgeSeconds',
  'targetId',
  'targetEnvironment',
  'measuredRtoSeconds',
  'phases',
  'checksRun',
  'checksPassed',
  'checks',
  'evidenceUrl',
  'recordedBy',
  'recordedAt',
  'voided',
  'voidedAt',
  'voidedBy',
  'voidReason',
];

/** One CSV cell: lists joined with `; `, then neutralised as a formula. */
function cell(row: DrillLedgerRow, column: keyof DrillLedgerRow): unknown {
  switch (column) {
    case 'approvedBy':
      return csvSafe(row.approvedBy.join('; '));
    case 'phases':
      return csvSafe(
        row.phases.map(p => `${p.name} ${p.durationSeconds} s`).join('; '),
      );
    case 'checks':
      return csvSafe(
        row.checks
          .map(
            c =>
              `${c.name}: ${c.passed ? 'passed' : 'failed'}${
                c.detail ? ` (${c.detail})` : ''
              }`,
          )
          .join('; '),
      );
    default:
      return csvSafe(row[column]);
  }
}

/**
 * The drill ledger as an auditor downloads it, CSV or JSON, streamed from
 * the database a page at a time.
 * @internal
 */
export class DrillLedger {
  readonly #store: DatabaseDrillLedgerStore;

  constructor(store: DatabaseDrillLedgerStore) {
    this.#store = store;
  }

  /** `counter.rows` counts the drills written, for the audit event. */
  async *csv(
    filter: DrillLedgerFilter,
    counter = { rows: 0 },
  ): AsyncGenerator<string> {
    yield stringify([DRILL_LEDGER_CSV_COLUMNS]);
    for await (const rows of this.#store.pages(filter)) {
      counter.rows += rows.length;
      yield stringify(
        rows.map(row => DRILL_LEDGER_CSV_COLUMNS.map(c => cell(row, c))),
      );
    }
  }

  /** `{"items":[...]}`, written as the pages arrive. */
  async *json(
    filter: DrillLedgerFilter,
    counter = { rows: 0 },
  ): AsyncGenerator<string> {
    yield '{"items":[';
    let first = true;
    for await (const rows of this.#store.pages(filter)) {
      counter.rows += rows.length;
      const chunk = rows.map(row => JSON.stringify(row)).join(',');
      yield first ? chunk : `,${chunk}`;
      first = false;
    }
    yield ']}';
  }
}
