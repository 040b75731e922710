/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type ClickHouseTestServer,
  startClickHouseTestServer,
} from './ClickHouseTestServer';

describe('startClickHouseTestServer', () => {
  let clickhouse: ClickHouseTestServer;
  beforeAll(async () => {
    clickhouse = await startClickHouseTestServer();
    clickhouse.put({
      id: 'b1',
      name: "Disk('backups', 'b1.zip')",
      status: 'BACKUP_CREATED',
      start_time: new Date('2026-11-30T03:00:00Z'),
      end_time: new Date('2026-11-30T03:10:00Z'),
      total_size: 1234,
    });
  });
  afterAll(() => clickhouse.stop());

  const query = (sql: string, headers: Record<string, string> = {}) =>
    fetch(`${clickhouse.url}/?query=${encodeURIComponent(sql)}`, { headers });
  const basic = () => ({
    Authorization: `Basic ${Buffer.from(
      `${clickhouse.user}:${clickhouse.password}`,
    ).toString('base64')}`,
  });

  it('writes values as ClickHouse does by default, in JSONEachRow and JSON', async () => {
    const eachRow = await query(
      'SELECT id, total_size, start_time, toUnixTimestamp(end_time) AS end_epoch FROM system.backups FORMAT JSONEachRow',
      basic(),
    );
    expect(eachRow.status).toBe(200);
    expect(await eachRow.text()).toBe(
      '{"id":"b1","total_size":"1234","start_time":"2026-11-30 03:00:00.000000","end_epoch":1796008200}\n',
    );
    const json = await query(
      'SELECT id, status FROM system.backups FORMAT JSON',
      basic(),
    );
    expect(JSON.parse(await json.text())).toEqual({
      data: [{ id: 'b1', status: 'BACKUP_CREATED' }],
      rows: 1,
    });
  });

  it('answers errors with ClickHouse’s codes, texts and HTTP statuses', async () => {
    const denied = await query('SELECT id FROM system.backups FORMAT JSON', {
      'X-ClickHouse-User': clickhouse.user,
      'X-ClickHouse-Key': 'wrong',
    });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-clickhouse-exception-code')).toBe('516');
    expect(await denied.text()).toMatch(
      /^Code: 516\. DB::Exception: dr_reader: Authentication failed: password is incorrect, or there is no user with such name\. \(AUTHENTICATION_FAILED\) \(version [\d.]+ \(official build\)\)\n$/,
    );
    const unknown = await query(
      'SELECT nope FROM system.backups FORMAT JSONEachRow',
      basic(),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-clickhouse-exception-code')).toBe('47');
    const table = await query(
      'SELECT 1 FROM system.tables FORMAT JSON',
      basic(),
    );
    expect(await table.text()).toMatch(/^Code: 60\. .*UNKNOWN_TABLE/);
  });
});
