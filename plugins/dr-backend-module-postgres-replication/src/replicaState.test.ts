/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { parseLsn, replicaRow, type StandbyReading } from './replicaState';

const checkedAt = new Date('2026-12-01T03:00:00Z');
const lastCommit = new Date('2026-11-30T21:00:00Z');
const streaming: StandbyReading = {
  inRecovery: true,
  receiveLsn: '0/3000148',
  replayLsn: '0/3000148',
  replayedTransactionAt: lastCommit,
  receiver: 'streaming',
  replayPaused: false,
};
const primary = (currentLsn: string) => ({
  inRecovery: false,
  currentLsn,
  readAt: checkedAt,
  senders: [
    {
      applicationName: 'walreceiver',
      state: 'streaming',
      replayLsn: '0/3000148',
      replayLagSeconds: null,
      replyTime: checkedAt,
    },
  ],
});
const where = 'standby of source "replica" at db-2:5432';

describe('replicaRow', () => {
  it('reads LSNs as byte positions, the high part counting 4 GiB', () => {
    expect(parseLsn('16/B374D848')! - parseLsn('15/B374D848')!).toBe(2n ** 32n);
    expect(parseLsn('0/3000148')).toBe(0x3000148n);
    expect(parseLsn('nonsense')).toBeNull();
  });

  it("puts an idle primary's caught-up standby at the instant the primary was read, however old its last transaction", () => {
    const row = replicaRow({
      key: 'replica/standby',
      where,
      standby: streaming,
      primary: primary('0/3000148'),
      checkedAt,
    });
    expect(row).toMatchObject({
      type: 'wal',
      status: 'succeeded',
      completedAt: checkedAt,
      details: { replica: { lagBytes: 0, sender: { state: 'streaming' } } },
    });
  });

  it('puts a standby that is behind at its last replayed transaction, with the lag in bytes', () => {
    const row = replicaRow({
      key: 'replica/standby',
      where,
      standby: streaming,
      primary: primary('0/3000200'),
      checkedAt,
    });
    expect(row).toMatchObject({
      status: 'succeeded',
      completedAt: lastCommit,
      details: { replica: { lagBytes: 0xb8 } },
    });
  });

  it('never counts a standby whose lag cannot be known or that is no standby, and says why', () => {
    expect(
      replicaRow({
        key: 'replica/standby',
        where,
        standby: streaming,
        checkedAt,
      }).details,
    ).toMatchObject({
      continuityProblem: `how far ${where} is behind its primary is unknown: its last replayed transaction, of 2026-11-30T21:00:00.000Z, may be old only because the primary is idle. Configure primary so its current WAL position can be compared.`,
    });
    const promoted = replicaRow({
      key: 'replica/standby',
      where,
      standby: { ...streaming, inRecovery: false, receiver: null },
      primary: primary('0/3000148'),
      checkedAt,
    });
    expect(promoted.status).toBe('failed');
    expect(promoted.details.continuityProblem).toMatch(
      /is not in recovery \(pg_is_in_recovery\(\) is false\): it was promoted/,
    );
  });
});
