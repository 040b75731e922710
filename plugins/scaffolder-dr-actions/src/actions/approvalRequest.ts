/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { DrBackendAccess } from '../DrBackendAccess';
import { approvalRequestExamples } from './approvalRequest.examples';
import { approvalRequestInputSchema } from './inputSchemas';
import { parseActionInput, scaffolderSchema } from './sharedSchema';

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
      input: scaffolderSchema(approvalRequestInputSchema),
      output: {
        approvalId: z => z.string(),
        approvalUrl: z => z.string(),
        status: z => z.string(),
        expiresAt: z => z.string(),
      },
    },
    async handler(ctx) {
      // The scaffolder checks inputs against the JSON Schema but neither
      // trims nor fills in defaults: the shared schema does both.
      const { reason, ticket, ...parameters } = parseActionInput(
        approvalRequestInputSchema,
        ctx.input,
        'dr:approval:request',
      );
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
