/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  Content,
  ContentHeader,
  Header,
  Page,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  DR_ANNOTATION_RPO,
  DR_ANNOTATION_RTO,
  DR_ANNOTATION_TIER,
  type OverallStatus,
} from '@dr-suite/backstage-plugin-dr-common';
import { formatAge } from '../../formatting';
import { auditQueryOf, useAuditView } from '../../hooks/useAuditView';
import { drTranslationRef } from '../../translation';
import { useDrApi } from '../../hooks/useDrApi';
import { useNow } from '../../hooks/useNow';
import { ApprovalsBadge } from '../ApprovalsBadge';
import { AuditCsvButton } from '../AuditCsvButton';
import { AuditFilters } from '../AuditFilters';
import { AuditSummary } from '../AuditSummary';
import { DrillLedgerCsvButton } from '../DrillLedgerCsvButton';
import { AuditTable } from '../AuditTable';
import { AsyncSection, SectionEmpty, errorStatus } from '../SectionState';

const FORBIDDEN =
  'The catalog-wide DR audit is restricted to the platform team (permission dr.audit.read). Each service still shows its own posture on its DR tab.';

/**
 * The catalog-wide DR audit without a page header, for apps whose pages
 * bring their own (the new frontend system).
 */
export function DrAuditPageContent() {
  const [view, setView] = useAuditView();
  const now = useNow();
  const { t } = useTranslationRef(drTranslationRef);
  const query = auditQueryOf(view, { paged: true });
  const state = useDrApi(api => api.getAudit(query), [JSON.stringify(query)]);
  const forbidden = Boolean(state.error && errorStatus(state.error) === 403);
  const filtered =
    view.search !== '' ||
    [view.owner, view.kind, view.tier, view.overall].some(f => f.length > 0);

  const toggleOverall = (status: OverallStatus) =>
    setView({
      overall: view.overall.includes(status)
        ? view.overall.filter(s => s !== status)
        : [...view.overall, status],
    });

  return (
    <Content>
      <ContentHeader
        title={t('auditPage.title')}
        description={t('auditPage.description')}
      >
        <Box display="flex" gridGap={8}>
          <ApprovalsBadge />
          <AuditCsvButton
            query={auditQueryOf(view, { paged: false })}
            forbidden={forbidden}
          />
          <DrillLedgerCsvButton
            query={{ owner: view.owner, tier: view.tier }}
            forbidden={forbidden}
          />
        </Box>
      </ContentHeader>
      <AsyncSection
        state={state}
        what="the DR audit"
        forbiddenMessage={FORBIDDEN}
      >
        {page => (
          <Box display="flex" flexDirection="column" gridGap={24}>
            <AuditSummary
              summary={page.summary}
              selected={view.overall}
              onToggle={toggleOverall}
            />
            <AuditFilters view={view} onChange={setView} />
            {page.items.length > 0 && (
              <AuditTable
                rows={page.items}
                totalCount={page.totalCount}
                view={view}
                now={now}
                onChange={setView}
              />
            )}
            {!page.items.length && page.totalCount > 0 && (
              <SectionEmpty
                title={t('auditPage.pastTheEnd', {
                  page: String(view.page + 1),
                })}
                action={
                  <Button variant="outlined" onClick={() => setView({})}>
                    {t('auditPage.firstPage')}
                  </Button>
                }
              />
            )}
            {!page.totalCount && filtered && (
              <SectionEmpty title={t('auditPage.noMatch')} />
            )}
            {!page.totalCount && !filtered && (
              <SectionEmpty title={t('auditPage.noObjectives')}>
                Give an entity objectives with the {DR_ANNOTATION_TIER},{' '}
                {DR_ANNOTATION_RPO} or {DR_ANNOTATION_RTO} annotations, or link
                a DR plan; it appears here after the next catalog sync.
              </SectionEmpty>
            )}
            {page.syncedAt && (
              <Typography variant="caption" color="textSecondary">
                {/* syncedAt is when a catalog change last reached the audit;
                    syncs that find nothing new leave it as it is. */}
                {t('auditPage.lastCatalogChange', {
                  age: formatAge(page.syncedAt, now),
                })}
              </Typography>
            )}
          </Box>
        )}
      </AsyncSection>
    </Content>
  );
}

/**
 * The catalog-wide DR audit page for apps on the legacy frontend system.
 */
export function DrAuditPage() {
  const { t } = useTranslationRef(drTranslationRef);
  return (
    <Page themeId="tool">
      <Header title={t('page.title')} subtitle={t('page.auditSubtitle')} />
      <DrAuditPageContent />
    </Page>
  );
}
