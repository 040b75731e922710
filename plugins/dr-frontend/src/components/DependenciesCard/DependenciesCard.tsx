/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InfoCard, Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  EntityRefLink,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  OVERALL_STATUSES,
  type DependencyPosture,
  type EntityPosture,
} from '@dr-suite/backstage-plugin-dr-common';
import { useDrTabLink } from '../../hooks/useDrTabLink';
import { drTranslationRef } from '../../translation';
import { SectionEmpty } from '../SectionState';
import {
  DrillStatusChip,
  ObjectiveStatusChip,
  OverallStatusChip,
  overallStatusPresentation,
} from '../StatusChip';

/** Worst first, then by name, so what needs attention leads. */
function worstFirst(dependencies: DependencyPosture[]): DependencyPosture[] {
  return [...dependencies].sort(
    (a, b) =>
      OVERALL_STATUSES.indexOf(a.overall) - OVERALL_STATUSES.indexOf(b.overall) ||
      (a.title ?? a.entityRef).localeCompare(b.title ?? b.entityRef),
  );
}

/**
 * The DR posture of what the entity depends on (or, for a system, its
 * parts), worst first, each linking to its own DR tab: a healthy service on
 * a database in breach is not healthy. As `variant="parts"` it is a
 * system's own view: its parts, without the relation column.
 */
export function DependenciesCard(props: {
  posture: EntityPosture;
  variant?: 'dependencies' | 'parts';
}) {
  const { dependenciesOverall } = props.posture;
  const parts = props.variant === 'parts';
  const dependencies = worstFirst(props.posture.dependencies);
  const drTabLink = useDrTabLink();
  const { t } = useTranslationRef(drTranslationRef);
  const title = parts
    ? t('dependencies.partsTitle')
    : t('dependencies.title');
  return (
    <InfoCard
      title={title}
      subheader={
        dependenciesOverall
          ? t('dependencies.worstOfThem', {
              status: overallStatusPresentation[dependenciesOverall].label,
            })
          : undefined
      }
    >
      {dependencies.length ? (
        <TableContainer>
          <Table size="small" aria-label={title}>
            <TableHead>
              <TableRow>
                <TableCell>{t('dependencies.columns.entity')}</TableCell>
                {!parts && (
                  <TableCell>{t('dependencies.columns.relation')}</TableCell>
                )}
                <TableCell>{t('dependencies.columns.overall')}</TableCell>
                <TableCell>{t('dependencies.columns.rpo')}</TableCell>
                <TableCell>{t('dependencies.columns.rto')}</TableCell>
                <TableCell>{t('dependencies.columns.drills')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {dependencies.map(dependency => (
                <TableRow key={dependency.entityRef}>
                  <TableCell>
                    {dependency.overall === 'none' ? (
                      // Without objectives it may have no DR tab: its page.
                      <EntityRefLink
                        entityRef={dependency.entityRef}
                        title={dependency.title ?? undefined}
                        hideIcon
                      />
                    ) : (
                      <Link to={drTabLink(dependency.entityRef)}>
                        {dependency.title ??
                          humanizeEntityRef(
                            parseEntityRef(dependency.entityRef),
                          )}
                      </Link>
                    )}
                  </TableCell>
                  {!parts && (
                    <TableCell>
                      {t(`dependencies.relations.${dependency.relation}`)}
                    </TableCell>
                  )}
                  <TableCell>
                    <OverallStatusChip status={dependency.overall} />
                  </TableCell>
                  {dependency.overall === 'none' ? (
                    // Nothing to judge: no RPO, RTO or drill to be missing.
                    <>
                      <TableCell>—</TableCell>
                      <TableCell>—</TableCell>
                      <TableCell>—</TableCell>
                    </>
                  ) : (
                    <>
                      <TableCell>
                        <ObjectiveStatusChip status={dependency.rpoStatus} />
                      </TableCell>
                      <TableCell>
                        <ObjectiveStatusChip status={dependency.rtoStatus} />
                      </TableCell>
                      <TableCell>
                        <DrillStatusChip status={dependency.drillStatus} />
                      </TableCell>
                    </>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      ) : (
        <SectionEmpty title={t('dependencies.empty')}>
          {t('dependencies.emptyHelp')}
        </SectionEmpty>
      )}
    </InfoCard>
  );
}
