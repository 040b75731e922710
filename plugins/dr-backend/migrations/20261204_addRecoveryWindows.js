/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// @ts-check

/**
 * Each entity's facts keep the recovery windows of its continuously archived
 * data stores (JSON keyed by `sourceId:selector`), computed when its backups
 * are indexed, so the stored posture shows them without reading WAL rows.
 * Existing rows get them at the next indexing run.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dr_entity_facts', table => {
    table.text('recovery_windows').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dr_entity_facts', table => {
    table.dropColumn('recovery_windows');
  });
};
