/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import Badge from '@material-ui/core/Badge';
import AssignmentTurnedInIcon from '@material-ui/icons/AssignmentTurnedIn';
import { useDrApi } from '../../hooks/useDrApi';
import { approvalsRouteRef } from '../../routes';

/**
 * A link to the approvals inbox showing how many restore requests wait for
 * the signed-in user's decision.
 */
export function ApprovalsBadge() {
  const approvalsLink = useRouteRef(approvalsRouteRef);
  const { value } = useDrApi(
    api => api.listApprovals({ view: 'decide', status: ['pending'], limit: 1 }),
    [],
  );
  // Without an answer (still loading, or no approvals API) the link still helps.
  const count = value?.totalCount ?? 0;
  return (
    <LinkButton
      to={approvalsLink()}
      variant="outlined"
      color="primary"
      aria-label={
        value
          ? `Restore approvals: ${count} waiting for you`
          : 'Restore approvals'
      }
      startIcon={
        <Badge
          badgeContent={count}
          color="secondary"
          max={99}
          overlap="rectangular"
        >
          <AssignmentTurnedInIcon />
        </Badge>
      }
    >
      Approvals
    </LinkButton>
  );
}
