/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useState, type ChangeEvent } from 'react';
import { InfoCard } from '@backstage/core-components';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type {
  BackupRecord,
  BackupStatus,
  EntityPosture,
} from '@dr-suite/backstage-plugin-dr-common';
import { formatAge, formatBytes, formatDateTime } from '../../formatting';
import { useCursorPagination } from '../../hooks/useCursorPagination';
import { useDrApi } from '../../hooks/useDrApi';
import { AsyncSection, SectionEmpty } from '../SectionState';
import { BackupStatusChip } from '../StatusChip';
import { NoBackups } from './NoBackups';

const STATUS_FILTERS: Record<
  string,
  { label: string; statuses?: BackupStatus[]; verified?: 'true' }
> = {
  all: { label: 'All backups' },
  succeeded: { label: 'Succeeded', statuses: ['succeeded'] },
  failed: {
    label: 'Failed or partially failed',
    statuses: ['failed', 'partially-failed'],
  },
  'in-progress': { label: 'In progress', statuses: ['in-progress'] },
  verified: { label: 'Verified restorable', verified: 'true' },
};

const ENCRYPTED: Record<string, string> = {
  true: 'Yes',
  false: 'No',
  null: '—',
};

function BackupRow({ backup, now }: { backup: BackupRecord; now: number }) {
  const time = backup.completedAt ?? backup.startedAt;
  return (
    <TableRow>
      <TableCell>
        {time ? (
          <>
            <Typography variant="body2">{formatDateTime(time)}</Typography>
            <Typography variant="caption" color="textSecondary">
              {backup.completedAt
                ? formatAge(time, now)
                : `started ${formatAge(time, now)}`}
            </Typography>
          </>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell>
        <Typography variant="body2" title={backup.key}>
          {backup.name}
        </Typography>
      </TableCell>
      <TableCell>{backup.type}</TableCell>
      <TableCell>
        <BackupStatusChip status={backup.status} />
        {backup.suspicion && (
          // Completed, but skipped for RPO: the reason says why.
          <Typography variant="caption" display="block" color="error">
            ⚠ {backup.suspicion.replace(/^Suspicious: /, 'Skipped for RPO: ')}
          </Typography>
        )}
        {backup.verifiedRestorable && (
          // A verified restore (every check passed) brought this backup back.
          <Typography
            variant="caption"
            display="block"
            title={`Verified ${formatDateTime(
              backup.verifiedRestorable.verifiedAt,
            )} by ${
              backup.verifiedRestorable.restoreTestPlan
                ? `restore-test plan ${backup.verifiedRestorable.restoreTestPlan}`
                : 'a drill'
            }`}
          >
            ✔ Verified restorable
            {backup.verifiedRestorable.restoreTestPlan
              ? ` (${backup.verifiedRestorable.restoreTestPlan})`
              : ''}
          </Typography>
        )}
      </TableCell>
      <TableCell align="right">
        {backup.sizeBytes === null ? '—' : formatBytes(backup.sizeBytes)}
      </TableCell>
      <TableCell>{backup.sourceId}</TableCell>
      <TableCell>{ENCRYPTED[String(backup.encrypted)]}</TableCell>
    </TableRow>
  );
}

/** Props of {@link BackupsTable}. */
export interface BackupsTableProps {
  entityRef: string;
  /** Explains an empty table; the table works without it. */
  posture?: EntityPosture;
  now: number;
  initialPageSize?: number;
}

/**
 * The entity's backups, newest first, a page at a time from the backend so
 * an entity with tens of thousands of backups stays fast.
 */
export function BackupsTable(props: BackupsTableProps) {
  const { entityRef, posture, now } = props;
  const [filter, setFilter] = useState('all');
  const pagination = useCursorPagination(props.initialPageSize ?? 10);
  const { page, pageSize, cursor } = pagination;
  const state = useDrApi(
    api =>
      api.getBackups(entityRef, {
        limit: pageSize,
        cursor,
        status: STATUS_FILTERS[filter].statuses,
        verified: STATUS_FILTERS[filter].verified,
      }),
    [entityRef, pageSize, filter, cursor],
  );

  const onFilter = (event: ChangeEvent<{ value: unknown }>) => {
    setFilter(String(event.target.value));
    pagination.reset();
  };

  return (
    <InfoCard
      title="Backups"
      subheader="Newest first"
      action={
        <TextField
          select
          id="dr-backups-status"
          size="small"
          variant="outlined"
          label="Show"
          value={filter}
          onChange={onFilter}
        >
          {Object.entries(STATUS_FILTERS).map(([value, { label }]) => (
            <MenuItem key={value} value={value}>
              {label}
            </MenuItem>
          ))}
        </TextField>
      }
    >
      <AsyncSection state={state} what="the backups">
        {({ items, nextCursor }) => {
          if (!items.length && page === 0) {
            return filter === 'all' ? (
              <NoBackups posture={posture} now={now} />
            ) : (
              <SectionEmpty
                title={`No backups match "${STATUS_FILTERS[filter].label}".`}
              />
            );
          }
          return (
            <>
              <TableContainer>
                <Table size="small" aria-label="Backups">
                  <TableHead>
                    <TableRow>
                      <TableCell>Completed</TableCell>
                      <TableCell>Name</TableCell>
                      <TableCell>Type</TableCell>
                      <TableCell>Status</TableCell>
                      <TableCell align="right">Size</TableCell>
                      <TableCell>Source</TableCell>
                      <TableCell>Encrypted</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {items.map(backup => (
                      <BackupRow key={backup.id} backup={backup} now={now} />
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
              <TablePagination
                component="div"
                {...pagination.paginationProps(items.length, nextCursor)}
              />
            </>
          );
        }}
      </AsyncSection>
    </InfoCard>
  );
}
