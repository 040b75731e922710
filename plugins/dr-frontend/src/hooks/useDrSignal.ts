/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useEffect, useRef } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import type { DrApprovalSignal } from '@dr-suite/backstage-plugin-dr-common';

/**
 * Calls `onSignal` for each signal the DR backend pushes on `channel`
 * (`DR_APPROVALS_SIGNAL_CHANNEL` or `drEntitySignalChannel(ref)`), so a
 * page re-reads what changed without a reload. Without the signals plugin
 * in the app nothing is pushed and the page works as before.
 */
export function useDrSignal(
  channel: string,
  onSignal: (signal: DrApprovalSignal) => void,
): void {
  const { lastSignal } = useSignal<DrApprovalSignal>(channel);
  // The latest callback, without re-subscribing when it changes.
  const callback = useRef(onSignal);
  callback.current = onSignal;
  useEffect(() => {
    if (lastSignal) callback.current(lastSignal);
  }, [lastSignal]);
}
