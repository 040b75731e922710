/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createBackend } from '@backstage/backend-defaults';
import { authModuleDemoProvider } from './modules/demoSignIn';
import { drModuleDemoData } from './modules/demoData/module';
import { permissionModuleDrPolicy } from './modules/drPermissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(authModuleDemoProvider);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@dr-suite/backstage-plugin-catalog-backend-module-dr'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionModuleDrPolicy);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(import('@dr-suite/backstage-plugin-scaffolder-backend-module-dr'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
// DR plans and runbooks in search (`dr-runbook` documents).
backend.add(import('@dr-suite/backstage-plugin-search-backend-module-dr'));

// DR facts and checks in Tech Insights scorecards.
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@dr-suite/backstage-plugin-tech-insights-backend-module-dr'),
);

// The actions plugins register (the DR plugin's read-only ones) over MCP.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@dr-suite/backstage-plugin-dr-backend'));
backend.add(
  import('@dr-suite/backstage-plugin-dr-backend-module-cloudnative-pg'),
);
backend.add(import('@dr-suite/backstage-plugin-dr-backend-module-clickhouse'));
backend.add(import('@dr-suite/backstage-plugin-dr-backend-module-pgbackrest'));
backend.add(
  import('@dr-suite/backstage-plugin-dr-backend-module-postgres-replication'),
);
backend.add(import('@dr-suite/backstage-plugin-dr-backend-module-redis'));
backend.add(drModuleDemoData);

backend.start();
