/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  type CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type AuditQuery,
  auditQuerySchema,
  backupListQuerySchema,
  backupTimelineQuerySchema,
  drillInputSchema,
  drillLedgerQuerySchema,
  drillVoidSchema,
  pageQuerySchema,
  refreshRequestSchema,
  drAuditReadPermission,
  drDrillCreatePermission,
  drDrillVoidPermission,
  drIndexRefreshPermission,
  drPostureReadPermission,
} from '@dr-suite/backstage-plugin-dr-common';
import express from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Router from 'express-promise-router';
import type { AuditService } from '../audit/AuditService';
import type { DatabaseBackupStore } from '../database/DatabaseBackupStore';
import type { DatabaseDrillStore } from '../database/DatabaseDrillStore';
import type { DatabaseSourceStore } from '../database/DatabaseSourceStore';
import type { DrillLedger } from '../drills/DrillLedger';
import type { DrillRecorder } from '../drills/DrillRecorder';
import type { BackupIndexer } from '../indexing/BackupIndexer';
import type { PlanService } from '../plan/PlanService';
import type { PostureService } from '../posture/PostureService';
import type { DatabaseBackupVerificationStore } from '../database/DatabaseBackupVerificationStore';
import { buildBackupTimeline } from '../posture/BackupTimelineBuilder';
import type { ApprovalService } from '../approvals/ApprovalService';
import { registerApprovalRoutes } from './approvalRoutes';
import { audited } from './auditEvent';
import { parseInput } from './parseInput';
import { principalRef } from '../auth/principalRef';
import type { DrAuthorizer } from '../auth/DrAuthorizer';

/**
 * Everything the routes delegate to.
 * @internal
 */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  authorizer: DrAuthorizer;
  posture: PostureService;
  plans: PlanService;
  backups: DatabaseBackupStore;
  drills: DatabaseDrillStore;
  drillRecorder: DrillRecorder;
  drillLedger: DrillLedger;
  audit: AuditService;
  sources: DatabaseSourceStore;
  indexer: BackupIndexer;
  approvals: ApprovalService;
  verifications?: DatabaseBackupVerificationStore;
}

const NAME_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/**
 * The DR API under `/api/dr`. Every route authenticates; reads, the audit and
 * drill recording accept user and service credentials (external access
 * tokens included); every decision goes through the permission framework.
 * @internal
 */
export function createRouter(options: RouterOptions): express.Router {
  const { httpAuth, auditor, catalog, authorizer } = options;
  const router = Router();
  router.use(express.json({ limit: '100kb' }));
  // Path ids reach the stores unparsed; PostgreSQL refuses NUL in text, so
  // answer 400 naming the parameter instead of a 500 (`/approvals/%00`).
  for (const param of ['kind', 'namespace', 'name', 'id']) {
    router.param(param, (_req, _res, next, value) => {
      next(
        typeof value === 'string' && value.includes('\u0000')
          ? new InputError(
              `Invalid path: ${param} must not contain NUL characters`,
            )
          : undefined,
      );
    });
  }

  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /** Loads the entity in the route as the caller; 404 when they cannot see it. */
  async function entityOf(
    req: express.Request,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const { kind, namespace, name } = req.params;
    for (const part of [kind, namespace, name]) {
      if (!NAME_PART.test(part))
        throw new InputError(`"${part}" is not a valid entity ref part`);
    }
    const ref: CompoundEntityRef = { kind, namespace, name };
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity)
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    return entity;
  }

  async function readableEntity(req: express.Request) {
    const credentials = await credentialsOf(req);
    const entity = await entityOf(req, credentials);
    const entityRef = stringifyEntityRef(entity);
    await authorizer.authorizeEntity(
      drPostureReadPermission,
      entityRef,
      credentials,
    );
    return { credentials, entity, entityRef };
  }

  router.get('/entities/:kind/:namespace/:name/posture', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entity = await entityOf(req, credentials);
    // Read permission on the entity is checked with its dependencies' in one batch.
    res.json(
      await options.posture.getPosture(entity, credentials, {
        authorizeEntity: true,
      }),
    );
  });

  router.get('/entities/:kind/:namespace/:name/backups', async (req, res) => {
    const query = parseInput(backupListQuerySchema, req.query, 'query');
    const { entity, entityRef } = await readableEntity(req);
    const { resolved } = await options.posture.evaluate(entity);
    const page = await options.backups.list(resolved.selectors, {
      limit: query.limit,
      cursor: query.cursor,
      statuses: query.status,
      types: query.type,
      verifiedFor: query.verified === 'true' ? entityRef : undefined,
    });
    const verified = await options.verifications?.forBackups(
      entityRef,
      page.items.map(b => b.id),
    );
    res.json({
      ...page,
      items: page.items.map(backup => ({
        ...backup,
        verifiedRestorable: verified?.get(backup.id) ?? null,
      })),
    });
  });

  router.get(
    '/entities/:kind/:namespace/:name/backups/timeline',
    async (req, res) => {
      const { days } = parseInput(
        backupTimelineQuerySchema,
        req.query,
        'query',
      );
      const { entity } = await readableEntity(req);
      const { resolved } = await options.posture.evaluate(entity);
      const to = new Date();
      const from = new Date(to.getTime() - days * 86_400_000);
      const { before, items } = await options.backups.completionsBetween(
        resolved.selectors,
        from,
        to,
      );
      res.json(
        buildBackupTimeline({
          from,
          to,
          rpoTargetSeconds: resolved.objectives.rpoSeconds,
          lastSuccessBefore: before,
          completions: items,
        }),
      );
    },
  );

  router.get('/entities/:kind/:namespace/:name/drills', async (req, res) => {
    const query = parseInput(pageQuerySchema, req.query, 'query');
    const { entityRef } = await readableEntity(req);
    res.json(await options.drills.list(entityRef, query));
  });

  router.post('/entities/:kind/:namespace/:name/drills', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entity = await entityOf(req, credentials);
    const entityRef = stringifyEntityRef(entity);
    await authorizer.authorizeEntity(
      drDrillCreatePermission,
      entityRef,
      credentials,
    );
    const { resolved } = await options.posture.evaluate(entity);
    const record = await audited(
      auditor,
      {
        eventId: 'drill-record',
        severityLevel: 'medium',
        request: req,
        meta: { entityRef },
      },
      async () => {
        const input = parseInput(drillInputSchema, req.body, 'drill');
        const result = await options.drillRecorder.record({
          entityRef,
          input,
          recordedBy: principalRef(credentials),
          fromService: credentials.principal.type === 'service',
          selectors: resolved.selectors,
        });
        return {
          result,
          meta: {
            drillId: result.id,
            scenario: result.scenario,
            outcome: result.outcome,
          },
        };
      },
    );
    res.status(201).json(record);
  });

  router.post(
    '/entities/:kind/:namespace/:name/drills/:id/void',
    async (req, res) => {
      const credentials = await credentialsOf(req);
      const entity = await entityOf(req, credentials);
      const entityRef = stringifyEntityRef(entity);
      await authorizer.authorizeEntity(
        drDrillVoidPermission,
        entityRef,
        credentials,
      );
      const voided = await audited(
        auditor,
        {
          eventId: 'drill-void',
          severityLevel: 'medium',
          request: req,
          meta: { entityRef, drillId: req.params.id },
        },
        async () => {
          const { reason } = parseInput(drillVoidSchema, req.body, 'void');
          const result = await options.drillRecorder.void({
            entityRef,
            drillId: req.params.id,
            reason,
            voidedBy: principalRef(credentials),
          });
          return {
            result,
            meta: {
              scenario: result.scenario,
              outcome: result.outcome,
              reason: result.voided?.reason ?? null,
            },
          };
        },
      );
      res.json(voided);
    },
  );

  router.get('/entities/:kind/:namespace/:name/plan', async (req, res) => {
    const { entity, entityRef } = await readableEntity(req);
    const plan = await options.plans.getForEntity(entity);
    res.json({
      entityRef,
      location: plan?.location ?? null,
      plan: plan?.plan ?? null,
      problems: plan?.problems ?? [],
      fetchedAt: plan?.fetchedAt.toISOString() ?? null,
    });
  });

  router.get('/audit', async (req, res) => {
    const { format, ...query } = parseInput(
      auditQuerySchema,
      req.query,
      'query',
    );
    const credentials = await credentialsOf(req);
    // Allowed outright or for the entities the policy's conditions match,
    // filtered by the database so pages and counts stay exact.
    const visibility = await authorizer.drEntityVisibility(
      drAuditReadPermission,
      credentials,
    );
    const filters: AuditQuery & { visibility: typeof visibility } = {
      ...query,
      visibility,
    };
    if (format === 'json') {
      res.json(await options.audit.page(filters));
      return;
    }
    await audited(
      auditor,
      {
        eventId: 'audit-export',
        severityLevel: 'medium',
        request: req,
        meta: {
          format,
          filters: { ...query } as any,
          // Whether the policy narrowed the export to some entities.
          scope: visibility.all ? 'all' : 'conditional',
        },
      },
      async () => {
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader(
          'Content-Disposition',
          `attachment; filename="dr-audit-${new Date()
            .toISOString()
            .slice(0, 10)}.csv"`,
        );
        let rows = -1;
        const csv = options.audit.csv(filters);
        // pipeline honours backpressure with a single drain listener, so a
        // slow client neither buffers the export nor piles up listeners.
        await pipeline(
          Readable.from(
            (async function* countRows() {
              for await (const chunk of csv) {
                rows += chunk.split('\n').length - 1;
                yield chunk;
              }
            })(),
          ),
          res,
        );
        return { result: undefined, meta: { rows } };
      },
    );
  });

  router.get('/drills/ledger', async (req, res) => {
    const { format, from, to, ...query } = parseInput(
      drillLedgerQuerySchema,
      req.query,
      'query',
    );
    const credentials = await credentialsOf(req);
    const visibility = await authorizer.drEntityVisibility(
      drAuditReadPermission,
      credentials,
    );
    await audited(
      auditor,
      {
        eventId: 'drill-ledger-export',
        severityLevel: 'medium',
        request: req,
        meta: {
          format,
          filters: { from, to, ...query } as any,
          scope: visibility.all ? 'all' : 'conditional',
        },
      },
      async () => {
        const counter = { rows: 0 };
        const filter = {
          ...query,
          from: from ? new Date(from) : undefined,
          to: to ? new Date(to) : undefined,
          visibility,
        };
        if (format === 'csv') {
          res.setHeader('Content-Type', 'text/csv; charset=utf-8');
          res.setHeader(
            'Content-Disposition',
            `attachment; filename="dr-drill-ledger-${new Date()
              .toISOString()
              .slice(0, 10)}.csv"`,
          );
        } else {
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
        }
        const chunks =
          format === 'csv'
            ? options.drillLedger.csv(filter, counter)
            : options.drillLedger.json(filter, counter);
        // Streamed with backpressure: one page of drills in memory at a time.
        await pipeline(Readable.from(chunks), res);
        return { result: undefined, meta: { rows: counter.rows } };
      },
    );
  });

  router.get('/sources', async (req, res) => {
    const credentials = await credentialsOf(req);
    // Sources serve every entity: only callers allowed the whole audit.
    const visibility = await authorizer.drEntityVisibility(
      drAuditReadPermission,
      credentials,
    );
    if (!visibility.all) {
      throw new NotAllowedError(
        `You are not allowed to ${drAuditReadPermission.name} for every entity, which the sources' health covers`,
      );
    }
    res.json({ items: await options.sources.list() });
  });

  router.post('/refresh', async (req, res) => {
    const body = parseInput(refreshRequestSchema, req.body, 'body');
    const credentials = await credentialsOf(req);
    await authorizer.authorizeBasic(drIndexRefreshPermission, credentials);
    const triggered = await audited(
      auditor,
      {
        eventId: 'index-refresh',
        severityLevel: 'low',
        request: req,
        meta: { ...body },
      },
      async () => {
        const sourceIds = await options.indexer.refresh(body, credentials);
        return { result: sourceIds, meta: { triggered: sourceIds } };
      },
    );
    res.status(202).json({ triggered });
  });

  registerApprovalRoutes(router, {
    httpAuth,
    auditor,
    approvals: options.approvals,
  });
  return router;
}
