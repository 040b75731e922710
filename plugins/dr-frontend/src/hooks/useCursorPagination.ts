/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useCallback, useState } from 'react';
import type { TablePaginationProps } from '@material-ui/core/TablePagination';

/** Page sizes offered below paginated tables. */
export const PAGE_SIZES = [10, 25, 50, 100];

/**
 * Page-by-page navigation of a list the backend pages with cursors: it
 * remembers the cursor of every page seen so "previous" works too. The total
 * is only known once the last page is reached.
 */
export function useCursorPagination(initialPageSize: number) {
  const [pageSize, setPageSize] = useState(initialPageSize);
  // cursors[i] fetches page i; the first page needs none.
  const [cursors, setCursors] = useState<Array<string | undefined>>([
    undefined,
  ]);
  const page = cursors.length - 1;
  const reset = useCallback(() => setCursors([undefined]), []);

  /** Props for MUI's TablePagination below the page just loaded. */
  const paginationProps = (
    itemCount: number,
    nextCursor: string | null,
  ): Pick<
    TablePaginationProps,
    | 'count'
    | 'page'
    | 'rowsPerPage'
    | 'rowsPerPageOptions'
    | 'onPageChange'
    | 'onRowsPerPageChange'
  > => ({
    count: nextCursor ? -1 : page * pageSize + itemCount,
    page,
    rowsPerPage: pageSize,
    rowsPerPageOptions: PAGE_SIZES,
    onPageChange: (_event, next) => {
      if (next > page && nextCursor) {
        setCursors([...cursors, nextCursor]);
      } else if (next < page) {
        setCursors(cursors.slice(0, next + 1));
      }
    },
    onRowsPerPageChange: event => {
      setPageSize(Number(event.target.value));
      reset();
    },
  });

  return { page, pageSize, cursor: cursors[page], reset, paginationProps };
}
