/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InputError } from '@backstage/errors';
import type {
  DrillActionItem,
  DrillRecord,
} from '@dr-suite/backstage-plugin-dr-common';
import { z } from 'zod';
import { parseInput } from '../service/parseInput';
import type {
  DatabaseBackupStore,
  SourceSelector,
} from '../database/DatabaseBackupStore';
import type { DatabaseDrillStore } from '../database/DatabaseDrillStore';
import type { DatabaseEntityFactsStore } from '../database/DatabaseEntityFactsStore';

const CLOCK_SKEW_MS = 5 * 60_000;
const TEN_YEARS_S = 10 * 365 * 86400;

const isoTime = z
  .string()
  .max(64)
  .refine(
    value =>
      !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value),
    {
      message: 'must be an ISO 8601 date-time such as 2026-11-21T10:00:00Z',
    },
  );

/** Body of `POST /entities/:kind/:namespace/:name/drills`. */
export const drillInputSchema = z
  .object({
    scenario: z.string().trim().min(1).max(255),
    startedAt: isoTime,
    completedAt: isoTime,
    outcome: z.enum(['succeeded', 'failed']),
    measuredRtoSeconds: z.number().int().min(0).max(TEN_YEARS_S).optional(),
    measuredRpoSeconds: z.number().int().min(0).max(TEN_YEARS_S).optional(),
    backupId: z.string().trim().min(1).max(64).optional(),
    participants: z.array(z.string().trim().min(1).max(255)).max(50).optional(),
    notes: z.string().max(10_000).optional(),
    actionItems: z
      .array(
        z.union([
          z.string().trim().min(1).max(500),
          z
            .object({
              title: z.string().trim().min(1).max(500),
              owner: z.string().trim().max(255).optional(),
              done: z.boolean().optional(),
            })
            .strict(),
        ]),
      )
      .max(100)
      .optional(),
    approvalId: z.string().trim().min(1).max(36).optional(),
    taskId: z.string().trim().min(1).max(255).optional(),
  })
  .strict();

/**
 * Validates and records drills, and keeps the entity's drill facts current.
 * @internal
 */
export class DrillRecorder {
  readonly #drills: DatabaseDrillStore;
  readonly #facts: DatabaseEntityFactsStore;
  readonly #backups: DatabaseBackupStore;

  constructor(options: {
    drills: DatabaseDrillStore;
    facts: DatabaseEntityFactsStore;
    backups: DatabaseBackupStore;
  }) {
    this.#drills = options.drills;
    this.#facts = options.facts;
    this.#backups = options.backups;
  }

  async record(options: {
    entityRef: string;
    body: unknown;
    recordedBy: string;
    /** Restore actions link drills to approvals and tasks; people cannot. */
    fromService: boolean;
    selectors: SourceSelector[];
  }): Promise<DrillRecord> {
    const input = parseInput(drillInputSchema, options.body, 'drill');
    const startedAt = new Date(input.startedAt);
    const completedAt = new Date(input.completedAt);
    if (completedAt < startedAt) {
      throw new InputError('Invalid drill: completedAt is before startedAt');
    }
    if (completedAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
      throw new InputError('Invalid drill: completedAt is in the future');
    }
    if ((input.approvalId || input.taskId) && !options.fromService) {
      throw new InputError(
        'Invalid drill: approvalId and taskId are set by the restore actions only',
      );
    }
    if (
      input.backupId &&
      !(await this.#backups.matches(input.backupId, options.selectors))
    ) {
      throw new InputError(
        `Invalid drill: backup ${input.backupId} is not an indexed backup of ${options.entityRef}`,
      );
    }
    const actionItems: DrillActionItem[] = (input.actionItems ?? []).map(item =>
      typeof item === 'string' ? { title: item } : item,
    );
    const record = await this.#drills.insert({
      entityRef: options.entityRef,
      scenario: input.scenario,
      startedAt,
      completedAt,
      outcome: input.outcome,
      measuredRtoSeconds:
        input.measuredRtoSeconds ??
        Math.round((completedAt.getTime() - startedAt.getTime()) / 1000),
      measuredRpoSeconds: input.measuredRpoSeconds ?? null,
      backupId: input.backupId ?? null,
      participants: input.participants ?? [],
      notes: input.notes ?? null,
      actionItems,
      approvalId: input.approvalId ?? null,
      taskId: input.taskId ?? null,
      recordedBy: options.recordedBy,
    });
    await this.#facts.setDrillFacts(
      options.entityRef,
      await this.#drills.facts(options.entityRef),
    );
    return record;
  }
}
