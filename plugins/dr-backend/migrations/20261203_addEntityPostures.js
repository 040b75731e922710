/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// @ts-check

/**
 * Each entity row keeps its computed posture, so the DR tab and the audit
 * serve the same stored judgement instead of assembling it twice.
 *
 * - objectives, declared_sources: the resolved inputs the posture shows.
 * - entity_fingerprint: hash of the catalog fields the inputs come from, so
 *   a request can tell whether the row still matches the entity it read.
 * - posture: the entity's own posture as JSON; overall its status.
 * - posture_next_change_at: when the same facts would judge it differently
 *   (an RPO turning breached, a drill turning overdue); a sweep recomputes
 *   the rows whose instant passed, found through its index.
 *
 * Existing rows get their posture at the next catalog sync; nothing is
 * computed here.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dr_entities', table => {
    table.text('objectives').nullable();
    table.text('declared_sources').nullable();
    table.string('entity_fingerprint', 64).nullable();
    table.text('posture').nullable();
    table.string('overall', 16).nullable();
    table.timestamp('posture_next_change_at', { useTz: true }).nullable();
    table.timestamp('posture_computed_at', { useTz: true }).nullable();
    table.index(['posture_next_change_at'], 'dr_entities_posture_due_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dr_entities', table => {
    table.dropIndex(['posture_next_change_at'], 'dr_entities_posture_due_idx');
  });
  await knex.schema.alterTable('dr_entities', table => {
    table.dropColumn('posture_computed_at');
    table.dropColumn('posture_next_change_at');
    table.dropColumn('overall');
    table.dropColumn('posture');
    table.dropColumn('entity_fingerprint');
    table.dropColumn('declared_sources');
    table.dropColumn('objectives');
  });
};
