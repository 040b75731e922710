/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { parseBackupSourcesAnnotation } from './backupSources';

describe('parseBackupSourcesAnnotation', () => {
  it('splits entries at commas and each at its first colon', () => {
    expect(
      parseBackupSourcesAnnotation(
        ' s3-prod : orders-db/ ,velero-prod:app=orders&tier=db, , velero-prod',
      ),
    ).toEqual([
      { sourceId: 's3-prod', selector: 'orders-db/' },
      { sourceId: 'velero-prod', selector: 'app=orders&tier=db' },
      { sourceId: 'velero-prod', selector: '' },
    ]);
  });

  it('keeps colons inside the selector and drops repeated entries', () => {
    expect(
      parseBackupSourcesAnnotation('vol:a:b, vol:a:b, :orphan, vol : a:b'),
    ).toEqual([
      { sourceId: 'vol', selector: 'a:b' },
      { sourceId: '', selector: 'orphan' },
    ]);
  });

  it('reads nothing from an empty value', () => {
    expect(parseBackupSourcesAnnotation(' , ')).toEqual([]);
  });
});
