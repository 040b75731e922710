/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// @ts-check

/**
 * Approval lists are paged newest first by (created_at, id) with a keyset
 * cursor; this index lets the database seek to a page instead of sorting
 * every request.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dr_approvals', table => {
    table.index(['created_at', 'id'], 'dr_approvals_created_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dr_approvals', table => {
    table.dropIndex(['created_at', 'id'], 'dr_approvals_created_idx');
  });
};
