/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  formatDuration,
  type EntityPosture,
  type RpoPosture,
  type RtoPosture,
} from '@dr-suite/backstage-plugin-dr-common';
import { formatAge, formatDate } from '../../formatting';
import {
  DrillStatusChip,
  ObjectiveStatusChip,
  OverallStatusChip,
} from '../StatusChip';

function rpoTarget(rpo: RpoPosture): string {
  if (rpo.targetSeconds === null) return 'no target';
  if (rpo.targetSeconds === 0)
    return `0 (no data loss, within ${formatDuration(
      rpo.toleranceSeconds ?? 0,
    )})`;
  return formatDuration(rpo.targetSeconds);
}

function RpoCell({ rpo }: { rpo: RpoPosture }) {
  return (
    <TableCell>
      <Box display="flex" alignItems="center" gridGap={8}>
        <ObjectiveStatusChip status={rpo.status} />
        <span>target {rpoTarget(rpo)}</span>
      </Box>
      <Typography variant="body2" color="textSecondary">
        {rpo.actualSeconds === null
          ? 'No restorable point'
          : `Restorable point ${formatDuration(
              Math.max(1, rpo.actualSeconds),
            )} old`}
        {rpo.reason ? ` · ${rpo.reason}` : ''}
      </Typography>
    </TableCell>
  );
}

function RtoCell({ rto }: { rto: RtoPosture }) {
  return (
    <TableCell>
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
        <ObjectiveStatusChip status={rto.status} />
        <span>
          target{' '}
          {rto.targetSeconds === null ? '—' : formatDuration(rto.targetSeconds)}
        </span>
        {rto.max && (
          <>
            <ObjectiveStatusChip status={rto.max.status} />
            <span>max {formatDuration(rto.max.targetSeconds)}</span>
          </>
        )}
      </Box>
      <Typography variant="body2" color="textSecondary">
        {rto.measuredSeconds === null
          ? 'No successful drill of this scenario'
          : `Last drill of this scenario took ${formatDuration(
              Math.max(1, rto.measuredSeconds),
            )}`}
      </Typography>
    </TableCell>
  );
}

/**
 * The objectives as the plan states them: each scenario's own verdict (RPO
 * 0, target and maximum RTO), data stores with their own RPO, drill types on
 * their own cadence and, for a System, which part drives its roll-up.
 */
export function StatedObjectives(props: {
  posture: EntityPosture;
  now: number;
}) {
  const { posture, now } = props;
  const drillTypes = posture.drillTypes ?? [];
  const dataStores = posture.dataStores ?? [];
  if (
    !posture.scenarios.length &&
    !drillTypes.length &&
    !dataStores.length &&
    !posture.rollup
  ) {
    return null;
  }
  return (
    <InfoCard
      title="Objectives"
      subheader="As the DR plan states them; each counts toward the overall status"
    >
      {posture.rollup && (
        <Box display="flex" alignItems="center" gridGap={8} mb={2}>
          <Typography variant="body2">With its parts:</Typography>
          <OverallStatusChip status={posture.rollup.overall} />
          <Typography variant="body2">
            {posture.rollup.drivenBy ? (
              <>
                driven by <EntityRefLink entityRef={posture.rollup.drivenBy} />
              </>
            ) : (
              'driven by the system itself'
            )}
          </Typography>
        </Box>
      )}
      {posture.scenarios.length > 0 && (
        <Table size="small" aria-label="Scenarios">
          <TableHead>
            <TableRow>
              <TableCell>Scenario</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>RPO</TableCell>
              <TableCell>RTO</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {posture.scenarios.map(scenario => (
              <TableRow key={scenario.scenario}>
                <TableCell>
                  {scenario.title ?? scenario.scenario}
                  {scenario.destroys?.length ? (
                    <Typography variant="body2" color="textSecondary">
                      loses {scenario.destroys.join(', ')}
                    </Typography>
                  ) : null}
                </TableCell>
                <TableCell>
                  {scenario.status && (
                    <OverallStatusChip status={scenario.status} />
                  )}
                </TableCell>
                <RpoCell rpo={scenario.rpo} />
                <RtoCell rto={scenario.rto} />
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {dataStores.length > 0 && (
        <Table size="small" aria-label="Data stores">
          <TableHead>
            <TableRow>
              <TableCell>Data store</TableCell>
              <TableCell>Sources</TableCell>
              <TableCell>RPO</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {dataStores.map(store => (
              <TableRow key={store.name}>
                <TableCell>{store.name}</TableCell>
                <TableCell>{store.sources.join(', ')}</TableCell>
                <RpoCell rpo={store.rpo} />
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {drillTypes.length > 0 && (
        <Table size="small" aria-label="Drill types">
          <TableHead>
            <TableRow>
              <TableCell>Drill type</TableCell>
              <TableCell>Cadence</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Last successful</TableCell>
              <TableCell>Next due</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {drillTypes.map(type => (
              <TableRow key={type.name}>
                <TableCell>
                  {type.title ?? type.name}
                  <Typography variant="body2" color="textSecondary">
                    drills of {type.scenarios.join(', ')}
                  </Typography>
                </TableCell>
                <TableCell>
                  every {formatDuration(Math.round(type.cadenceDays * 86400))}
                </TableCell>
                <TableCell>
                  <DrillStatusChip status={type.status} />
                </TableCell>
                <TableCell>
                  {type.lastSuccessfulAt
                    ? formatAge(type.lastSuccessfulAt, now)
                    : '—'}
                </TableCell>
                <TableCell>
                  {type.nextDueAt ? formatDate(type.nextDueAt) : 'now'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
