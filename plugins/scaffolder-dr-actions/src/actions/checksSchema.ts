/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The checks `dr:verify` runs, as action input. Built with the zod instance
 * the scaffolder hands to schema functions, whose types differ from this
 * package's own zod; the handlers read the value as `VerifyCheck[]`.
 */
export function checksSchema(z: any): any {
  const name = z.string().max(200).optional().describe('Shown in the task log');
  return z
    .array(
      z.discriminatedUnion('type', [
        z
          .object({
            type: z.literal('sql'),
            name,
            query: z
              .string()
              .min(1)
              .describe('Runs read-only against the restored database'),
            expect: z
              .union([z.string(), z.number(), z.boolean(), z.null()])
              .optional()
              .describe('Expected value of the first column of the first row'),
            minRows: z
              .number()
              .int()
              .min(0)
              .optional()
              .describe('Rows the query must at least return'),
          })
          .strict(),
        z
          .object({
            type: z.literal('http'),
            name,
            url: z.string().url(),
            expectStatus: z.number().int().optional().describe('Default 200'),
            contains: z
              .string()
              .optional()
              .describe('Text the body must contain'),
          })
          .strict(),
      ]),
    )
    .default([]);
}
