/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// @ts-check

/**
 * Where each continuously archived store's recovery window got to (the
 * window, the base backups it was computed from and the last segment of the
 * gap-free chain), so the next computation reads only the WAL archived since.
 * A change to anything older bumps `generation` and clears `state`, and a
 * computation that started before the bump does not write its result.
 * Derived data: dropping the table only costs one full computation per store.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dr_recovery_window_states', table => {
    table.comment(
      'Incremental recovery-window state per source and key prefix (derived from dr_backups)',
    );
    table.string('source_id', 255).notNullable();
    table.string('prefix', 1024).notNullable();
    table.integer('generation').notNullable().defaultTo(0);
    table.text('state').nullable();
    table.primary(['source_id', 'prefix'], 'dr_recovery_window_states_pkey');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dr_recovery_window_states');
};
