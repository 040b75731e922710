/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// @ts-check

/**
 * Restore tests: a drill says what it was (`kind`: `drill` or
 * `restore-test`, with the plan that ran it), its timed phases and its
 * checks' results; a backup that a verified restore brought back is
 * recorded as verified restorable, per entity, with the drill that proved it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dr_drills', table => {
    table.string('kind', 32).notNullable().defaultTo('drill');
    table.string('restore_test_plan', 255).nullable();
    table.text('phases').nullable();
    table.text('checks').nullable();
    // The newest run of a plan for an entity: "has it run within its schedule?"
    table.index(
      ['restore_test_plan', 'entity_ref', 'completed_at'],
      'dr_drills_restore_test_plan_idx',
    );
  });
  await knex.schema.createTable('dr_backup_verifications', table => {
    table.comment('Backups proven restorable by a verified drill');
    table.string('backup_id', 64).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.dateTime('backup_completed_at').nullable();
    table.dateTime('verified_at').notNullable();
    table.string('drill_id', 36).notNullable();
    table.string('restore_test_plan', 255).nullable();
    table.primary(['backup_id', 'entity_ref']);
    table.index(
      ['entity_ref', 'backup_completed_at'],
      'dr_backup_verifications_entity_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dr_backup_verifications');
  await knex.schema.alterTable('dr_drills', table => {
    table.dropIndex([], 'dr_drills_restore_test_plan_idx');
    table.dropColumn('checks');
    table.dropColumn('phases');
    table.dropColumn('restore_test_plan');
    table.dropColumn('kind');
  });
};
