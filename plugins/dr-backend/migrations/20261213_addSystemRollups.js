/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// @ts-check

/**
 * A System's posture rolls up its parts, so each entity row keeps the
 * System it is part of and each System row its worst part, written with the
 * postures instead of computed per audit request.
 *
 * - system_ref: the System an entity is part of (its `spec.system`).
 * - worst_part_ref, worst_part_overall: a System's part with the worst
 *   stored posture and that posture's overall status; null without parts
 *   with a posture.
 *
 * Existing rows get them at the next catalog sync.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dr_entities', table => {
    table.string('system_ref', 255).nullable();
    table.string('worst_part_ref', 255).nullable();
    table.string('worst_part_overall', 16).nullable();
    table.index(['system_ref'], 'dr_entities_system_ref_idx');
    table.index(['worst_part_ref'], 'dr_entities_worst_part_ref_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dr_entities', table => {
    table.dropIndex(['worst_part_ref'], 'dr_entities_worst_part_ref_idx');
    table.dropIndex(['system_ref'], 'dr_entities_system_ref_idx');
  });
  await knex.schema.alterTable('dr_entities', table => {
    table.dropColumn('worst_part_overall');
    table.dropColumn('worst_part_ref');
    table.dropColumn('system_ref');
  });
};
