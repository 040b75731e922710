/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// @ts-check

/**
 * What each entity's owners were last told about its posture: the overall
 * status, stale sources and suspicious backups. A change is notified once,
 * by the replica whose compare-and-set on `state` wins.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dr_posture_notifications', table => {
    table.string('entity_ref', 255).primary();
    // JSON: { overall, staleSources, suspectBackups }
    table.text('state').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dr_posture_notifications');
};
