/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import { EntityRefLink, EntityRefLinks } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  Approval,
  VerifyCheck,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  formatAge,
  formatBytes,
  formatDateTime,
  formatDateTimeAndAge,
} from '../../formatting';
import { useDrTabLink } from '../../hooks/useDrTabLink';
import { ApprovalStatusChip } from '../StatusChip';

const useStyles = makeStyles(theme => ({
  card: { padding: theme.spacing(2, 3) },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
  },
  facts: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
  reason: {
    margin: 0,
    paddingLeft: theme.spacing(1.5),
    borderLeft: `3px solid ${theme.palette.divider}`,
    whiteSpace: 'pre-wrap',
  },
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
}));

function Facts(props: { title: string; rows: Array<[string, ReactNode]> }) {
  const classes = useStyles();
  return (
    <Box component="section" aria-label={props.title}>
      <Typography variant="subtitle2" component="h3" gutterBottom>
        {props.title}
      </Typography>
      <dl className={classes.facts}>
        {props.rows
          .filter(([, value]) => value !== null && value !== undefined)
          .map(([term, value]) => (
            <Box key={term} display="contents">
              <dt>{term}</dt>
              <dd>{value}</dd>
            </Box>
          ))}
      </dl>
    </Box>
  );
}

function checkText(check: VerifyCheck): string {
  if (check.type === 'sql') {
    let expectation = '';
    if (check.expect !== undefined) {
      expectation = `, expects ${JSON.stringify(check.expect)}`;
    } else if (check.minRows !== undefined) {
      expectation = `, expects at least ${check.minRows} rows`;
    }
    return `SQL: ${check.query}${expectation}`;
  }
  const expectations = [
    check.expectStatus !== undefined && `status ${check.expectStatus}`,
    check.contains !== undefined && `body containing "${check.contains}"`,
  ].filter(Boolean);
  return `HTTP GET ${check.url}${
    expectations.length ? `, expects ${expectations.join(' and ')}` : ''
  }`;
}

function Ticket({ ticket }: { ticket: string | null }) {
  if (!ticket) {
    return null;
  }
  return /^https?:\/\//.test(ticket) ? (
    <Link to={ticket}>{ticket}</Link>
  ) : (
    <>{ticket}</>
  );
}

/**
 * Approve and reject for a request the signed-in user may not decide:
 * disabled, with why not and who can, instead of no buttons at all.
 */
function CannotDecide(props: { approval: Approval }) {
  const { approval } = props;
  const reasonId = `dr-approval-${approval.id}-why-not`;
  const approvers = approval.decidableBy?.approvers ?? [];
  return (
    <Box mt={2}>
      <Box display="flex" alignItems="center" gridGap={8}>
        <Button variant="contained" disabled aria-describedby={reasonId}>
          Approve
        </Button>
        <Button variant="outlined" disabled aria-describedby={reasonId}>
          Reject
        </Button>
        <Typography id={reasonId} variant="body2" color="textSecondary">
          {approval.decidableBy?.reason ?? 'You cannot decide on this request.'}
        </Typography>
      </Box>
      {approvers.length > 0 && (
        <Typography variant="body2" component="p">
          Who can decide: <EntityRefLinks entityRefs={approvers} hideIcons />
        </Typography>
      )}
    </Box>
  );
}

/** Props of {@link ApprovalCard}. */
export interface ApprovalCardProps {
  approval: Approval;
  now: number;
  onDecide?: (decision: 'approve' | 'reject') => void;
}

/**
 * One restore request in full: which backup is restored where, who asked
 * and why, the checks that will run, and the decisions so far.
 */
export function ApprovalCard(props: ApprovalCardProps) {
  const { approval, now, onDecide } = props;
  const classes = useStyles();
  const drTabLink = useDrTabLink();
  const { backup, target, parameters } = approval;
  const approvals = approval.decisions.filter(d => d.decision === 'approve');
  const expired = Date.parse(approval.expiresAt) <= now;
  const headingId = `dr-approval-${approval.id}`;
  const backupTime = backup.completedAt ?? backup.startedAt;
  // Still open to decisions, by someone.
  const decidable = approval.status === 'pending' && !expired;
  // The caller may not decide, and the backend said why and who can.
  const explained = approval.canDecide === false && !!approval.decidableBy;

  return (
    <Paper
      variant="outlined"
      className={classes.card}
      component="article"
      aria-labelledby={headingId}
    >
      <div className={classes.header}>
        <div>
          <Typography variant="h6" component="h2" id={headingId}>
            Restore {backup.name} to {target.title}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            Requested by{' '}
            <EntityRefLink
              entityRef={approval.requester}
              defaultKind="user"
              hideIcon
            />{' '}
            {formatAge(approval.createdAt, now)} ·{' '}
            {expired
              ? `expired ${formatAge(approval.expiresAt, now)}`
              : `expires ${formatAge(approval.expiresAt, now)}`}
          </Typography>
        </div>
        <ApprovalStatusChip status={approval.status} size="medium" />
      </div>

      <Box my={2}>
        <Typography variant="subtitle2" component="h3" gutterBottom>
          Why
        </Typography>
        <Typography
          variant="body1"
          component="blockquote"
          className={classes.reason}
        >
          {approval.reason}
        </Typography>
      </Box>

      <Grid container spacing={3}>
        <Grid item xs={12} md={4}>
          <Facts
            title="What is restored"
            rows={[
              [
                'Entity',
                <Link to={drTabLink(approval.entityRef)}>
                  {approval.entityRef}
                </Link>,
              ],
              ['Backup', backup.name],
              ['Key', backup.key],
              ['Type', backup.type],
              [
                'Taken',
                backupTime ? formatDateTimeAndAge(backupTime, now) : null,
              ],
              [
                'Size',
                backup.sizeBytes === null
                  ? null
                  : formatBytes(backup.sizeBytes),
              ],
              ['Source', backup.sourceId],
            ]}
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <Facts
            title="Where to"
            rows={[
              ['Target', target.title],
              ['Environment', target.environment],
              ['Kind', target.kind],
              ['Target id', target.id],
              ['Namespace', parameters.namespace ?? null],
              ['Scenario', parameters.scenario],
            ]}
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <Facts
            title="Request"
            rows={[
              [
                'Ticket',
                approval.ticket ? <Ticket ticket={approval.ticket} /> : null,
              ],
              [
                'Approvals',
                `${approvals.length} of ${approval.requiredApprovals} needed`,
              ],
              ['Requested', formatDateTime(approval.createdAt)],
              ['Expires', formatDateTime(approval.expiresAt)],
            ]}
          />
        </Grid>
      </Grid>

      <Box mt={2}>
        <Typography variant="subtitle2" component="h3" gutterBottom>
          Checks after the restore
        </Typography>
        {parameters.checks.length ? (
          <ul className={classes.list}>
            {parameters.checks.map((check, index) => (
              <li key={index}>
                <Typography variant="body2">
                  {check.name && <strong>{check.name}: </strong>}
                  {checkText(check)}
                </Typography>
              </li>
            ))}
          </ul>
        ) : (
          <Typography variant="body2" color="textSecondary">
            None: nothing verifies the restored data automatically.
          </Typography>
        )}
      </Box>

      {approval.decisions.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2" component="h3" gutterBottom>
            Decisions
          </Typography>
          <ul className={classes.list}>
            {approval.decisions.map(decision => (
              <li key={`${decision.approver}-${decision.decidedAt}`}>
                <Typography variant="body2">
                  <EntityRefLink
                    entityRef={decision.approver}
                    defaultKind="user"
                    hideIcon
                  />{' '}
                  {decision.decision === 'approve' ? 'approved' : 'rejected'}{' '}
                  {formatAge(decision.decidedAt, now)}
                  {decision.comment && `: “${decision.comment}”`}
                </Typography>
              </li>
            ))}
          </ul>
        </Box>
      )}

      {decidable && explained && <CannotDecide approval={approval} />}
      {decidable && !explained && onDecide && (
        <Box mt={2} display="flex" alignItems="center" gridGap={8}>
          {approval.canDecide === false ? (
            // A backend that does not say why yet.
            <Typography variant="body2" color="textSecondary">
              You cannot decide on this request: requesters never approve their
              own restores, and each approver decides once.
            </Typography>
          ) : (
            <>
              <Button
                variant="contained"
                color="primary"
                onClick={() => onDecide('approve')}
              >
                Approve
              </Button>
              <Button variant="outlined" onClick={() => onDecide('reject')}>
                Reject
              </Button>
            </>
          )}
        </Box>
      )}
    </Paper>
  );
}
