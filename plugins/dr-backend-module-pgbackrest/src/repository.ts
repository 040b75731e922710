/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { WAL_SEGMENT } from './pgBackRestInfo';

/** pgBackRest's defaults when neither the command line, the environment nor a file says. */
const DEFAULT_CONFIG_PATH = '/etc/pgbackrest/pgbackrest.conf';
const LEGACY_CONFIG_PATH = '/etc/pgbackrest.conf';
const DEFAULT_INCLUDE_PATH = '/etc/pgbackrest/conf.d';
const DEFAULT_REPO_PATH = '/var/lib/pgbackrest';

/** Repository types whose files this machine can stat. */
const LOCAL_REPO_TYPES = ['posix', 'cifs'];

/**
 * Where repo1 of a stanza is, as pgBackRest itself would resolve it.
 * @internal
 */
export type RepositoryLocation =
  | { local: true; path: string }
  | { local: false; reason: string };

/** Options of one pgbackrest.conf, by section. */
type Ini = Map<string, Map<string, string>>;

function parseIni(text: string, into: Ini) {
  let section: Map<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      const name = header[1].trim();
      section = into.get(name) ?? new Map();
      into.set(name, section);
      continue;
    }
    const equals = line.indexOf('=');
    if (section && equals > 0) {
      section.set(line.slice(0, equals).trim(), line.slice(equals + 1).trim());
    }
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readConfig(configPath: string | undefined): Promise<Ini> {
  const ini: Ini = new Map();
  if (configPath) {
    parseIni(await fs.readFile(configPath, 'utf8'), ini);
    return ini;
  }
  const main =
    (await readIfExists(DEFAULT_CONFIG_PATH)) ??
    (await readIfExists(LEGACY_CONFIG_PATH));
  if (main) parseIni(main, ini);
  let included: string[] = [];
  try {
    included = (await fs.readdir(DEFAULT_INCLUDE_PATH))
      .filter(name => name.endsWith('.conf'))
      .sort();
  } catch {
    // No include folder: nothing more to read.
  }
  for (const name of included) {
    parseIni(
      await fs.readFile(path.join(DEFAULT_INCLUDE_PATH, name), 'utf8'),
      ini,
    );
  }
  return ini;
}

/**
 * Resolves repo1 of a stanza with pgBackRest's precedence: the source's
 * `repoPath` (passed as `--repo1-path`), then `PGBACKREST_REPO1_*`
 * variables, then the stanza's sections of the config file, then `[global]`.
 * @internal
 */
export async function locateRepository(options: {
  stanza: string;
  repoPath?: string;
  configPath?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<RepositoryLocation> {
  const env = options.env ?? process.env;
  let ini: Ini;
  try {
    ini = await readConfig(options.configPath);
  } catch (error) {
    return {
      local: false,
      reason: `the pgBackRest config file could not be read (${
        (error as NodeJS.ErrnoException).code ?? 'error'
      })`,
    };
  }
  const sections = [
    `${options.stanza}:info`,
    options.stanza,
    'global:info',
    'global',
  ];
  const option = (name: string) => {
    const fromEnv = env[`PGBACKREST_${name.toUpperCase().replace(/-/g, '_')}`];
    if (fromEnv) return fromEnv;
    for (const section of sections) {
      const value = ini.get(section)?.get(name);
      if (value) return value;
    }
    return undefined;
  };
  const type = option('repo1-type') ?? 'posix';
  if (!LOCAL_REPO_TYPES.includes(type)) {
    return { local: false, reason: `the repository is of type ${type}` };
  }
  if (option('repo1-host')) {
    return { local: false, reason: 'the repository is on a repository host' };
  }
  return {
    local: true,
    path: options.repoPath ?? option('repo1-path') ?? DEFAULT_REPO_PATH,
  };
}

/** `<segment>-<sha1>` with an optional compression extension; not `.partial`. */
const ARCHIVED_SEGMENT = /^([0-9A-F]{24})-[0-9a-f]{40}(\.[a-z0-9]+)?$/;

/**
 * The archived file of one WAL segment in a local repository:
 * `<repo>/archive/<stanza>/<archive id>/<timeline+log>/<segment>-<sha1>[.gz]`.
 * Its modification time is when `archive-push` stored it.
 * @returns undefined when the segment is not (or no longer) there
 * @internal
 */
export async function statArchivedSegment(options: {
  repoPath: string;
  stanza: string;
  archiveId: string;
  segment: string;
}): Promise<{ file: string; modifiedAt: Date; sizeBytes: number } | undefined> {
  const { repoPath, stanza, archiveId, segment } = options;
  if (!WAL_SEGMENT.test(segment) || !/^[0-9]+-[0-9]+$/.test(archiveId)) {
    return undefined;
  }
  const directory = path.join(
    repoPath,
    'archive',
    stanza,
    archiveId,
    segment.slice(0, 16),
  );
  let names: string[];
  try {
    names = await fs.readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // Two copies of one segment (a re-push with another checksum) are possible;
  // the newest tells when the archive last moved.
  let newest: { file: string; modifiedAt: Date; sizeBytes: number } | undefined;
  for (const name of names) {
    if (ARCHIVED_SEGMENT.exec(name)?.[1] !== segment) continue;
    const stat = await fs.stat(path.join(directory, name));
    if (!newest || stat.mtime > newest.modifiedAt) {
      newest = { file: name, modifiedAt: stat.mtime, sizeBytes: stat.size };
    }
  }
  return newest;
}
