/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { LinkButton } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import {
  drDrillCreatePermission,
  drRestoreRequestPermission,
} from '@dr-suite/backstage-plugin-dr-common';
import { useTemplateLink } from '../../hooks/useTemplateLink';

/** The template "Restore to staging" opens unless configured otherwise. */
export const DEFAULT_RESTORE_TEMPLATE = 'template:default/restore-to-staging';
/** The template "Run a DR drill" opens unless configured otherwise. */
export const DEFAULT_DRILL_TEMPLATE = 'template:default/dr-drill';

/** Props of {@link DrActions}. */
export interface DrActionsProps {
  entityRef: string;
  /**
   * False once the posture shows the entity has no backup source: there is
   * nothing to restore, so the template actions are hidden.
   */
  hasBackups?: boolean;
  restoreTemplateRef?: string;
  drillTemplateRef?: string;
  onRecordDrill: () => void;
}

/**
 * What the user may do about the entity's DR: restore a backup to staging,
 * run a drill through the drill template, or record a drill run by hand.
 * Each action shows only to users the permission framework allows it; the
 * templates, which restore a backup, only for entities with backups.
 */
export function DrActions(props: DrActionsProps) {
  const {
    entityRef,
    hasBackups = true,
    restoreTemplateRef = DEFAULT_RESTORE_TEMPLATE,
    drillTemplateRef = DEFAULT_DRILL_TEMPLATE,
    onRecordDrill,
  } = props;
  const restore = usePermission({
    permission: drRestoreRequestPermission,
    resourceRef: entityRef,
  });
  const drill = usePermission({
    permission: drDrillCreatePermission,
    resourceRef: entityRef,
  });
  const restoreLink = useTemplateLink(restoreTemplateRef, { entityRef });
  const drillLink = useTemplateLink(drillTemplateRef, { entityRef });
  const canRestore = restore.allowed && hasBackups;

  return (
    <Box
      display="flex"
      flexWrap="wrap"
      gridGap={8}
      role="group"
      aria-label="DR actions"
    >
      {canRestore && restoreLink && (
        <LinkButton to={restoreLink} variant="contained" color="primary">
          Restore to staging
        </LinkButton>
      )}
      {/* The drill template restores a backup and records the drill. */}
      {canRestore && drill.allowed && drillLink && (
        <LinkButton to={drillLink} variant="outlined" color="primary">
          Run a DR drill
        </LinkButton>
      )}
      {drill.allowed && (
        <Button variant="outlined" color="primary" onClick={onRecordDrill}>
          Record a drill
        </Button>
      )}
    </Box>
  );
}
