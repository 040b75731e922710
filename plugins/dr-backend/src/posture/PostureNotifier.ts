/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  EntityPosture,
  OverallStatus,
} from '@dr-suite/backstage-plugin-dr-common';
import type { DatabasePostureNotificationStore } from '../database/DatabasePostureNotificationStore';
import { drTabLink } from '../notifications/drTabLink';

const TOPIC = 'DR posture';

/** Ranks of the statuses owners are told about; `none` is not judged. */
const RANK: Record<OverallStatus, number> = {
  none: -1,
  ok: 0,
  'at-risk': 1,
  breach: 2,
};

/**
 * What owners were last told about an entity. Stored as JSON; the same
 * facts always give the same text, so it doubles as the compare-and-swap key.
 */
interface NotifiedState {
  overall: OverallStatus;
  staleSources: string[];
  suspectBackups: string[];
}

function stateOf(posture: EntityPosture): NotifiedState {
  const fields = (
    code: string,
    value: (p: EntityPosture['problems'][number]) => string,
  ) =>
    [
      ...new Set(posture.problems.filter(p => p.code === code).map(value)),
    ].sort();
  return {
    // A System is judged with its parts: a database in breach is its breach.
    overall: posture.rollup?.overall ?? posture.overall,
    staleSources: fields('source-stale', p => p.field ?? ''),
    // The message names the backup and why; the first sentence is enough.
    suspectBackups: fields(
      'backup-suspicious',
      p => p.message.split(' is skipped')[0],
    ),
  };
}

function parse(text: string): NotifiedState | undefined {
  try {
    return JSON.parse(text) as NotifiedState;
  } catch {
    return undefined;
  }
}

/**
 * Tells an entity's owners, through the notifications service, when its
 * posture worsens (ok → at-risk → breach) or recovers (a System's as
 * rolled up over its parts), a source it uses
 * turns stale or recovers, or a backup of it is flagged suspicious. Each
 * change is told once: what was told is stored, and with several replicas
 * only the one whose compare-and-swap wins sends. The first posture of an
 * entity is recorded silently. A notification that cannot be sent is
 * logged; it never fails the recomputation.
 * @internal
 */
export class PostureNotifier {
  readonly #store: DatabasePostureNotificationStore;
  readonly #notifications: NotificationService;
  readonly #logger: LoggerService;

  constructor(options: {
    store: DatabasePostureNotificationStore;
    notifications: NotificationService;
    logger: LoggerService;
  }) {
    this.#store = options.store;
    this.#notifications = options.notifications;
    this.#logger = options.logger;
  }

  /** After postures were stored: notify what changed since last told. */
  async posturesChanged(
    entries: Array<{ posture: EntityPosture; owner: string | null }>,
  ): Promise<void> {
    if (!entries.length) return;
    const told = await this.#store.get(entries.map(e => e.posture.entityRef));
    for (const { posture, owner } of entries) {
      const next = stateOf(posture);
      const nextText = JSON.stringify(next);
      const previousText = told.get(posture.entityRef);
      if (previousText === undefined) {
        await this.#store.initialize(posture.entityRef, nextText);
        continue;
      }
      if (previousText === nextText) continue;
      const previous = parse(previousText);
      if (!(await this.#store.swap(posture.entityRef, previousText, nextText)))
        continue;
      const change = previous ? describe(previous, next, posture) : undefined;
      if (change && owner) await this.#send(posture.entityRef, owner, change);
    }
  }

  /** Forgets what owners were told about entities that left the catalog. */
  async forget(entityRefs: string[]): Promise<void> {
    await this.#store.remove(entityRefs);
  }

  async #send(
    entityRef: string,
    owner: string,
    change: {
      title: string;
      description: string;
      severity: 'critical' | 'high' | 'normal';
    },
  ): Promise<void> {
    try {
      await this.#notifications.send({
        recipients: { type: 'entity', entityRef: [owner] },
        payload: {
          ...change,
          link: drTabLink(entityRef),
          topic: TOPIC,
          // One entry per entity: a newer change replaces the older one.
          scope: `dr-posture:${entityRef}`,
        },
      });
    } catch (error) {
      this.#logger.warn(
        `Could not notify the owners of ${entityRef} of a DR posture change: ${stringifyError(
          error,
        )}`,
      );
    }
  }
}

const WORDS: Record<OverallStatus, string> = {
  breach: 'in breach',
  'at-risk': 'at risk',
  ok: 'healthy',
  none: 'without objectives',
};

/** The notification for a change, or undefined when nothing worth telling changed. */
function describe(
  previous: NotifiedState,
  next: NotifiedState,
  posture: EntityPosture,
):
  | {
      title: string;
      description: string;
      severity: 'critical' | 'high' | 'normal';
    }
  | undefined {
  const lines: string[] = [];
  const worse =
    RANK[next.overall] > RANK[previous.overall] && RANK[previous.overall] >= 0;
  const better =
    RANK[next.overall] < RANK[previous.overall] && RANK[next.overall] >= 0;
  const newlyStale = next.staleSources.filter(
    s => !previous.staleSources.includes(s),
  );
  const recovered = previous.staleSources.filter(
    s => !next.staleSources.includes(s),
  );
  const suspects = next.suspectBackups.filter(
    s => !previous.suspectBackups.includes(s),
  );
  if (worse || better) {
    lines.push(
      `DR posture went from ${WORDS[previous.overall]} to ${
        WORDS[next.overall]
      }.`,
    );
    const rollup = posture.rollup;
    if (worse && rollup?.drivenBy) {
      lines.push(`Driven by its part ${rollup.drivenBy}.`);
    } else if (worse && rollup && rollup.overall !== posture.overall) {
      // A part its owners do not own: not named (see withRollupForOwners).
      lines.push('Driven by one of its parts; its DR tab shows which.');
    }
    const reasons = posture.problems
      .filter(p => p.severity !== 'info')
      .slice(0, 3)
      .map(p => p.message);
    if (worse && reasons.length) lines.push(...reasons);
  }
  for (const source of newlyStale) {
    const problem = posture.problems.find(
      p => p.code === 'source-stale' && p.field === source,
    );
    lines.push(problem?.message ?? `Backup source "${source}" turned stale.`);
  }
  for (const source of recovered) {
    lines.push(`Backup source "${source}" is indexed again.`);
  }
  for (const backup of suspects) {
    const problem = posture.problems.find(
      p => p.code === 'backup-suspicious' && p.message.startsWith(backup),
    );
    lines.push(problem?.message ?? `${backup} is skipped for RPO.`);
  }
  if (!lines.length) return undefined;
  let title: string;
  if (worse) title = `DR posture ${WORDS[next.overall]}: ${posture.entityRef}`;
  else if (newlyStale.length)
    title = `Backup source stale: ${posture.entityRef}`;
  else if (suspects.length) title = `Suspicious backup: ${posture.entityRef}`;
  else if (next.overall === 'ok' || !better)
    title = `DR posture recovered: ${posture.entityRef}`;
  else title = `DR posture improved: ${posture.entityRef}`;
  let severity: 'critical' | 'high' | 'normal' = 'normal';
  if (worse && next.overall === 'breach') severity = 'critical';
  else if (worse || newlyStale.length || suspects.length) severity = 'high';
  return { title, description: lines.join(' '), severity };
}
