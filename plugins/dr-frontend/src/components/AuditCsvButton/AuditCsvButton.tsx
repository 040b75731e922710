/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import type { AuditQuery } from '@dr-suite/backstage-plugin-dr-common';
import { drApiRef } from '../../api';
import { errorMessage } from '../SectionState';

/** `dr-audit-2026-03-12.csv`, the date in the reader's time zone. */
export function auditCsvFileName(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `dr-audit-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(
    now.getDate(),
  )}.csv`;
}

/** Saves a blob as a file through a temporary object URL. */
function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Downloads the whole filtered audit, every page, as the backend's CSV
 * export.
 */
export function AuditCsvButton(props: { query: AuditQuery }) {
  const drApi = useApi(drApiRef);
  const alertApi = useApi(alertApiRef);
  const [exporting, setExporting] = useState(false);

  const onExport = async () => {
    setExporting(true);
    try {
      saveBlob(await drApi.getAuditCsv(props.query), auditCsvFileName());
    } catch (error) {
      alertApi.post({
        message: `Could not export the audit: ${errorMessage(error as Error)}`,
        severity: 'error',
      });
    } finally {
      setExporting(false);
    }
  };

  return (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<GetAppIcon />}
      onClick={onExport}
      disabled={exporting}
    >
      {exporting ? 'Exporting…' : 'Export CSV'}
    </Button>
  );
}
