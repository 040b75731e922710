/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useApi } from '@backstage/core-plugin-api';
import type { AuditQuery } from '@dr-suite/backstage-plugin-dr-common';
import { drApiRef } from '../../api';
import { datedCsvFileName } from '../../download';
import { CsvExportButton } from '../CsvExportButton';

/** `dr-audit-2026-03-12.csv`, the date in the reader's time zone. */
export function auditCsvFileName(now: Date = new Date()): string {
  return datedCsvFileName('dr-audit', now);
}

/** Why a user who may not read the audit cannot export it either. */
export const AUDIT_EXPORT_FORBIDDEN =
  'Exporting the DR audit is restricted to the platform team (permission dr.audit.read).';

/**
 * Downloads the whole filtered audit, every page, as the backend's CSV
 * export. Users the backend refused the audit to see it disabled, with the
 * reason on hover, instead of an error after clicking. (`dr.audit.read` may
 * be granted for some entities only, which a browser cannot ask about
 * without naming one, so the page's own answer decides.)
 */
export function AuditCsvButton(props: {
  query: AuditQuery;
  /** The backend refused this user the audit (a 403). */
  forbidden?: boolean;
}) {
  const drApi = useApi(drApiRef);
  return (
    <CsvExportButton
      label="Export CSV"
      what="the audit"
      download={() => drApi.getAuditCsv(props.query)}
      fileName={() => auditCsvFileName()}
      forbidden={props.forbidden}
      forbiddenReason={AUDIT_EXPORT_FORBIDDEN}
    />
  );
}
