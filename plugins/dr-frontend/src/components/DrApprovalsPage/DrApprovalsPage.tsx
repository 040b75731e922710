/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Content,
  ContentHeader,
  Header,
  Link,
  Page,
} from '@backstage/core-components';
import { alertApiRef, useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  type Approval,
  type ApprovalListOptions,
  type ApprovalPage,
  DR_APPROVALS_SIGNAL_CHANNEL,
} from '@dr-suite/backstage-plugin-dr-common';
import { drApiRef } from '../../api';
import { useDrApi } from '../../hooks/useDrApi';
import { useDrSignal } from '../../hooks/useDrSignal';
import { useNow } from '../../hooks/useNow';
import { rootRouteRef } from '../../routes';
import { drTranslationRef } from '../../translation';
import { ApprovalCard } from '../ApprovalCard';
import {
  ApprovalDecisionDialog,
  type PendingDecision,
} from '../ApprovalDecisionDialog';
import { AsyncSection, SectionEmpty, errorMessage } from '../SectionState';

type Show = 'waiting' | 'requested';

const QUERIES: Record<Show, ApprovalListOptions> = {
  waiting: { view: 'decide', status: ['pending'], limit: 100 },
  requested: { view: 'requested', limit: 100 },
};

/**
 * The restore approvals inbox without a page header, for apps whose pages
 * bring their own (the new frontend system).
 */
export function DrApprovalsPageContent() {
  const [params, setParams] = useSearchParams();
  const show: Show =
    params.get('show') === 'requested' ? 'requested' : 'waiting';
  const auditLink = useRouteRef(rootRouteRef);
  const alertApi = useApi(alertApiRef);
  const now = useNow();
  const [pending, setPending] = useState<PendingDecision>();
  const state = useDrApi(api => api.listApprovals(QUERIES[show]), [show]);
  // A request filed, decided or finished elsewhere shows without a reload.
  useDrSignal(DR_APPROVALS_SIGNAL_CHANNEL, () => state.retry());
  const more = useMoreApprovals(QUERIES[show], state.value);
  const { t } = useTranslationRef(drTranslationRef);

  return (
    <Content>
      <ContentHeader
        title={t('approvalsPage.title')}
        description={t('approvalsPage.description')}
      >
        <Link to={auditLink()}>{t('approvalsPage.backToAudit')}</Link>
      </ContentHeader>
      <Box mb={3}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={show}
          aria-label={t('approvalsPage.tabs.label')}
          onChange={(_event, value: Show | null) => {
            if (value) {
              setParams(value === 'waiting' ? {} : { show: value });
            }
          }}
        >
          <ToggleButton value="waiting">
            {t('approvalsPage.tabs.waiting')}
          </ToggleButton>
          <ToggleButton value="requested">
            {t('approvalsPage.tabs.requested')}
          </ToggleButton>
        </ToggleButtonGroup>
      </Box>
      <AsyncSection
        state={state}
        what="the restore approvals"
        forbiddenMessage="Deciding on restores needs the dr.restore.approve permission."
      >
        {({ items: firstPage, totalCount }) => {
          const items = [...firstPage, ...more.items];
          return items.length ? (
            <Box display="flex" flexDirection="column" gridGap={16}>
              {items.map(approval => (
                <ApprovalCard
                  key={approval.id}
                  approval={approval}
                  now={now}
                  onDecide={
                    show === 'waiting'
                      ? decision => setPending({ approval, decision })
                      : undefined
                  }
                />
              ))}
              {more.cursor && (
                <Box display="flex" alignItems="center" gridGap={16}>
                  <Button
                    variant="outlined"
                    disabled={more.loading}
                    onClick={more.load}
                  >
                    Show more
                  </Button>
                  <span>
                    Showing {items.length} of {totalCount}, newest first.
                  </span>
                </Box>
              )}
            </Box>
          ) : (
            <SectionEmpty
              title={
                show === 'waiting'
                  ? 'Nothing is waiting for your decision.'
                  : 'You have not requested any restore.'
              }
            >
              {show === 'waiting'
                ? 'Restore requests you may approve show here as soon as they are filed.'
                : 'Use "Restore to staging" on a service\'s DR tab to request one.'}
            </SectionEmpty>
          );
        }}
      </AsyncSection>
      <ApprovalDecisionDialog
        pending={pending}
        onClose={() => setPending(undefined)}
        onDecided={approval => {
          setPending(undefined);
          alertApi.post({
            message:
              approval.status === 'pending'
                ? 'Decision saved. The restore still needs more approvals.'
                : `Decision saved: the restore is ${approval.status}.`,
            severity: 'success',
            display: 'transient',
          });
          state.retry();
        }}
      />
    </Content>
  );
}

/**
 * The pages after the first, loaded on demand with the cursor of the page
 * before; forgotten whenever the first page is loaded again.
 */
function useMoreApprovals(
  query: ApprovalListOptions,
  firstPage: ApprovalPage | undefined,
) {
  const drApi = useApi(drApiRef);
  const alertApi = useApi(alertApiRef);
  const [items, setItems] = useState<Approval[]>([]);
  const [cursor, setCursor] = useState(firstPage?.nextCursor);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    setItems([]);
    setCursor(firstPage?.nextCursor);
  }, [firstPage, query]);
  const load = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await drApi.listApprovals({ ...query, cursor });
      setItems(loaded => [...loaded, ...page.items]);
      setCursor(page.nextCursor);
    } catch (error) {
      alertApi.post({
        message: `Could not load more restore approvals: ${errorMessage(
          error as Error,
        )}`,
        severity: 'error',
      });
    } finally {
      setLoading(false);
    }
  };
  return { items, cursor, loading, load };
}

/** The restore approvals inbox for apps on the legacy frontend system. */
export function DrApprovalsPage() {
  const { t } = useTranslationRef(drTranslationRef);
  return (
    <Page themeId="tool">
      <Header title={t('page.title')} subtitle={t('page.approvalsSubtitle')} />
      <DrApprovalsPageContent />
    </Page>
  );
}
