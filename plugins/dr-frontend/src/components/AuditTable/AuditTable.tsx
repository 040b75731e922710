/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  EntityRefLink,
  humanizeEntityRef,
  useEntityPresentation,
} from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  AuditRow,
  AuditSortField,
  ObjectiveStatus,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  formatDateAndAge,
  formatOptionalDuration,
  formatOwner,
} from '../../formatting';
import type { AuditView } from '../../hooks/useAuditView';
import { PAGE_SIZES } from '../../hooks/useCursorPagination';
import { useDrTabLink } from '../../hooks/useDrTabLink';
import { drTranslationRef } from '../../translation';
import {
  DrillStatusChip,
  ObjectiveStatusChip,
  OverallStatusChip,
} from '../StatusChip';

const useStyles = makeStyles(theme => ({
  cell: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
  },
}));

const COLUMNS: AuditSortField[] = [
  'entity',
  'owner',
  'tier',
  'overall',
  'rpo',
  'rto',
  'lastDrill',
];

function Objective(props: {
  status: ObjectiveStatus;
  actual: number | null;
  target: number | null;
  missing: string;
}) {
  const classes = useStyles();
  return (
    <div className={classes.cell}>
      <ObjectiveStatusChip status={props.status} />
      <Typography variant="caption" color="textSecondary">
        {props.actual === null
          ? props.missing
          : `${formatOptionalDuration(
              props.actual,
            )} · target ${formatOptionalDuration(props.target)}`}
      </Typography>
    </div>
  );
}

/**
 * An owner by the name the column sorts by and the Owner filter lists (its
 * ref), so the order reads right; its catalog title, when it has another,
 * below.
 */
function Owner({ ownerRef }: { ownerRef: string }) {
  const classes = useStyles();
  const name = formatOwner(ownerRef);
  const { primaryTitle } = useEntityPresentation(ownerRef, {
    defaultKind: 'group',
  });
  return (
    <div className={classes.cell}>
      <EntityRefLink entityRef={ownerRef}>{name}</EntityRefLink>
      {primaryTitle !== name && (
        <Typography variant="caption" color="textSecondary">
          {primaryTitle}
        </Typography>
      )}
    </div>
  );
}

function AuditTableRow({ row, now }: { row: AuditRow; now: number }) {
  const classes = useStyles();
  const drTabLink = useDrTabLink();
  return (
    <TableRow hover>
      <TableCell>
        <div className={classes.cell}>
          <Link to={drTabLink(row.entityRef)}>{row.title ?? row.name}</Link>
          <Typography variant="caption" color="textSecondary">
            {row.kind}
            {row.namespace !== 'default' && ` · ${row.namespace}`}
            {row.problemCount > 0 &&
              ` · ${row.problemCount} problem${
                row.problemCount > 1 ? 's' : ''
              }`}
          </Typography>
        </div>
      </TableCell>
      <TableCell>{row.owner ? <Owner ownerRef={row.owner} /> : '—'}</TableCell>
      <TableCell>{row.tier ?? '—'}</TableCell>
      <TableCell>
        <div className={classes.cell}>
          <OverallStatusChip status={row.overall} />
          {row.drivenBy && (
            // A System listed as bad as its worst part: which one.
            <Typography variant="caption" color="textSecondary">
              driven by{' '}
              <Link to={drTabLink(row.drivenBy)}>
                {humanizeEntityRef(parseEntityRef(row.drivenBy))}
              </Link>
            </Typography>
          )}
          {row.drivenByHidden && (
            // The backend withholds a part the reader may not see.
            <Typography variant="caption" color="textSecondary">
              driven by a part you cannot see
            </Typography>
          )}
        </div>
      </TableCell>
      <TableCell>
        <Objective
          status={row.rpoStatus}
          actual={row.rpoActualSeconds}
          target={row.rpoTargetSeconds}
          missing={row.rpoTargetSeconds === null ? 'no target' : 'no backup'}
        />
      </TableCell>
      <TableCell>
        <Objective
          status={row.rtoStatus}
          actual={row.rtoMeasuredSeconds}
          target={row.rtoTargetSeconds}
          missing={row.rtoTargetSeconds === null ? 'no target' : 'not measured'}
        />
      </TableCell>
      <TableCell>
        <div className={classes.cell}>
          <DrillStatusChip status={row.drillStatus} />
          <Typography variant="caption" color="textSecondary">
            {row.lastDrillAt ? formatDateAndAge(row.lastDrillAt, now) : 'never'}
          </Typography>
        </div>
      </TableCell>
    </TableRow>
  );
}

/** Props of {@link AuditTable}. */
export interface AuditTableProps {
  rows: AuditRow[];
  totalCount: number;
  view: AuditView;
  now: number;
  onChange: (change: Partial<AuditView>) => void;
}

/**
 * One page of the audit, sorted and paged by the backend so ten thousand
 * entities cost no more than fifty.
 */
export function AuditTable(props: AuditTableProps) {
  const { rows, totalCount, view, now, onChange } = props;
  const { t } = useTranslationRef(drTranslationRef);
  return (
    <>
      <TableContainer>
        <Table size="small" aria-label="DR audit">
          <TableHead>
            <TableRow>
              {COLUMNS.map(field => (
                <TableCell
                  key={field}
                  sortDirection={view.orderBy === field ? view.order : false}
                >
                  <TableSortLabel
                    active={view.orderBy === field}
                    direction={view.orderBy === field ? view.order : 'asc'}
                    onClick={() =>
                      onChange({
                        orderBy: field,
                        order:
                          view.orderBy === field && view.order === 'asc'
                            ? 'desc'
                            : 'asc',
                      })
                    }
                  >
                    {t(`auditTable.columns.${field}`)}
                  </TableSortLabel>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(row => (
              <AuditTableRow key={row.entityRef} row={row} now={now} />
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={totalCount}
        page={view.page}
        rowsPerPage={view.pageSize}
        rowsPerPageOptions={PAGE_SIZES}
        onPageChange={(_event, page) => onChange({ page })}
        onRowsPerPageChange={event =>
          onChange({ pageSize: Number(event.target.value) })
        }
      />
    </>
  );
}
