/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InputError } from '@backstage/errors';
import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import type { z } from 'zod';

/** What `createTemplateAction` takes as `schema.input`/`schema.output`. */
type ScaffolderSchema = NonNullable<
  NonNullable<TemplateActionOptions['schema']>['input']
>[string];

/**
 * Hands one of the DR suite's shared zod schemas (dr-common) to
 * `createTemplateAction`, so an action's input is described by the same
 * schema the DR API accepts.
 *
 * The scaffolder types its schema callbacks with the `zod/v3` of its own zod
 * 4 copy; our zod 3 schemas are not assignable to those classes (they
 * declare private members), which is why the checks used to be rebuilt with
 * `(z: any)`. At runtime the scaffolder only turns the schema into JSON
 * Schema with zod-to-json-schema, which reads each schema's `_def` and works
 * for both, and validates the task's input against that JSON Schema. It
 * neither trims nor fills in defaults, so every handler also parses its
 * input with the same shared schema (`parseActionInput`).
 * @internal
 */
export function scaffolderSchema(schema: z.ZodTypeAny): ScaffolderSchema {
  return () => schema as unknown as ReturnType<ScaffolderSchema>;
}

/**
 * Parses an action's input with its shared schema: trims, fills in
 * defaults, and throws an InputError naming each problem, e.g.
 * `Invalid input of dr:verify: checks.0.query Required`.
 * @internal
 */
export function parseActionInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  actionId: string,
): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InputError(
      `Invalid input of ${actionId}: ${result.error.issues
        .map(i => `${i.path.join('.') || 'input'} ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}
