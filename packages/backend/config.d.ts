/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
export interface Config {
  /** The demo shop's generated DR data; for local development only. */
  drDemo?: {
    /** Generate demo backups and drills. */
    enabled?: boolean;
    /** The `dr.sources` entry of type filesystem the demo backups go to, default `demo`. */
    sourceId?: string;
  };
  /** The DR permission policy of this backend (modules/drPermissionPolicy.ts). */
  drPermissionPolicy?: {
    /** The group that sees the catalog-wide audit and approves any restore, default group:default/platform-team. */
    platformTeam?: string;
  };
  auth?: {
    providers?: {
      /** Development sign-in as one of these catalog users, without an identity provider. */
      demo?: {
        users: string[];
        dangerouslyAllowOutsideDevelopment?: boolean;
      };
    };
  };
}
