/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import GetAppIcon from '@material-ui/icons/GetApp';
import { saveBlob } from '../../download';
import { errorMessage } from '../SectionState';

/**
 * A button that downloads one of the backend's CSV exports. Users the
 * backend refused the data to see it disabled, with the reason on hover,
 * instead of an error after clicking.
 */
export function CsvExportButton(props: {
  label: string;
  /** What is exported, for the error message ("the audit"). */
  what: string;
  download: () => Promise<Blob>;
  fileName: () => string;
  /** The backend refused this user the data (a 403). */
  forbidden?: boolean;
  forbiddenReason: string;
}) {
  const alertApi = useApi(alertApiRef);
  const [exporting, setExporting] = useState(false);
  const denied = Boolean(props.forbidden);

  const onExport = async () => {
    setExporting(true);
    try {
      saveBlob(await props.download(), props.fileName());
    } catch (error) {
      alertApi.post({
        message: `Could not export ${props.what}: ${errorMessage(
          error as Error,
        )}`,
        severity: 'error',
      });
    } finally {
      setExporting(false);
    }
  };

  return (
    // An empty title shows no tooltip.
    <Tooltip title={denied ? props.forbiddenReason : ''}>
      {/* A disabled button receives no pointer events; its wrapper does. */}
      <span>
        <Button
          variant="outlined"
          color="primary"
          startIcon={<GetAppIcon />}
          onClick={onExport}
          disabled={exporting || denied}
        >
          {exporting ? 'Exporting…' : props.label}
        </Button>
      </span>
    </Tooltip>
  );
}
