/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { VerifyCheck } from '@dr-suite/backstage-plugin-dr-common';
import type { Client, ClientConfig } from 'pg';
import { Client as PgClient } from 'pg';

/**
 * How one check went.
 * @public
 */
export interface CheckResult {
  name: string;
  type: 'sql' | 'http';
  passed: boolean;
  detail: string;
}

type SqlCheck = Extract<VerifyCheck, { type: 'sql' }>;
type HttpCheck = Extract<VerifyCheck, { type: 'http' }>;

function describeValue(value: unknown): string {
  return value === null || value === undefined ? 'null' : JSON.stringify(value);
}

/**
 * Runs verification checks: SQL queries, read-only, against a database, and
 * HTTP health endpoints. A failing check is a result, never an exception.
 * @public
 */
export class CheckRunner {
  readonly #httpTimeoutMs: number;

  constructor(options: { httpTimeoutMs?: number } = {}) {
    this.#httpTimeoutMs = options.httpTimeoutMs ?? 10_000;
  }

  async run(
    checks: VerifyCheck[],
    options: { database?: ClientConfig; signal?: AbortSignal },
  ): Promise<CheckResult[]> {
    const results: CheckResult[] = [];
    let client: Client | undefined;
    try {
      for (const [index, check] of checks.entries()) {
        options.signal?.throwIfAborted();
        const name = check.name ?? `${check.type} check ${index + 1}`;
        if (check.type === 'sql') {
          if (!options.database) {
            results.push({
              name,
              type: 'sql',
              passed: false,
              detail: 'No database to run the query against',
            });
            continue;
          }
          if (!client) {
            client = new PgClient(options.database);
            await client.connect();
          }
          results.push({
            name,
            type: 'sql',
            ...(await this.#sql(client, check)),
          });
        } else {
          results.push({ name, type: 'http', ...(await this.#http(check)) });
        }
      }
    } finally {
      await client?.end().catch(() => undefined);
    }
    return results;
  }

  async #sql(
    client: Client,
    check: SqlCheck,
  ): Promise<{ passed: boolean; detail: string }> {
    try {
      // Checks read the restored data; they must never change it.
      await client.query('BEGIN READ ONLY');
      const result = await client.query({
        text: check.query,
        rowMode: 'array',
      });
      await client.query('ROLLBACK');
      const rows = result.rows as unknown[][];
      const problems: string[] = [];
      if (check.minRows !== undefined && rows.length < check.minRows) {
        problems.push(
          `returned ${rows.length} rows, expected at least ${check.minRows}`,
        );
      }
      if (check.expect !== undefined) {
        const actual = rows[0]?.[0];
        if (String(actual ?? null) !== String(check.expect ?? null)) {
          problems.push(
            `returned ${describeValue(actual)}, expected ${describeValue(
              check.expect,
            )}`,
          );
        }
      }
      return problems.length
        ? { passed: false, detail: problems.join('; ') }
        : {
            passed: true,
            detail: `returned ${rows.length} rows${
              rows.length ? `, first value ${describeValue(rows[0][0])}` : ''
            }`,
          };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      return {
        passed: false,
        detail: `query failed: ${(error as Error).message}`,
      };
    }
  }

  async #http(check: HttpCheck): Promise<{ passed: boolean; detail: string }> {
    const expected = check.expectStatus ?? 200;
    try {
      const response = await fetch(check.url, {
        signal: AbortSignal.timeout(this.#httpTimeoutMs),
        redirect: 'manual',
      });
      const body = check.contains !== undefined ? await response.text() : '';
      if (response.status !== expected) {
        return {
          passed: false,
          detail: `answered ${response.status}, expected ${expected}`,
        };
      }
      if (check.contains !== undefined && !body.includes(check.contains)) {
        return {
          passed: false,
          detail: `answered ${response.status} without "${check.contains}" in the body`,
        };
      }
      return { passed: true, detail: `answered ${response.status}` };
    } catch (error) {
      return {
        passed: false,
        detail: `request failed: ${(error as Error).message}`,
      };
    }
  }
}

/**
 * What a restore does with the results of the checks it ran against the
 * restored data before putting it in place: logs each one and, unless all
 * passed, throws an error naming the failed ones.
 */
export function requirePassedChecks(
  checks: CheckResult[],
  logger: LoggerService,
): CheckResult[] {
  for (const check of checks) {
    logger.info(
      `Check ${check.passed ? 'passed' : 'FAILED'}: ${check.name}: ${
        check.detail
      }`,
    );
  }
  const failed = checks.filter(c => !c.passed);
  if (failed.length) {
    throw new Error(
      `${failed.length} of ${checks.length} checks failed: ${failed
        .map(c => `${c.name} (${c.detail})`)
        .join('; ')}`,
    );
  }
  return checks;
}
