/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InfoCard } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  AgeThresholdPosture,
  EntityPosture,
} from '@dr-suite/backstage-plugin-dr-common';
import { formatDateTimeAndAge, formatOptionalDuration } from '../../formatting';

/** Props of {@link BackupCopies}. */
export interface BackupCopiesProps {
  posture: EntityPosture;
  now: number;
}

function thresholdText(
  what: string,
  threshold: AgeThresholdPosture | undefined,
): string | undefined {
  if (!threshold) return undefined;
  const limit = formatOptionalDuration(threshold.thresholdSeconds);
  return threshold.status === 'exceeded'
    ? `⚠ Newest ${what} older than ${limit}`
    : `Warns when the newest ${what} is older than ${limit}`;
}

/**
 * Each copy of the entity's data stores by location, with its newest good
 * backup, and which scenarios lose which locations: the newest local dump
 * cannot hide a stale cross-region copy.
 */
export function BackupCopies(props: BackupCopiesProps) {
  const { posture, now } = props;
  if (!posture.sources.length) return null;
  const losing = (location: string | null | undefined) =>
    location
      ? posture.scenarios
          .filter(s => s.destroys?.includes(location))
          .map(s => s.title ?? s.scenario)
      : [];
  const notes = [
    thresholdText('backup', posture.thresholds?.backupAge),
    thresholdText('WAL segment', posture.thresholds?.walAge),
  ].filter(Boolean);
  return (
    <InfoCard title="Copies by location">
      {notes.length > 0 && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {notes.join(' · ')}
        </Typography>
      )}
      <Table size="small" aria-label="Copies by location">
        <TableHead>
          <TableRow>
            <TableCell>Location</TableCell>
            <TableCell>Copy</TableCell>
            <TableCell>Newest good backup</TableCell>
            <TableCell>Lost in</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {posture.sources.map(source => (
            <TableRow key={`${source.sourceId}:${source.selector}`}>
              <TableCell>{source.location ?? 'Not configured'}</TableCell>
              <TableCell>
                {source.sourceId}:{source.selector}
              </TableCell>
              <TableCell>
                {source.lastSuccessfulBackupAt
                  ? formatDateTimeAndAge(source.lastSuccessfulBackupAt, now)
                  : 'None'}
              </TableCell>
              <TableCell>{losing(source.location).join(', ') || '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
