/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import {
  formatDuration,
  type BackupTimeline,
} from '@dr-suite/backstage-plugin-dr-common';
import { formatDate, formatDateTime } from '../../formatting';

const WIDTH = 1000;
const HEIGHT = 170;
const PLOT = { left: 36, right: WIDTH - 8, top: 8, bottom: 140 };
const TICKS = 6;

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
  swatch: { width: 12, height: 12, display: 'inline-block', borderRadius: 2 },
}));

/** Keeps the first and last tick labels inside the chart. */
function tickAnchor(index: number): 'start' | 'middle' | 'end' {
  if (index === 0) return 'start';
  return index === TICKS - 1 ? 'end' : 'middle';
}

/** One sentence saying what the timeline shows, for sight and screen readers. */
export function describeTimeline(timeline: BackupTimeline): string {
  const succeeded = timeline.buckets.reduce((n, b) => n + b.succeeded, 0);
  const failed = timeline.buckets.reduce((n, b) => n + b.failed, 0);
  const days = Math.round(
    (Date.parse(timeline.to) - Date.parse(timeline.from)) / 86_400_000,
  );
  const counts = `${succeeded.toLocaleString()} successful and ${failed.toLocaleString()} failed backups in the last ${days} days.`;
  if (timeline.rpoTargetSeconds === null) {
    return `${counts} Without an RPO target, gaps between backups are not judged.`;
  }
  const rpo = formatDuration(timeline.rpoTargetSeconds);
  if (!timeline.gaps.length) {
    return `${counts} No stretch without a good backup was longer than the RPO (${rpo}).`;
  }
  const longest = Math.max(...timeline.gaps.map(g => g.seconds));
  const last = timeline.gaps[timeline.gaps.length - 1];
  const ongoing =
    last.to === timeline.to
      ? ` There has been no good backup for ${formatDuration(
          last.seconds,
        )} now.`
      : '';
  const gaps =
    timeline.gaps.length === 1
      ? '1 stretch'
      : `${timeline.gaps.length} stretches`;
  return `${counts} ${gaps} without a good backup lasted longer than the RPO (${rpo}); the longest ${formatDuration(
    longest,
  )}.${ongoing}`;
}

/**
 * Successful and failed backups over time as stacked bars, with every
 * stretch longer than the RPO without a good backup shaded so a gap stands
 * out, and the RPO window drawn at the right edge (now) for scale.
 */
export function BackupTimelineChart(props: { timeline: BackupTimeline }) {
  const { timeline } = props;
  const classes = useStyles();
  const theme = useTheme();
  const from = Date.parse(timeline.from);
  const to = Date.parse(timeline.to);
  const span = Math.max(1, to - from);
  const x = (time: number) =>
    PLOT.left + ((time - from) / span) * (PLOT.right - PLOT.left);
  const maxCount = Math.max(
    1,
    ...timeline.buckets.map(b => b.succeeded + b.failed),
  );
  const plotHeight = PLOT.bottom - PLOT.top;
  const y = (count: number) => (count / maxCount) * plotHeight;
  const colors = {
    succeeded: theme.palette.status.ok,
    failed: theme.palette.status.error,
    gap: theme.palette.status.error,
    rpo: theme.palette.status.running,
  };
  const ticks = Array.from(
    { length: TICKS },
    (_, i) => from + (i * span) / (TICKS - 1),
  );
  const rpoWindowStart =
    timeline.rpoTargetSeconds === null
      ? null
      : Math.max(from, to - timeline.rpoTargetSeconds * 1000);

  return (
    <Box>
      <Typography variant="body2" gutterBottom>
        {describeTimeline(timeline)}
      </Typography>
      <svg
        className={classes.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label="Backup timeline"
      >
        {timeline.gaps.map(gap => {
          const start = x(Date.parse(gap.from));
          const end = x(Date.parse(gap.to));
          return (
            <g key={gap.from} data-testid="timeline-gap">
              <title>
                No good backup from {formatDateTime(gap.from)} to{' '}
                {formatDateTime(gap.to)}: {formatDuration(gap.seconds)}
              </title>
              <rect
                x={start}
                y={PLOT.top}
                width={Math.max(2, end - start)}
                height={plotHeight}
                fill={colors.gap}
                fillOpacity={0.15}
              />
              <rect
                x={start}
                y={PLOT.top}
                width={Math.max(2, end - start)}
                height={4}
                fill={colors.gap}
              />
            </g>
          );
        })}
        {rpoWindowStart !== null && (
          <g data-testid="timeline-rpo-window">
            <title>
              RPO window: {formatDuration(timeline.rpoTargetSeconds ?? 0)} back
              from now
            </title>
            <rect
              x={x(rpoWindowStart)}
              y={PLOT.top}
              width={Math.max(2, x(to) - x(rpoWindowStart))}
              height={plotHeight}
              fill={colors.rpo}
              fillOpacity={0.25}
            />
          </g>
        )}
        {timeline.buckets.map(bucket => {
          const start = x(Date.parse(bucket.start));
          const width = Math.max(1, x(Date.parse(bucket.end)) - start - 1);
          const okHeight = y(bucket.succeeded);
          const failedHeight = y(bucket.failed);
          if (!bucket.succeeded && !bucket.failed) {
            return null;
          }
          return (
            <g key={bucket.start}>
              <title>
                {formatDateTime(bucket.start)}: {bucket.succeeded} succeeded,{' '}
                {bucket.failed} failed
              </title>
              <rect
                x={start}
                y={PLOT.bottom - okHeight}
                width={width}
                height={okHeight}
                fill={colors.succeeded}
              />
              <rect
                x={start}
                y={PLOT.bottom - okHeight - failedHeight}
                width={width}
                height={failedHeight}
                fill={colors.failed}
              />
            </g>
          );
        })}
        <line
          x1={PLOT.left}
          x2={PLOT.right}
          y1={PLOT.bottom}
          y2={PLOT.bottom}
          stroke={theme.palette.divider}
        />
        <text
          className={classes.axisText}
          x={PLOT.left - 6}
          y={PLOT.top + 10}
          textAnchor="end"
        >
          {maxCount}
        </text>
        <text
          className={classes.axisText}
          x={PLOT.left - 6}
          y={PLOT.bottom}
          textAnchor="end"
        >
          0
        </text>
        {ticks.map((tick, index) => (
          <text
            key={tick}
            className={classes.axisText}
            x={x(tick)}
            y={HEIGHT - 8}
            textAnchor={tickAnchor(index)}
          >
            {index === TICKS - 1
              ? 'now'
              : formatDate(new Date(tick).toISOString())}
          </text>
        ))}
      </svg>
      <div className={classes.legend} aria-hidden="true">
        <Typography variant="caption" className={classes.legendItem}>
          <span
            className={classes.swatch}
            style={{ backgroundColor: colors.succeeded }}
          />
          Successful backups
        </Typography>
        <Typography variant="caption" className={classes.legendItem}>
          <span
            className={classes.swatch}
            style={{ backgroundColor: colors.failed }}
          />
          Failed backups
        </Typography>
        {timeline.rpoTargetSeconds !== null && (
          <>
            <Typography variant="caption" className={classes.legendItem}>
              <span
                className={classes.swatch}
                style={{ backgroundColor: colors.gap, opacity: 0.3 }}
              />
              No good backup for longer than the RPO
            </Typography>
            <Typography variant="caption" className={classes.legendItem}>
              <span
                className={classes.swatch}
                style={{ backgroundColor: colors.rpo, opacity: 0.5 }}
              />
              RPO window ({formatDuration(timeline.rpoTargetSeconds)})
            </Typography>
          </>
        )}
      </div>
    </Box>
  );
}
