/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import GetAppIcon from '@material-ui/icons/GetApp';
import type { DrillLedgerQuery } from '@dr-suite/backstage-plugin-dr-common';
import { drApiRef } from '../../api';
import { datedCsvFileName, saveBlob } from '../../download';
import { errorMessage } from '../SectionState';

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
  const alertApi = useApi(alertApiRef);
  const [exporting, setExporting] = useState(false);
  const denied = Boolean(props.forbidden);

  const onExport = async () => {
    setExporting(true);
    try {
      saveBlob(
        await drApi.getDrillLedgerCsv(props.query),
        datedCsvFileName('dr-drill-ledger'),
      );
    } catch (error) {
      alertApi.post({
        message: `Could not export the drill ledger: ${errorMessage(
          error as Error,
        )}`,
        severity: 'error',
      });
    } finally {
      setExporting(false);
    }
  };

  return (
    <Tooltip title={denied ? DRILL_LEDGER_FORBIDDEN : ''}>
      {/* A disabled button receives no pointer events; its wrapper does. */}
      <span>
        <Button
          variant="outlined"
          color="primary"
          startIcon={<GetAppIcon />}
          onClick={onExport}
          disabled={exporting || denied}
        >
          {exporting ? 'Exporting…' : 'Drill ledger CSV'}
        </Button>
      </span>
    </Tooltip>
  );
}
