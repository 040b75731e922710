/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import GetAppIcon from '@material-ui/icons/GetApp';
import {
  drAuditReadPermission,
  type AuditQuery,
} from '@dr-suite/backstage-plugin-dr-common';
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

/** Why a user who may not read the audit cannot export it either. */
export const AUDIT_EXPORT_FORBIDDEN =
  'Exporting the DR audit is restricted to the platform team (permission dr.audit.read).';

/**
 * Downloads the whole filtered audit, every page, as the backend's CSV
 * export. Users the permission framework would refuse see it disabled, with
 * the reason on hover, instead of an error after clicking.
 */
export function AuditCsvButton(props: { query: AuditQuery }) {
  const drApi = useApi(drApiRef);
  const alertApi = useApi(alertApiRef);
  const [exporting, setExporting] = useState(false);
  const permission = usePermission({ permission: drAuditReadPermission });
  const denied = !permission.loading && !permission.allowed;

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
    // An empty title shows no tooltip.
    <Tooltip title={denied ? AUDIT_EXPORT_FORBIDDEN : ''}>
      {/* A disabled button receives no pointer events; its wrapper does. */}
      <span>
        <Button
          variant="outlined"
          color="primary"
          startIcon={<GetAppIcon />}
          onClick={onExport}
          disabled={exporting || !permission.allowed}
        >
          {exporting ? 'Exporting…' : 'Export CSV'}
        </Button>
      </span>
    </Tooltip>
  );
}
