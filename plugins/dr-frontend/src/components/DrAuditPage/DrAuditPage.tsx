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
import { useDrApi } from '../../hooks/useDrApi';
import { useNow } from '../../hooks/useNow';
import { ApprovalsBadge } from '../ApprovalsBadge';
import { AuditCsvButton } from '../AuditCsvButton';
import { AuditFilters } from '../AuditFilters';
import { AuditSummary } from '../AuditSummary';
import { AuditTable } from '../AuditTable';
import { AsyncSection, SectionEmpty } from '../SectionState';

const FORBIDDEN =
  'The catalog-wide DR audit is restricted to the platform team (permission dr.audit.read). Each service still shows its own posture on its DR tab.';

/**
 * The catalog-wide DR audit without a page header, for apps whose pages
 * bring their own (the new frontend system).
 */
export function DrAuditPageContent() {
  const [view, setView] = useAuditView();
  const now = useNow();
  const query = auditQueryOf(view, { paged: true });
  const state = useDrApi(api => api.getAudit(query), [JSON.stringify(query)]);
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
        title="Catalog DR audit"
        description="Every entity with DR objectives: whether its backups meet the RPO, its drills the RTO, and when it was last drilled."
      >
        <Box display="flex" gridGap={8}>
          <ApprovalsBadge />
          <AuditCsvButton query={auditQueryOf(view, { paged: false })} />
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
                title={`Page ${view.page + 1} is past the end of the audit.`}
                action={
                  <Button variant="outlined" onClick={() => setView({})}>
                    Go to the first page
                  </Button>
                }
              />
            )}
            {!page.totalCount && filtered && (
              <SectionEmpty title="No entity matches these filters." />
            )}
            {!page.totalCount && !filtered && (
              <SectionEmpty title="No entity has DR objectives yet.">
                Give an entity objectives with the {DR_ANNOTATION_TIER},{' '}
                {DR_ANNOTATION_RPO} or {DR_ANNOTATION_RTO} annotations, or link
                a DR plan; it appears here after the next catalog sync.
              </SectionEmpty>
            )}
            {page.syncedAt && (
              <Typography variant="caption" color="textSecondary">
                From the catalog as synced {formatAge(page.syncedAt, now)}.
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
  return (
    <Page themeId="tool">
      <Header
        title="Disaster Recovery"
        subtitle="DR posture across the catalog"
      />
      <DrAuditPageContent />
    </Page>
  );
}
