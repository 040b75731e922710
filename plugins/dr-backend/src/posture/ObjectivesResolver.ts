/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Entity } from '@backstage/catalog-model';
import {
  DR_ANNOTATION_BACKUP_SOURCES,
  DR_ANNOTATION_PLAN,
  DR_ANNOTATION_RPO,
  DR_ANNOTATION_RTO,
  DR_ANNOTATION_TIER,
  DR_BACKUP_SOURCES_MAX_LENGTH,
  type DrPlan,
  type ObjectiveOrigin,
  type PostureObjectives,
  type PostureProblem,
  parseBackupSourcesAnnotation,
  parseDuration,
} from '@dr-suite/backstage-plugin-dr-common';
import type { BackupSourceRegistry } from '@dr-suite/backstage-plugin-dr-node';
import type { SourceSelector } from '../database/DatabaseBackupStore';
import type { Tier, TierRegistry } from './TierRegistry';

const SUPPORTED_KINDS = ['component', 'resource', 'system'];

/**
 * An entity's DR set-up, resolved from its annotations, tier and plan.
 * @internal
 */
export interface ResolvedObjectives {
  objectives: PostureObjectives;
  hasObjectives: boolean;
  /** Selectors that parsed, bound to their sources. */
  selectors: SourceSelector[];
  /** The same in their stored form: `{ sourceId, canonical selector }`. */
  selectorSpecs: Array<{ sourceId: string; selector: string }>;
  /** The `sourceId:selector` pairs as written, including broken ones. */
  declaredSources: Array<{ sourceId: string; selector: string }>;
  problems: PostureProblem[];
}

/**
 * Turns `dr.backstage.io/*` annotations into objectives and backup selectors.
 * Explicit rto/rpo annotations win over the tier; without either, the
 * strictest objective of the entity's DR plan applies. Bad values never
 * throw: they become problems that say how to fix them.
 * @internal
 */
export class ObjectivesResolver {
  readonly #tiers: TierRegistry;
  readonly #sources: BackupSourceRegistry;
  readonly #defaultCadenceDays: number;
  readonly #rpoZeroToleranceSeconds: number | undefined;

  constructor(options: {
    tiers: TierRegistry;
    sources: BackupSourceRegistry;
    defaultDrillCadenceDays: number;
    /** `dr.defaults.rpoZeroTolerance`; the calculator's default when unset. */
    rpoZeroToleranceSeconds?: number;
  }) {
    this.#tiers = options.tiers;
    this.#sources = options.sources;
    this.#defaultCadenceDays = options.defaultDrillCadenceDays;
    this.#rpoZeroToleranceSeconds = options.rpoZeroToleranceSeconds;
  }

  resolve(entity: Entity, plan: DrPlan | null): ResolvedObjectives {
    const annotations = entity.metadata.annotations ?? {};
    const problems: PostureProblem[] = [];

    if (!SUPPORTED_KINDS.includes(entity.kind.toLocaleLowerCase('en-US'))) {
      problems.push({
        code: 'unsupported-kind',
        severity: 'info',
        message: `DR objectives are audited for Components, Resources and Systems; this is a ${entity.kind}.`,
        fix: 'Move the dr.backstage.io annotations to the Component, Resource or System they describe.',
      });
    }

    const tierName = annotations[DR_ANNOTATION_TIER]?.trim() || null;
    const tier = tierName ? this.#tiers.get(tierName) : undefined;
    if (tierName && !tier) {
      const known = this.#tiers.names();
      problems.push({
        code: 'unknown-tier',
        severity: 'error',
        field: DR_ANNOTATION_TIER,
        message: `Tier "${tierName}" is not defined.`,
        fix: known.length
          ? `Use one of ${known.join(
              ', ',
            )}, or define dr.tiers.${tierName} in app-config.`
          : `Define dr.tiers.${tierName} in app-config, or set dr.backstage.io/rto and dr.backstage.io/rpo directly.`,
      });
    }
    for (const error of tier?.errors ?? []) {
      problems.push({
        code: 'invalid-tier-config',
        severity: 'warning',
        field: DR_ANNOTATION_TIER,
        message: `Tier "${tierName}" has an invalid setting that is ignored: ${error}`,
        fix: 'Fix the tier in app-config.',
      });
    }

    const planStrictest = (key: 'rtoSeconds' | 'rpoSeconds') => {
      // A v1alpha2 plan's overall objective stands apart from its scenarios.
      const stated = plan?.spec.overall?.[key];
      if (stated !== undefined && stated !== null) return stated;
      const values = (plan?.spec.objectives ?? [])
        .map(o => o[key])
        .filter((v): v is number => v !== null);
      return values.length ? Math.min(...values) : null;
    };

    const objective = (
      annotation: string,
      tierValue: number | null | undefined,
      planValue: number | null,
    ): { seconds: number | null; origin: ObjectiveOrigin | null } => {
      const raw = annotations[annotation];
      if (raw !== undefined) {
        try {
          return { seconds: parseDuration(raw), origin: 'annotation' };
        } catch (error) {
          problems.push({
            code: 'invalid-annotation',
            severity: 'error',
            field: annotation,
            message: `${annotation}: ${(error as Error).message}.`,
            fix: `Set ${annotation} to a duration such as 15m, 4h, 1d or PT15M.`,
          });
        }
      }
      if (tierValue !== null && tierValue !== undefined)
        return { seconds: tierValue, origin: 'tier' };
      if (planValue !== null) return { seconds: planValue, origin: 'plan' };
      return { seconds: null, origin: null };
    };

    const rto = objective(
      DR_ANNOTATION_RTO,
      tier?.rtoSeconds,
      planStrictest('rtoSeconds'),
    );
    const rpo = objective(
      DR_ANNOTATION_RPO,
      tier?.rpoSeconds,
      planStrictest('rpoSeconds'),
    );

    let cadenceDays = this.#defaultCadenceDays;
    let cadenceOrigin: ObjectiveOrigin = 'default';
    if (plan?.spec.drills.cadenceDays) {
      cadenceDays = plan.spec.drills.cadenceDays;
      cadenceOrigin = 'plan';
    } else if (tier?.drillCadenceDays) {
      cadenceDays = tier.drillCadenceDays;
      cadenceOrigin = 'tier';
    }

    const { selectors, selectorSpecs, declaredSources } = this.#resolveSources(
      entity,
      problems,
    );
    const hasObjectives = rto.seconds !== null || rpo.seconds !== null;
    const warnings = ageWarnings(plan, tier);
    if (rpo.seconds !== null && !declaredSources.length) {
      problems.push({
        code: 'no-backup-sources',
        severity: 'warning',
        field: DR_ANNOTATION_BACKUP_SOURCES,
        message:
          'An RPO target is set but no backup source is attached, so the RPO cannot be measured.',
        fix: `Add ${DR_ANNOTATION_BACKUP_SOURCES}: <sourceId>:<selector>, using a source configured under dr.sources.`,
      });
    }
    if (hasObjectives && !annotations[DR_ANNOTATION_PLAN]) {
      problems.push({
        code: 'plan-missing',
        severity: 'info',
        field: DR_ANNOTATION_PLAN,
        message:
          'No DR plan is linked, so there are no runbooks for an incident.',
        fix: `Add ${DR_ANNOTATION_PLAN}: ./dr-plan.yaml pointing at a DisasterRecoveryPlan document.`,
      });
    }

    return {
      objectives: {
        rtoSeconds: rto.seconds,
        rpoSeconds: rpo.seconds,
        tier: tierName,
        drillCadenceDays: cadenceDays,
        ...warnings.thresholds,
        ...(this.#rpoZeroToleranceSeconds !== undefined
          ? { rpoZeroToleranceSeconds: this.#rpoZeroToleranceSeconds }
          : {}),
        ...planDrillTypesAndStores(plan),
        origins: {
          rto: rto.origin,
          rpo: rpo.origin,
          drillCadence: cadenceOrigin,
          ...warnings.origins,
        },
      },
      hasObjectives,
      selectors,
      selectorSpecs,
      declaredSources,
      problems,
    };
  }

  #resolveSources(entity: Entity, problems: PostureProblem[]) {
    const selectors: SourceSelector[] = [];
    const selectorSpecs: Array<{ sourceId: string; selector: string }> = [];
    const declaredSources: Array<{ sourceId: string; selector: string }> = [];
    const raw = entity.metadata.annotations?.[DR_ANNOTATION_BACKUP_SOURCES];
    if (raw === undefined) return { selectors, selectorSpecs, declaredSources };
    if (raw.length > DR_BACKUP_SOURCES_MAX_LENGTH) {
      problems.push({
        code: 'invalid-annotation',
        severity: 'error',
        field: DR_ANNOTATION_BACKUP_SOURCES,
        message: `${DR_ANNOTATION_BACKUP_SOURCES} is ${raw.length} characters long; at most ${DR_BACKUP_SOURCES_MAX_LENGTH} are read.`,
        fix: 'Use broader prefixes instead of listing many keys.',
      });
      return { selectors, selectorSpecs, declaredSources };
    }
    const entries = parseBackupSourcesAnnotation(raw);
    for (const { sourceId, selector: selectorText } of entries) {
      declaredSources.push({ sourceId, selector: selectorText });

      const source = this.#sources.get(sourceId);
      if (!source) {
        const misconfigured = this.#sources
          .problems()
          .find(p => p.sourceId === sourceId);
        const known = this.#sources.list().map(s => s.id);
        let fix = `Configure dr.sources.${sourceId} in app-config.`;
        if (misconfigured)
          fix = 'Fix the source under dr.sources in app-config.';
        else if (known.length)
          fix = `Use one of ${known.join(
            ', ',
          )}, or configure dr.sources.${sourceId} in app-config.`;
        problems.push({
          code: misconfigured ? 'source-misconfigured' : 'unknown-source',
          severity: 'error',
          field: DR_ANNOTATION_BACKUP_SOURCES,
          message: misconfigured
            ? misconfigured.message
            : `Backup source "${sourceId}" is not configured.`,
          fix,
        });
        continue;
      }
      try {
        const selector = source.parseSelector(selectorText, entity);
        selectors.push({ sourceId, sourceType: source.type, selector });
        selectorSpecs.push({ sourceId, selector: selector.canonical });
      } catch (error) {
        problems.push({
          code: 'invalid-selector',
          severity: 'error',
          field: DR_ANNOTATION_BACKUP_SOURCES,
          message: (error as Error).message,
          fix: `Write each entry as <sourceId>:<selector>, e.g. ${sourceId}:orders-db/ for a key prefix.`,
        });
      }
    }
    return { selectors, selectorSpecs, declaredSources };
  }
}

/**
 * The backup-age and WAL-age warning thresholds: each from the plan's
 * `spec.alerts` when it states it, else from the tier's
 * `backupAgeWarning` and `walAgeWarning`, with where each came from so a
 * warning names the setting to change.
 */
function ageWarnings(
  plan: DrPlan | null,
  tier: Tier | undefined,
): {
  thresholds: Pick<
    PostureObjectives,
    'backupAgeWarningSeconds' | 'walAgeWarningSeconds'
  >;
  origins: Pick<
    PostureObjectives['origins'],
    'backupAgeWarning' | 'walAgeWarning'
  >;
} {
  const pick = (
    fromPlan: number | null | undefined,
    fromTier: number | null | undefined,
  ) => {
    if (fromPlan !== undefined && fromPlan !== null) {
      return { seconds: fromPlan, origin: 'plan' as const };
    }
    if (fromTier !== undefined && fromTier !== null) {
      return { seconds: fromTier, origin: 'tier' as const };
    }
    return undefined;
  };
  const backupAge = pick(
    plan?.spec.alerts?.backupAgeSeconds,
    tier?.backupAgeWarningSeconds,
  );
  const walAge = pick(
    plan?.spec.alerts?.walAgeSeconds,
    tier?.walAgeWarningSeconds,
  );
  return {
    thresholds: {
      ...(backupAge ? { backupAgeWarningSeconds: backupAge.seconds } : {}),
      ...(walAge ? { walAgeWarningSeconds: walAge.seconds } : {}),
    },
    origins: {
      ...(backupAge ? { backupAgeWarning: backupAge.origin } : {}),
      ...(walAge ? { walAgeWarning: walAge.origin } : {}),
    },
  };
}

/** The plan's drill types and the data stores with an RPO and sources. */
function planDrillTypesAndStores(
  plan: DrPlan | null,
): Pick<PostureObjectives, 'drillTypes' | 'dataStores'> {
  const drillTypes = plan?.spec.drills.types ?? [];
  const dataStores = (plan?.spec.dataStores ?? []).flatMap(store =>
    store.rpoSeconds !== undefined &&
    store.rpoSeconds !== null &&
    store.sources?.length
      ? [
          {
            name: store.name,
            sources: store.sources,
            rpoSeconds: store.rpoSeconds,
          },
        ]
      : [],
  );
  return {
    ...(drillTypes.length ? { drillTypes } : {}),
    ...(dataStores.length ? { dataStores } : {}),
  };
}
