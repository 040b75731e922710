/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { type Config, ConfigReader } from '@backstage/config';
import {
  durationToMilliseconds,
  type HumanDuration,
  type JsonObject,
} from '@backstage/types';
import { readIntervalMs } from '@dr-suite/backstage-plugin-dr-node';

const DURATION_KEYS = ['frequency', 'timeout', 'initialDelay'] as const;

/**
 * Reads a task schedule under `key` the way Backstage reads schedules
 * (`readSchedulerServiceTaskScheduleDefinitionFromConfig`): `frequency` may
 * be `{ cron: '*\/5 * * * *' }`, `{ trigger: 'manual' }` or a duration.
 * Durations use the suite's one grammar (`15m`, `4h`, `90 days`, `PT15M`,
 * `{ minutes: 15 }`) like every other duration in its config; missing keys
 * take the defaults.
 * @internal
 */
export function readTaskSchedule(
  config: Config,
  key: string,
  defaults: {
    frequency: HumanDuration;
    timeout: HumanDuration;
    initialDelay?: HumanDuration;
  },
): Omit<SchedulerServiceTaskScheduleDefinition, 'scope'> & {
  scope: 'global' | 'local';
} {
  const own = config.getOptionalConfig(key);
  const data: JsonObject = { ...defaults };
  for (const name of DURATION_KEYS) {
    if (!own?.has(name)) continue;
    const value = own.get(name);
    const isSchedule =
      name === 'frequency' &&
      typeof value === 'object' &&
      value !== null &&
      ('cron' in value || 'trigger' in value);
    // Durations go through the suite's one parser; cron and manual
    // triggers through Backstage's reader below.
    data[name] = isSchedule
      ? value
      : { milliseconds: readIntervalMs(config, `${key}.${name}`) ?? 0 };
  }
  const scope = own?.getOptionalString('scope');
  if (scope) data.scope = scope;
  const schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
    new ConfigReader(data, `${key} in app-config`),
  );
  // One shape for every duration, whichever way it was written.
  const inMs = (duration: HumanDuration) => ({
    milliseconds: durationToMilliseconds(duration),
  });
  const { frequency } = schedule;
  return {
    ...schedule,
    frequency:
      'cron' in frequency || 'trigger' in frequency
        ? frequency
        : inMs(frequency as HumanDuration),
    timeout: inMs(schedule.timeout as HumanDuration),
    initialDelay: schedule.initialDelay
      ? inMs(schedule.initialDelay as HumanDuration)
      : undefined,
    scope: schedule.scope ?? 'global',
  };
}
