/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CheckRunner,
  type RestoreTargetRegistry,
  restoredDatabaseOf,
} from '@dr-suite/backstage-plugin-dr-node';
import { verifyInputSchema } from './inputSchemas';
import { parseActionInput, scaffolderSchema } from './sharedSchema';
import { verifyExamples } from './verify.examples';

/**
 * Creates the `dr:verify` action: runs SQL checks (read-only, against a
 * postgres restore target's database, or the recovered cluster a
 * keep-cluster target keeps) and HTTP health checks, reporting each
 * as passed or failed, and fails the step when any failed.
 * @public
 */
export function createDrVerifyAction(options: {
  targets: RestoreTargetRegistry;
  runner?: CheckRunner;
}) {
  const runner = options.runner ?? new CheckRunner();
  return createTemplateAction({
    id: 'dr:verify',
    description:
      'Checks a restore: SQL queries with expected results or row counts, and HTTP health endpoints',
    examples: verifyExamples,
    schema: {
      input: scaffolderSchema(verifyInputSchema),
      output: {
        passed: z => z.boolean(),
        verified: z =>
          z
            .boolean()
            .describe(
              'At least one check ran and every check passed; false without checks',
            ),
        verifiedAt: z => z.string(),
        results: z =>
          z.array(
            z.object({
              name: z.string(),
              type: z.string(),
              passed: z.boolean(),
              detail: z.string(),
            }),
          ),
      },
    },
    async handler(ctx) {
      const { checks, targetId, entityRef, failOnError } = parseActionInput(
        verifyInputSchema,
        ctx.input,
        'dr:verify',
      );
      let database;
      if (targetId) {
        const target = options.targets.resolve(targetId, {
          kind: 'postgres',
          entityRef: entityRef ?? '',
        });
        database = restoredDatabaseOf(target);
        if (!database && target.keepRecoveredCluster) {
          throw new Error(
            `Restore target "${targetId}" keeps a recovered cluster, and none is kept there yet: restore to it first`,
          );
        }
      }
      const results = await runner.run(checks, {
        database,
        signal: ctx.signal,
      });
      for (const result of results) {
        const line = `${result.passed ? 'PASS' : 'FAIL'} ${result.name}: ${
          result.detail
        }`;
        if (result.passed) ctx.logger.info(line);
        else ctx.logger.error(line);
      }
      const passed = results.every(r => r.passed);
      // No check ran: nothing was verified, however quickly it "passed".
      const verified = passed && results.length > 0;
      if (results.length === 0) {
        ctx.logger.warn(
          'No checks were configured: the restore is not verified',
        );
      }
      ctx.output('passed', passed);
      ctx.output('verified', verified);
      ctx.output('verifiedAt', new Date().toISOString());
      ctx.output('results', results);
      if (!passed && failOnError) {
        throw new Error(
          `${results.filter(r => !r.passed).length} of ${
            results.length
          } checks failed`,
        );
      }
    },
  });
}
