/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  coreServices,
  createBackendFeatureLoader,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { restoreParametersSchema } from '@dr-suite/backstage-plugin-dr-common';
import {
  type RestoreTarget,
  type Restorer,
  createRestorerFeature,
  drBackupSourceRegistryServiceRef,
  drRestoreTargetRegistryServiceRef,
  isReadableBackupSource,
} from '@dr-suite/backstage-plugin-dr-node';
import { z } from 'zod';
// Only what the package exports, as a third party would import it.
import { DrBackendAccess, createRestoreAction } from '../index';

// A restore kind from outside the DR packages, in one file, installed the way
// a third party's module package would be: `file-copy` restores copy a backup
// file, as it is, into the directory of a `type: file-copy` restore target.
// Nothing in dr-common, dr-node or dr-backend knows this kind.

/** `dr.restoreTargets.<id>: { type: file-copy, directory: /abs/path }` */
interface FileCopyRestoreTarget extends RestoreTarget {
  directory: string;
}

interface FileCopyRestoreOutput {
  [key: string]: string | number;
  file: string;
  bytes: number;
}

const fileCopyRestorer: Restorer<
  Record<string, never>,
  FileCopyRestoreOutput,
  FileCopyRestoreTarget
> = {
  kind: 'file-copy',
  parseTarget(config) {
    const directory = config.getString('directory');
    if (!path.isAbsolute(directory)) {
      throw new Error(`directory must be an absolute path, not "${directory}"`);
    }
    return { directory };
  },
  validate({ backup, source }) {
    if (!source || !isReadableBackupSource(source)) {
      throw new InputError(
        `Backups of source "${backup.sourceId}" are not files; a file-copy restore copies files`,
      );
    }
  },
  async execute({ target, backup, source, phases, logger, signal }) {
    if (!isReadableBackupSource(source)) {
      throw new InputError('Not a valid file-copy restore; validate it first');
    }
    const file = path.join(target.directory, path.basename(backup.key));
    // Written beside the file and renamed, so a failed copy leaves it as it was.
    const partial = `${file}.partial`;
    await phases.phase('copy', async () =>
      pipeline(
        await source.openReadStream(backup.key, { signal }),
        fs.createWriteStream(partial),
      ),
    );
    const bytes = (await fs.promises.stat(partial)).size;
    await phases.phase('switch', () => fs.promises.rename(partial, file));
    logger.info(`Copied ${backup.key} (${bytes} bytes) to ${file}`);
    return { output: { file, bytes } };
  },
};

/** The action's input: the approved parameters, as the DR API parsed them, and the approval. */
const fileCopyRestoreInputSchema = restoreParametersSchema
  .omit({ kind: true, namespace: true })
  .extend({
    approvalId: z.string().min(1).describe('The approved restore request'),
  });

const scaffolderModuleFileCopyRestore = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'dr-file-copy',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        sources: drBackupSourceRegistryServiceRef,
        targets: drRestoreTargetRegistryServiceRef,
      },
      async init({ scaffolderActions, auth, discovery, sources, targets }) {
        scaffolderActions.addActions(
          createRestoreAction({
            id: 'dr:restore:file-copy',
            description:
              'Copies an approved backup file into the directory of a file-copy restore target',
            examples: [],
            inputSchema: fileCopyRestoreInputSchema,
            output: { file: zi => zi.string(), bytes: zi => zi.number() },
            restorer: fileCopyRestorer,
            runOptions: () => ({}),
            access: new DrBackendAccess({ auth, discovery }),
            sources,
            targets,
          }),
        );
      },
    });
  },
});

/** The package's default export: the restore kind and its action, one `backend.add(...)`. */
export default createBackendFeatureLoader({
  *loader() {
    yield createRestorerFeature(fileCopyRestorer);
    yield scaffolderModuleFileCopyRestore;
  },
});
