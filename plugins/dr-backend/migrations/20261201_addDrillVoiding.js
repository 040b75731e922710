/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// @ts-check

/**
 * Drills are voided, never deleted: a voided drill stays listed with who
 * voided it and why, and no longer counts. A restore approval is recorded as
 * at most one drill.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dr_drills', table => {
    table.timestamp('voided_at', { useTz: true }).nullable();
    table.string('voided_by', 255).nullable();
    table.text('void_reason').nullable();
  });
  // NULLs never collide, so only drills tied to an approval are constrained.
  await knex.schema.alterTable('dr_drills', table => {
    table.unique(['approval_id'], { indexName: 'dr_drills_approval_idx' });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dr_drills', table => {
    table.dropUnique(['approval_id'], 'dr_drills_approval_idx');
  });
  await knex.schema.alterTable('dr_drills', table => {
    table.dropColumn('void_reason');
    table.dropColumn('voided_by');
    table.dropColumn('voided_at');
  });
};
