/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useApi } from '@backstage/core-plugin-api';
import type { DrillLedgerQuery } from '@dr-suite/backstage-plugin-dr-common';
import { drApiRef } from '../../api';
import { datedCsvFileName } from '../../download';
import { CsvExportButton } from '../CsvExportButton';

/** Why a user who may not read the audit cannot export the ledger either. */
export const DRILL_LEDGER_FORBIDDEN =
  'Exporting the drill ledger needs the dr.audit.read permission.';

/**
 * Downloads the drill ledger as CSV (every drill with who requested and
 * approved it, its backup, target, measured RTO, phases, checks and
 * outcome, voided ones included), for the owners and tiers the audit is
 * filtered to, and only the entities the policy lets the user see.
 */
export function DrillLedgerCsvButton(props: {
  query: DrillLedgerQuery;
  /** The backend refused this user the audit (a 403). */
  forbidden?: boolean;
}) {
  const drApi = useApi(drApiRef);
  return (
    <CsvExportButton
      label="Drill ledger CSV"
      what="the drill ledger"
      download={() => drApi.getDrillLedgerCsv(props.query)}
      fileName={() => datedCsvFileName('dr-drill-ledger')}
      forbidden={props.forbidden}
      forbiddenReason={DRILL_LEDGER_FORBIDDEN}
    />
  );
}
