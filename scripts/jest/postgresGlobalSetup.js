/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// @ts-check
// Jest globalSetup for the backend packages: every store test runs against
// SQLite and the real PostgreSQL. Workers inherit the variables set here.
const net = require('node:net');

const VARIABLE = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432';

/** @param {string} url */
function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise(resolve => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

module.exports = async function postgresGlobalSetup() {
  // TestDatabases would otherwise try Docker in CI, and there is none here.
  process.env.BACKSTAGE_TEST_DISABLE_DOCKER = '1';
  const url = process.env[VARIABLE] || DEFAULT_URL;
  if (await reachable(url)) {
    process.env[VARIABLE] = url;
    return;
  }
  delete process.env[VARIABLE];
  const message = [
    '',
    '*'.repeat(78),
    `*  PostgreSQL is NOT reachable at ${url}.`,
    '*  Database tests run on SQLite ONLY. Start PostgreSQL or set',
    `*  ${VARIABLE}.`,
    '*'.repeat(78),
    '',
  ].join('\n');
  if (process.env.DR_REQUIRE_POSTGRES) {
    throw new Error(message);
  }
  // eslint-disable-next-line no-console
  console.warn(message);
};
