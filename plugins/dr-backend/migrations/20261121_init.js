/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dr_sources', table => {
    table.comment('Index state and health of each configured backup source');
    table.string('source_id', 255).primary().notNullable();
    table.string('type', 64).notNullable();
    table.string('status', 16).notNullable().defaultTo('pending');
    table.timestamp('last_attempt_at', { useTz: true }).nullable();
    table.timestamp('last_success_at', { useTz: true }).nullable();
    table.text('last_error').nullable();
    table.integer('consecutive_failures').notNullable().defaultTo(0);
    table.timestamp('next_attempt_at', { useTz: true }).nullable();
    table.timestamp('requested_at', { useTz: true }).nullable();
    table.boolean('full_requested').notNullable().defaultTo(false);
    table.string('last_mode', 16).nullable();
    table.text('state').nullable();
    table.integer('backup_count').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('dr_backups', table => {
    table.comment('Backups found in the sources; keys are unique per source');
    table.string('id', 64).primary().notNullable();
    table.string('source_id', 255).notNullable();
    table.string('key', 1024).notNullable();
    table.string('name', 1024).notNullable();
    table.string('type', 16).notNullable();
    table.string('status', 24).notNullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('completed_at', { useTz: true }).nullable();
    table.timestamp('sort_time', { useTz: true }).notNullable();
    table.bigInteger('size_bytes').nullable();
    table.string('checksum', 255).nullable();
    table.boolean('encrypted').nullable();
    table.text('details').notNullable();
    table.string('fingerprint', 64).notNullable();
    table.timestamp('indexed_at', { useTz: true }).notNullable();
    table.unique(['source_id', 'key'], {
      indexName: 'dr_backups_source_key_idx',
    });
    table.index(['source_id', 'sort_time'], 'dr_backups_source_time_idx');
  });
  if (knex.client.config.client === 'pg') {
    // Prefix selectors are key ranges; the C collation makes them byte-wise
    // and lets the unique index serve them.
    await knex.raw(
      'ALTER TABLE dr_backups ALTER COLUMN key TYPE varchar(1024) COLLATE "C"',
    );
  }

  await knex.schema.createTable('dr_drills', table => {
    table.comment('DR drills recorded per catalog entity');
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('scenario', 255).notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('completed_at', { useTz: true }).notNullable();
    table.string('outcome', 16).notNullable();
    table.integer('measured_rto_seconds').notNullable();
    table.integer('measured_rpo_seconds').nullable();
    table.string('backup_id', 64).nullable();
    table.text('participants').notNullable();
    table.text('notes').nullable();
    table.text('action_items').notNullable();
    table.string('approval_id', 36).nullable();
    table.string('task_id', 255).nullable();
    table.string('recorded_by', 255).notNullable();
    table.timestamp('recorded_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'completed_at'], 'dr_drills_entity_time_idx');
  });

  await knex.schema.createTable('dr_entities', table => {
    table.comment(
      'Snapshot of catalog entities and their resolved DR objectives, for the audit',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table.string('kind', 64).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 255).notNullable();
    table.string('title', 1024).nullable();
    table.string('owner', 255).nullable();
    table.string('tier', 255).nullable();
    table.integer('rto_seconds').nullable();
    table.integer('rpo_seconds').nullable();
    table.float('drill_cadence_days').notNullable();
    table.boolean('has_objectives').notNullable();
    table.text('selectors').notNullable();
    table.text('scenarios').notNullable();
    table.text('problems').notNullable();
    table.string('fingerprint', 64).notNullable();
    table.timestamp('synced_at', { useTz: true }).notNullable();
    table.index(['has_objectives'], 'dr_entities_objectives_idx');
  });

  await knex.schema.createTable('dr_entity_facts', table => {
    table.comment(
      'Measured facts per entity, kept current by indexing and drill recording',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table.timestamp('last_successful_backup_at', { useTz: true }).nullable();
    table.timestamp('last_successful_drill_at', { useTz: true }).nullable();
    table.integer('last_successful_drill_rto_seconds').nullable();
    table.timestamp('last_drill_at', { useTz: true }).nullable();
    table.string('last_drill_outcome', 16).nullable();
    table.text('scenario_drills').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('dr_plans', table => {
    table.comment('DR plans read from entity plan locations');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('location', 2048).notNullable();
    table.string('etag', 255).nullable();
    table.text('plan').nullable();
    table.text('problems').notNullable();
    table.timestamp('fetched_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dr_plans');
  await knex.schema.dropTable('dr_entity_facts');
  await knex.schema.dropTable('dr_entities');
  await knex.schema.dropTable('dr_drills');
  await knex.schema.dropTable('dr_backups');
  await knex.schema.dropTable('dr_sources');
};
