/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { DrBackendAccess } from '../DrBackendAccess';
import { checksSchema } from './checksSchema';
import { approvalRequestExamples } from './approvalRequest.examples';

/**
 * Creates the `dr:approval:request` action: files a restore request on behalf
 * of the user running the template and outputs a link to it. Nothing is
 * restored until a different, authorised person approves.
 * @public
 */
export function createDrApprovalRequestAction(options: {
  access: DrBackendAccess;
  config: Config;
}) {
  const { access, config } = options;
  return createTemplateAction({
    id: 'dr:approval:request',
    description:
      'Files a restore request that another authorised person must approve before it runs',
    examples: approvalRequestExamples,
    schema: {
      input: {
        entityRef: z =>
          z.string().describe('The entity whose backup is restored'),
        backupId: z =>
          z
            .string()
            .describe('Id of an indexed backup of the entity (BackupPicker)'),
        targetId: z =>
          z
            .string()
            .describe('A restore target configured under dr.restoreTargets'),
        kind: z =>
          z
            .enum(['postgres', 'velero'])
            .default('postgres')
            .describe('How the backup is restored'),
        scenario: z =>
          z
            .string()
            .default('restore-test')
            .describe('Failure scenario this restore exercises'),
        namespace: z =>
          z
            .string()
            .optional()
            .describe('Velero: the backed-up namespace to restore'),
        checks: z =>
          checksSchema(z).describe(
            'Checks run against the restore before it is switched into place',
          ),
        reason: z => z.string().min(3).describe('Why, shown to approvers'),
        ticket: z =>
          z.string().optional().describe('Change or incident ticket'),
      },
      output: {
        approvalId: z => z.string(),
        approvalUrl: z => z.string(),
        status: z => z.string(),
        expiresAt: z => z.string(),
      },
    },
    async handler(ctx) {
      const { reason, ticket, ...input } = ctx.input;
      // The scaffolder checks inputs against the schema but does not fill in defaults.
      const parameters = {
        ...input,
        kind: input.kind ?? 'postgres',
        scenario: input.scenario ?? 'restore-test',
        checks: input.checks ?? [],
      };
      const approval = await ctx.checkpoint({
        key: `dr-approval-request-${ctx.step?.id ?? 'request'}`,
        fn: async () => {
          const token = await access.tokenOnBehalfOf(
            await ctx.getInitiatorCredentials(),
          );
          const created = await access.api.requestApproval(
            { parameters, reason, ticket },
            { token },
          );
          return {
            id: created.id,
            status: created.status,
            expiresAt: created.expiresAt,
            requiredApprovals: created.requiredApprovals,
          };
        },
      });
      const approvalUrl = `${config.getString(
        'app.baseUrl',
      )}/dr/approvals/${encodeURIComponent(approval.id)}`;
      ctx.logger.info(
        `Restore request ${approval.id} is waiting for ${approval.requiredApprovals} approval(s) until ${approval.expiresAt}: ${approvalUrl}`,
      );
      ctx.output('approvalId', approval.id);
      ctx.output('approvalUrl', approvalUrl);
      ctx.output('status', approval.status);
      ctx.output('expiresAt', approval.expiresAt);
    },
  });
}
