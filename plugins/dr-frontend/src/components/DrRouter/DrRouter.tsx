/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { Route, Routes } from 'react-router-dom';
import { approvalsRouteRef } from '../../routes';
import { DrApprovalDetails } from '../DrApprovalDetails';
import { DrApprovalsPage, DrApprovalsPageContent } from '../DrApprovalsPage';
import { DrAuditPage, DrAuditPageContent } from '../DrAuditPage';

/**
 * Props of `DrAuditPage`: the audit and the approvals inbox below it.
 * @public
 */
export interface DrAuditPageProps {
  /**
   * `page` (default): each page brings its Backstage header, as legacy apps
   * need; `none`: the app's page layout provides it (new frontend system).
   */
  header?: 'page' | 'none';
}

/** The audit at the plugin's root and the approvals inbox below it. */
export function DrRouter(props: DrAuditPageProps) {
  const withHeader = props.header !== 'none';
  return (
    <Routes>
      <Route
        path="/"
        element={withHeader ? <DrAuditPage /> : <DrAuditPageContent />}
      />
      <Route
        path={approvalsRouteRef.path}
        element={withHeader ? <DrApprovalsPage /> : <DrApprovalsPageContent />}
      />
      <Route
        path={`${approvalsRouteRef.path}/:approvalId`}
        element={<DrApprovalDetails />}
      />
    </Routes>
  );
}
