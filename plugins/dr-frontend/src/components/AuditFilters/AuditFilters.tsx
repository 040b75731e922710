/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  DR_ANNOTATION_TIER,
  DR_AUDITED_ANNOTATIONS,
  DR_AUDITED_KINDS,
  OVERALL_STATUSES,
  type OverallStatus,
} from '@dr-suite/backstage-plugin-dr-common';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { formatOwner } from '../../formatting';
import type { AuditView } from '../../hooks/useAuditView';
import { overallStatusPresentation } from '../StatusChip';

const OWNER_FACET = 'relations.ownedBy';
const TIER_FACET = `metadata.annotations.${DR_ANNOTATION_TIER}`;

/**
 * The entities the audit can list: of an audited kind, with one of the
 * annotations that give objectives or backups (any one of them: the filters
 * are OR-ed).
 */
const AUDITABLE_ENTITIES = DR_AUDITED_ANNOTATIONS.map(annotation => ({
  kind: [...DR_AUDITED_KINDS],
  [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
}));

/**
 * Owners, kinds and tiers of the entities the audit can list, to offer as
 * choices: a choice that can never match is not offered.
 */
function useFilterOptions() {
  const catalogApi = useApi(catalogApiRef);
  const { value } = useAsync(async () => {
    const { facets } = await catalogApi.getEntityFacets({
      facets: ['kind', OWNER_FACET, TIER_FACET],
      filter: AUDITABLE_ENTITIES,
    });
    const values = (facet: string) =>
      (facets[facet] ?? []).map(f => f.value).sort();
    return {
      kind: values('kind'),
      owner: values(OWNER_FACET),
      tier: values(TIER_FACET),
    };
  }, [catalogApi]);
  // Typing any value still works while the options load or if they fail.
  return value ?? { kind: [], owner: [], tier: [] };
}

function MultiFilter(props: {
  id: string;
  label: string;
  options: string[];
  value: string[];
  onChange: (value: string[]) => void;
  getOptionLabel?: (option: string) => string;
}) {
  return (
    <Autocomplete
      id={props.id}
      multiple
      freeSolo
      size="small"
      ChipProps={{ size: 'small' }}
      options={props.options}
      value={props.value}
      getOptionLabel={props.getOptionLabel ?? (option => option)}
      onChange={(_event, value) => props.onChange(value as string[])}
      renderInput={params => (
        <TextField {...params} variant="outlined" label={props.label} />
      )}
    />
  );
}

/** Props of {@link AuditFilters}. */
export interface AuditFiltersProps {
  view: AuditView;
  onChange: (
    change: Partial<AuditView>,
    options?: { replace?: boolean },
  ) => void;
}

/** Search and filters of the audit table; every change lands in the URL. */
export function AuditFilters(props: AuditFiltersProps) {
  const { view, onChange } = props;
  const options = useFilterOptions();
  const [search, setSearch] = useState(view.search);

  // Follow the URL when it changes by navigation (back, a pasted link).
  useEffect(() => setSearch(view.search), [view.search]);
  useDebounce(
    () => {
      if (search !== view.search) {
        onChange({ search }, { replace: true });
      }
    },
    300,
    [search],
  );

  const filtered =
    view.search ||
    view.owner.length ||
    view.kind.length ||
    view.tier.length ||
    view.overall.length;

  return (
    <Grid container spacing={2} alignItems="center">
      <Grid item xs={12} md={3}>
        <TextField
          fullWidth
          id="dr-audit-search"
          size="small"
          variant="outlined"
          label="Search"
          placeholder="Name or title"
          value={search}
          onChange={event => setSearch(event.target.value)}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          }}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={2}>
        <Autocomplete
          id="dr-audit-overall"
          multiple
          size="small"
          ChipProps={{ size: 'small' }}
          options={OVERALL_STATUSES as OverallStatus[]}
          value={view.overall}
          getOptionLabel={status => overallStatusPresentation[status].label}
          onChange={(_event, overall) => onChange({ overall })}
          renderInput={params => (
            <TextField {...params} variant="outlined" label="Overall" />
          )}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={2}>
        <MultiFilter
          id="dr-audit-owner"
          label="Owner"
          options={options.owner}
          value={view.owner}
          getOptionLabel={formatOwner}
          onChange={owner => onChange({ owner })}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={2}>
        <MultiFilter
          id="dr-audit-kind"
          label="Kind"
          options={options.kind}
          value={view.kind}
          onChange={kind => onChange({ kind })}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={2}>
        <MultiFilter
          id="dr-audit-tier"
          label="Tier"
          options={options.tier}
          value={view.tier}
          onChange={tier => onChange({ tier })}
        />
      </Grid>
      <Grid item xs={12} md={1}>
        {filtered ? (
          <Button
            size="small"
            onClick={() =>
              onChange({
                search: '',
                owner: [],
                kind: [],
                tier: [],
                overall: [],
              })
            }
          >
            Clear
          </Button>
        ) : null}
      </Grid>
    </Grid>
  );
}
