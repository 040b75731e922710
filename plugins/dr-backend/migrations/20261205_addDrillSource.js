/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// @ts-check

/**
 * Where a drill comes from: `restore` when the restore task recorded it,
 * `manual` when a person did. Manual drills carry an evidence link (or
 * notes), so a reader can tell a proven drill from a claim.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dr_drills', table => {
    table.string('source', 16).notNullable().defaultTo('manual');
    table.text('evidence_url').nullable();
  });
  // Only the restore task links a drill to an approval or a task.
  await knex('dr_drills')
    .whereNotNull('approval_id')
    .orWhereNotNull('task_id')
    .update({ source: 'restore' });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dr_drills', table => {
    table.dropColumn('evidence_url');
    table.dropColumn('source');
  });
};
