/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  approvalClaimSchema,
  approvalDecisionSchema,
  approvalListQuerySchema,
  approvalOutcomeSchema,
  approvalRequestSchema,
  restoreOptionsQuerySchema,
} from '@dr-suite/backstage-plugin-dr-common';
import type express from 'express';
import type { ApprovalService } from '../approvals/ApprovalService';
import { audited } from './auditEvent';
import { parseInput } from './parseInput';

/**
 * Routes under `/approvals`. Users file and decide requests; only the
 * restore executor (the scaffolder, a service) claims them and reports how
 * the restore ended. Every write is an auditor event.
 * @internal
 */
export function registerApprovalRoutes(
  router: express.Router,
  options: {
    httpAuth: HttpAuthService;
    auditor: AuditorService;
    approvals: ApprovalService;
  },
): void {
  const { httpAuth, auditor, approvals } = options;

  router.post('/approvals', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const approval = await audited(
      auditor,
      { eventId: 'restore-request', severityLevel: 'high', request: req },
      async () => {
        const input = parseInput(
          approvalRequestSchema,
          req.body,
          'approval request',
        );
        const result = await approvals.request(input, credentials);
        return {
          result,
          meta: {
            approvalId: result.id,
            entityRef: result.entityRef,
            backupId: result.parameters.backupId,
            targetId: result.parameters.targetId,
            parameterHash: result.parameterHash,
          },
        };
      },
    );
    res.status(201).json(approval);
  });

  // What a requester may pick: read-only, judged as filing would judge it.
  router.get('/restore-options', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const query = parseInput(restoreOptionsQuerySchema, req.query, 'query');
    res.json(await approvals.restoreOptions(query, credentials));
  });

  router.get('/approvals', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseInput(approvalListQuerySchema, req.query, 'query');
    res.json(await approvals.list(query, credentials));
  });

  router.get('/approvals/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await approvals.get(req.params.id, credentials));
  });

  router.post('/approvals/:id/decision', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const approval = await audited(
      auditor,
      {
        eventId: 'restore-decision',
        severityLevel: 'high',
        request: req,
        meta: { approvalId: req.params.id },
      },
      async () => {
        const input = parseInput(approvalDecisionSchema, req.body, 'decision');
        const result = await approvals.decide(
          req.params.id,
          input,
          credentials,
        );
        return {
          result,
          meta: {
            decision:
              result.decisions[result.decisions.length - 1]?.decision ?? null,
            status: result.status,
            executionTaskId: result.executionTaskId,
          },
        };
      },
    );
    res.json(approval);
  });

  router.post('/approvals/:id/claim', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const approval = await audited(
      auditor,
      {
        eventId: 'restore-execute',
        severityLevel: 'high',
        request: req,
        meta: { approvalId: req.params.id },
      },
      async () => {
        const input = parseInput(approvalClaimSchema, req.body, 'claim');
        const result = await approvals.claim(req.params.id, input, credentials);
        return {
          result,
          meta: { entityRef: result.entityRef, taskId: result.executionTaskId },
        };
      },
    );
    res.json(approval);
  });

  router.post('/approvals/:id/outcome', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const approval = await audited(
      auditor,
      {
        eventId: 'restore-outcome',
        severityLevel: 'high',
        request: req,
        meta: { approvalId: req.params.id },
      },
      async () => {
        const input = parseInput(approvalOutcomeSchema, req.body, 'outcome');
        const result = await approvals.reportOutcome(
          req.params.id,
          input,
          credentials,
        );
        return {
          result,
          meta: { outcome: result.outcome, drillId: result.drillId },
        };
      },
    );
    res.json(approval);
  });
}
