/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Content, ContentHeader, Link } from '@backstage/core-components';
import { alertApiRef, useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { DR_APPROVALS_SIGNAL_CHANNEL } from '@dr-suite/backstage-plugin-dr-common';
import { useDrApi } from '../../hooks/useDrApi';
import { useDrSignal } from '../../hooks/useDrSignal';
import { useNow } from '../../hooks/useNow';
import { approvalsRouteRef } from '../../routes';
import { drTranslationRef } from '../../translation';
import { ApprovalCard } from '../ApprovalCard';
import {
  ApprovalDecisionDialog,
  type PendingDecision,
} from '../ApprovalDecisionDialog';
import { AsyncSection } from '../SectionState';

/**
 * One restore request, where notifications and task pages link to: what is
 * restored where and why, its decisions, how the restore ended, and approve
 * or reject for someone who may decide it.
 */
export function DrApprovalDetails() {
  const { approvalId = '' } = useParams();
  const approvalsLink = useRouteRef(approvalsRouteRef);
  const alertApi = useApi(alertApiRef);
  const now = useNow();
  const [pending, setPending] = useState<PendingDecision>();
  const state = useDrApi(api => api.getApproval(approvalId), [approvalId]);
  const { t } = useTranslationRef(drTranslationRef);
  // Decisions and the restore's progress show as they happen.
  useDrSignal(DR_APPROVALS_SIGNAL_CHANNEL, signal => {
    if (signal.approvalId === approvalId) state.retry();
  });

  return (
    <Content>
      <ContentHeader title={t('approvalDetails.title')}>
        <Link to={approvalsLink()}>{t('approvalDetails.allApprovals')}</Link>
      </ContentHeader>
      <AsyncSection
        state={state}
        what="this restore request"
        forbiddenMessage="You may not see this restore request."
      >
        {approval => (
          <Box display="flex" flexDirection="column" gridGap={16}>
            <ApprovalCard
              approval={approval}
              now={now}
              onDecide={
                // The card shows the buttons, or why the caller may not decide.
                approval.canDecide === undefined
                  ? undefined
                  : decision => setPending({ approval, decision })
              }
            />
            {approval.outcome && (
              <Typography role="status">
                The restore{' '}
                {approval.outcome === 'succeeded' ? 'succeeded' : 'failed'}
                {approval.outcomeMessage ? `: ${approval.outcomeMessage}` : '.'}
              </Typography>
            )}
            {approval.executionTaskId && (
              <Link
                to={`/create/tasks/${encodeURIComponent(
                  approval.executionTaskId,
                )}`}
              >
                Open the restore task and its log
              </Link>
            )}
          </Box>
        )}
      </AsyncSection>
      <ApprovalDecisionDialog
        pending={pending}
        onClose={() => setPending(undefined)}
        onDecided={approval => {
          setPending(undefined);
          alertApi.post({
            message: `Decision saved: the restore is ${approval.status}.`,
            severity: 'success',
            display: 'transient',
          });
          state.retry();
        }}
      />
    </Content>
  );
}
