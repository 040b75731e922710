/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dr_approvals', table => {
    table.comment(
      'Restore requests and their lifecycle; single-use, bound to a parameter hash',
    );
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('status', 16).notNullable();
    table.string('requester', 255).notNullable();
    table.text('reason').notNullable();
    table.string('ticket', 255).nullable();
    table.text('parameters').notNullable();
    table.string('parameter_hash', 64).notNullable();
    table.integer('required_approvals').notNullable();
    table.text('backup').notNullable();
    table.text('target').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('executed_at', { useTz: true }).nullable();
    table.string('execution_task_id', 255).nullable();
    table.string('outcome', 16).nullable();
    table.text('outcome_message').nullable();
    table.string('drill_id', 36).nullable();
    table.index(['status', 'expires_at'], 'dr_approvals_status_idx');
    table.index(['entity_ref'], 'dr_approvals_entity_idx');
    table.index(['requester'], 'dr_approvals_requester_idx');
  });
  await knex.schema.createTable('dr_approval_decisions', table => {
    table.comment('Approve or reject decisions, one per approver and request');
    table.increments('id');
    table
      .string('approval_id', 36)
      .notNullable()
      .references('id')
      .inTable('dr_approvals')
      .onDelete('CASCADE');
    table.string('approver', 255).notNullable();
    table.string('decision', 16).notNullable();
    table.text('comment').nullable();
    table.timestamp('decided_at', { useTz: true }).notNullable();
    table.unique(['approval_id', 'approver'], {
      indexName: 'dr_approval_decisions_unique_idx',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dr_approval_decisions');
  await knex.schema.dropTable('dr_approvals');
};
