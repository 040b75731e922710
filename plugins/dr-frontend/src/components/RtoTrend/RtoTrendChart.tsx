/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import {
  formatDuration,
  type DrillRecord,
} from '@dr-suite/backstage-plugin-dr-common';
import { formatDate, formatDateTime } from '../../formatting';

const WIDTH = 1000;
const HEIGHT = 220;
const PLOT = { left: 56, right: WIDTH - 12, top: 12, bottom: 190 };

const useStyles = makeStyles(theme => ({
  svg: { display: 'block', width: '100%', height: 'auto' },
  axisText: { fill: theme.palette.text.secondary, fontSize: 12 },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1),
  },
  legendItem: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  swatch: { width: 12, height: 12, display: 'inline-block', borderRadius: 6 },
}));

/** The verified drills that measure RTO, per scenario, oldest first. */
export function rtoSeries(drills: DrillRecord[]): Map<string, DrillRecord[]> {
  const series = new Map<string, DrillRecord[]>();
  const counted = drills
    .filter(d => d.outcome === 'succeeded' && !d.voided)
    .sort((a, b) => a.completedAt.localeCompare(b.completedAt));
  for (const drill of counted) {
    series.set(drill.scenario, [...(series.get(drill.scenario) ?? []), drill]);
  }
  return series;
}

/** A point's tooltip: when, how long, and its phases when known. */
export function describeDrill(drill: DrillRecord): string {
  const phases = drill.phases.length
    ? `: ${drill.phases
        .map(p => `${p.name} ${formatDuration(p.durationSeconds)}`)
        .join(', ')}`
    : '';
  return `${drill.scenario}, ${formatDateTime(
    drill.completedAt,
  )}: RTO ${formatDuration(drill.measuredRtoSeconds)}${
    drill.kind === 'restore-test' ? ' (restore test)' : ''
  }${phases}`;
}

/**
 * Measured RTO per scenario over time: one line per scenario through its
 * verified drills, the RTO target as a dashed line, each point telling its
 * date, duration and phases.
 */
export function RtoTrendChart(props: {
  drills: DrillRecord[];
  targetSeconds: number | null;
}) {
  const classes = useStyles();
  const theme = useTheme();
  const series = rtoSeries(props.drills);
  const all = [...series.values()].flat();
  const times = all.map(d => Date.parse(d.completedAt));
  const from = Math.min(...times);
  const to = Math.max(...times);
  const maxRto = Math.max(
    1,
    props.targetSeconds ?? 0,
    ...all.map(d => d.measuredRtoSeconds),
  );
  const x = (time: number) =>
    to === from
      ? (PLOT.left + PLOT.right) / 2
      : PLOT.left + ((time - from) / (to - from)) * (PLOT.right - PLOT.left);
  const y = (seconds: number) =>
    PLOT.bottom - (seconds / maxRto) * (PLOT.bottom - PLOT.top);
  const colors = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success?.main ?? '#2e7d32',
    theme.palette.warning?.main ?? '#ed6c02',
    theme.palette.info?.main ?? '#0288d1',
  ];
  const scenarios = [...series.keys()];
  return (
    <Box>
      <svg
        className={classes.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label="Measured RTO per scenario over time"
      >
        <line
          x1={PLOT.left}
          x2={PLOT.left}
          y1={PLOT.top}
          y2={PLOT.bottom}
          stroke={theme.palette.divider}
        />
        <line
          x1={PLOT.left}
          x2={PLOT.right}
          y1={PLOT.bottom}
          y2={PLOT.bottom}
          stroke={theme.palette.divider}
        />
        <text
          x={PLOT.left - 6}
          y={PLOT.top + 10}
          textAnchor="end"
          className={classes.axisText}
        >
          {formatDuration(maxRto)}
        </text>
        <text
          x={PLOT.left - 6}
          y={PLOT.bottom}
          textAnchor="end"
          className={classes.axisText}
        >
          0 s
        </text>
        <text x={PLOT.left} y={HEIGHT - 6} className={classes.axisText}>
          {formatDate(new Date(from).toISOString())}
        </text>
        <text
          x={PLOT.right}
          y={HEIGHT - 6}
          textAnchor="end"
          className={classes.axisText}
        >
          {formatDate(new Date(to).toISOString())}
        </text>
        {props.targetSeconds !== null && (
          <g>
            <title>RTO target {formatDuration(props.targetSeconds)}</title>
            <line
              x1={PLOT.left}
              x2={PLOT.right}
              y1={y(props.targetSeconds)}
              y2={y(props.targetSeconds)}
              stroke={theme.palette.status.error}
              strokeDasharray="6 4"
            />
          </g>
        )}
        {scenarios.map((scenario, index) => {
          const points = series.get(scenario)!;
          const color = colors[index % colors.length];
          return (
            <g key={scenario} data-scenario={scenario}>
              <polyline
                fill="none"
                stroke={color}
                strokeWidth={2}
                points={points
                  .map(
                    d =>
                      `${x(Date.parse(d.completedAt))},${y(
                        d.measuredRtoSeconds,
                      )}`,
                  )
                  .join(' ')}
              />
              {points.map(drill => (
                <circle
                  key={drill.id}
                  cx={x(Date.parse(drill.completedAt))}
                  cy={y(drill.measuredRtoSeconds)}
                  r={5}
                  fill={color}
                >
                  <title>{describeDrill(drill)}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <div className={classes.legend}>
        {scenarios.map((scenario, index) => {
          const points = series.get(scenario)!;
          const last = points[points.length - 1];
          return (
            <span key={scenario} className={classes.legendItem}>
              <span
                className={classes.swatch}
                style={{ background: colors[index % colors.length] }}
              />
              <Typography variant="body2">
                {scenario}: {points.length} verified{' '}
                {points.length === 1 ? 'drill' : 'drills'}, last RTO{' '}
                {formatDuration(last.measuredRtoSeconds)}
              </Typography>
            </span>
          );
        })}
        {props.targetSeconds !== null && (
          <Typography variant="body2" color="textSecondary">
            Dashed: RTO target {formatDuration(props.targetSeconds)}
          </Typography>
        )}
      </div>
    </Box>
  );
}
