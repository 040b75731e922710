/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePgBackRestInfo } from './pgBackRestInfo';
import { locateRepository, statArchivedSegment } from './repository';

/** A stanza as pgBackRest 2.45 printed it (captured from the real test cluster). */
const CAPTURED = {
  archive: [
    {
      database: { id: 1, 'repo-key': 1 },
      id: '15-1',
      max: '000000010000000000000005',
      min: '000000010000000000000001',
    },
  ],
  backup: [
    {
      archive: {
        start: '000000010000000000000002',
        stop: '000000010000000000000002',
      },
      backrest: { format: 5, version: '2.45' },
      database: { id: 1, 'repo-key': 1 },
      error: false,
      info: {
        delta: 23213881,
        repository: { delta: 3062609, size: 3062609 },
        size: 23213881,
      },
      label: '20261130-222917F',
      lsn: { start: '0/2000028', stop: '0/2000100' },
      prior: null,
      reference: null,
      timestamp: { start: 1796077757, stop: 1796077761 },
      type: 'full',
    },
  ],
  cipher: 'none',
  name: 'demo',
  status: { code: 0, lock: { backup: { held: true } }, message: 'ok' },
};

const withBackup = (fields: Record<string, unknown>) =>
  JSON.stringify([
    { ...CAPTURED, backup: [{ ...CAPTURED.backup[0], ...fields }] },
  ]);

describe('parsePgBackRestInfo', () => {
  it('reads a backup set with its times, sizes and archive range', () => {
    const [stanza] = parsePgBackRestInfo(JSON.stringify([CAPTURED]));
    expect(stanza).toMatchObject({
      name: 'demo',
      statusCode: 0,
      backupRunning: true,
      archive: {
        id: '15-1',
        min: '000000010000000000000001',
        max: '000000010000000000000005',
      },
    });
    expect(stanza.backups).toEqual([
      {
        key: 'demo/20261130-222917F',
        name: '20261130-222917F',
        type: 'full',
        status: 'succeeded',
        startedAt: new Date(1796077757_000),
        completedAt: new Date(1796077761_000),
        sizeBytes: 23213881,
        checksum: null,
        encrypted: null,
        details: expect.objectContaining({
          pgbackrestType: 'full',
          repositorySizeBytes: 3062609,
          archiveStart: '000000010000000000000002',
          archiveStop: '000000010000000000000002',
          lsnStart: '0/2000028',
          lsnStop: '0/2000100',
          prior: null,
        }),
      },
    ]);
  });

  it('marks a set pgBackRest flagged with errors failed', () => {
    const [stanza] = parsePgBackRestInfo(withBackup({ error: true }));
    expect(stanza.backups[0]).toMatchObject({
      status: 'failed',
      details: { errors: true },
    });
  });

  it('keeps a set whose sizes or times are not numbers, without them', () => {
    const [stanza] = parsePgBackRestInfo(
      withBackup({
        info: { size: 'big', repository: { size: -1 } },
        timestamp: { start: 'yesterday' },
      }),
    );
    expect(stanza.backups[0]).toMatchObject({
      sizeBytes: null,
      startedAt: null,
      completedAt: null,
      details: { repositorySizeBytes: null },
    });
  });

  it.each([
    ['not JSON', 'WARN: something', 'pgbackrest info did not print JSON'],
    ['not an array', '{}', 'did not print a JSON array of stanzas'],
    [
      'a stanza without a status',
      JSON.stringify([{ name: 'demo' }]),
      'stanza[0].status is not an object',
    ],
    [
      'a set without a label',
      withBackup({ label: undefined }),
      'stanza[0].backup[0].label is not a non-empty string',
    ],
    [
      'a label that is a path',
      withBackup({ label: '../../etc' }),
      'stanza[0].backup[0].label "../../etc" is not a pgBackRest backup label',
    ],
    [
      'an unknown type',
      withBackup({ type: 'snapshot' }),
      'stanza[0].backup[0].type "snapshot" is not full, diff or incr',
    ],
  ])('refuses %s, naming the field', (_, stdout, message) => {
    expect(() => parsePgBackRestInfo(stdout)).toThrow(message);
  });

  it('ignores archive bounds that are not WAL segment names', () => {
    const [stanza] = parsePgBackRestInfo(
      JSON.stringify([
        { ...CAPTURED, archive: [{ id: '15-1', min: 'x', max: '../../x' }] },
      ]),
    );
    expect(stanza.archive).toEqual({ id: '15-1', min: null, max: null });
  });
});

describe('the repository on this machine', () => {
  let root: string;
  const write = (name: string, text: string) => {
    const file = path.join(root, name);
    fs.writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-pgbackrest-conf-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads repo1-path with the stanza section winning over [global]', async () => {
    const configPath = write(
      'pgbackrest.conf',
      '[global]\nrepo1-path=/var/lib/a\n\n[main]\n# comment\nrepo1-path = /srv/main\n',
    );
    await expect(
      locateRepository({ stanza: 'main', configPath, env: {} }),
    ).resolves.toEqual({ local: true, path: '/srv/main' });
    await expect(
      locateRepository({ stanza: 'other', configPath, env: {} }),
    ).resolves.toEqual({ local: true, path: '/var/lib/a' });
    await expect(
      locateRepository({
        stanza: 'main',
        configPath,
        env: { PGBACKREST_REPO1_PATH: '/env/repo' },
      }),
    ).resolves.toEqual({ local: true, path: '/env/repo' });
    await expect(
      locateRepository({
        stanza: 'main',
        configPath,
        repoPath: '/configured',
        env: {},
      }),
    ).resolves.toEqual({ local: true, path: '/configured' });
  });

  it('says why WAL recency is unknown for object stores and repository hosts', async () => {
    const s3 = write('s3.conf', '[global]\nrepo1-type=s3\nrepo1-path=/repo\n');
    await expect(
      locateRepository({ stanza: 'main', configPath: s3, env: {} }),
    ).resolves.toEqual({
      local: false,
      reason: 'the repository is of type s3',
    });
    const host = write('host.conf', '[global]\nrepo1-host=backup.internal\n');
    await expect(
      locateRepository({ stanza: 'main', configPath: host, env: {} }),
    ).resolves.toEqual({
      local: false,
      reason: 'the repository is on a repository host',
    });
    await expect(
      locateRepository({
        stanza: 'main',
        configPath: path.join(root, 'missing.conf'),
        env: {},
      }),
    ).resolves.toEqual({
      local: false,
      reason: 'the pgBackRest config file could not be read (ENOENT)',
    });
  });

  it('finds an archived segment, compressed or not, but never a .partial one', async () => {
    const dir = path.join(root, 'archive', 'main', '15-1', '0000000100000000');
    fs.mkdirSync(dir, { recursive: true });
    const sha = 'a'.repeat(40);
    fs.writeFileSync(path.join(dir, `000000010000000000000007-${sha}.gz`), 'x');
    fs.writeFileSync(
      path.join(dir, `000000010000000000000008.partial-${sha}.gz`),
      'x',
    );
    fs.writeFileSync(path.join(dir, `000000010000000000000009-${sha}`), 'xy');
    const stat = (segment: string) =>
      statArchivedSegment({
        repoPath: root,
        stanza: 'main',
        archiveId: '15-1',
        segment,
      });
    await expect(stat('000000010000000000000007')).resolves.toMatchObject({
      sizeBytes: 1,
    });
    await expect(stat('000000010000000000000008')).resolves.toBeUndefined();
    await expect(stat('000000010000000000000009')).resolves.toMatchObject({
      sizeBytes: 2,
    });
    await expect(stat('00000001000000000000000A')).resolves.toBeUndefined();
  });
});
