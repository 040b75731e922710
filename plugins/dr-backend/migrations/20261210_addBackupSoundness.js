/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// @ts-check

/**
 * Backups that completed but do not look restorable (a size far off the
 * median of their series, a required encryption missing) keep their row with
 * the reason in `suspicion` and no longer count toward RPO. `series` groups a
 * backup with the earlier ones it is compared to; rows indexed before this
 * migration get it when their source is next listed in full.
 *
 * Each entity's facts keep its copies (`copies`, JSON): the newest sound
 * backup and WAL segment per declared source, so posture can judge each
 * scenario from the locations that survive it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dr_backups', table => {
    table.string('series', 1024).nullable();
    table.text('suspicion').nullable();
    table.index(
      ['source_id', 'series', 'sort_time'],
      'dr_backups_source_series_time_idx',
    );
  });
  await knex.schema.alterTable('dr_entity_facts', table => {
    table.text('copies').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dr_entity_facts', table => {
    table.dropColumn('copies');
  });
  await knex.schema.alterTable('dr_backups', table => {
    table.dropIndex(
      ['source_id', 'series', 'sort_time'],
      'dr_backups_source_series_time_idx',
    );
    table.dropColumn('suspicion');
    table.dropColumn('series');
  });
};
