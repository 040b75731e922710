/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { ResponseError } from '@backstage/errors';

/** What users without `dr.posture.read` on an entity are told. */
export const POSTURE_FORBIDDEN =
  'Reading DR data needs the dr.posture.read permission on this entity. Ask its owners or the platform team for access.';

/** The HTTP status of a failed DR API call, when there was a response. */
export function errorStatus(error: Error): number | undefined {
  return (error as Partial<ResponseError>).statusCode;
}

/** What the server said went wrong, without the HTTP boilerplate. */
export function errorMessage(error: Error): string {
  return (error as Partial<ResponseError>).cause?.message || error.message;
}

/** Props of {@link SectionError}. */
export interface SectionErrorProps {
  error: Error;
  /** What could not be loaded, e.g. "the backups". */
  what: string;
  /** Shown instead of the server's message when the caller lacks permission. */
  forbiddenMessage?: string;
  onRetry?: () => void;
}

/**
 * A failed load, said plainly: what failed, why, and a way to try again.
 * Permission and session problems get their own words since retrying does
 * not help with them.
 */
export function SectionError(props: SectionErrorProps) {
  const { error, what, forbiddenMessage, onRetry } = props;
  const status = errorStatus(error);
  if (status === 403) {
    return (
      <Alert severity="info">
        <AlertTitle>You cannot see {what}</AlertTitle>
        {forbiddenMessage ?? errorMessage(error)}
      </Alert>
    );
  }
  if (status === 401) {
    return (
      <Alert severity="warning">
        <AlertTitle>Your session has ended</AlertTitle>
        Sign in again to see {what}.
      </Alert>
    );
  }
  return (
    <Alert
      severity="error"
      action={
        onRetry && (
          <Button color="inherit" size="small" onClick={onRetry}>
            Try again
          </Button>
        )
      }
    >
      <AlertTitle>Could not load {what}</AlertTitle>
      {errorMessage(error)}
    </Alert>
  );
}

/** A section still loading, announced to assistive technology. */
export function SectionLoading(props: { what: string }) {
  return (
    <Box py={2}>
      <LinearProgress aria-label={`Loading ${props.what}`} />
    </Box>
  );
}

/** The state of a load, as react-use's async hooks report it. */
export interface LoadState<T> {
  loading: boolean;
  error?: Error;
  value?: T;
  retry?: () => void;
}

/** Props of {@link AsyncSection}. */
export interface AsyncSectionProps<T> {
  state: LoadState<T>;
  /** What is being loaded, e.g. "the backups". */
  what: string;
  forbiddenMessage?: string;
  children: (value: T) => ReactNode;
}

/**
 * Renders a section's loading, error or loaded state. While a loaded section
 * reloads, its content stays and a thin bar shows the reload.
 */
export function AsyncSection<T>(props: AsyncSectionProps<T>) {
  const { state, what, forbiddenMessage, children } = props;
  if (state.loading && state.value === undefined) {
    return <SectionLoading what={what} />;
  }
  if (state.error) {
    return (
      <SectionError
        error={state.error}
        what={what}
        forbiddenMessage={forbiddenMessage}
        onRetry={state.retry}
      />
    );
  }
  if (state.value === undefined) {
    return null;
  }
  return (
    <>
      {state.loading && <LinearProgress aria-label={`Reloading ${what}`} />}
      {children(state.value)}
    </>
  );
}

/** Props of {@link SectionEmpty}. */
export interface SectionEmptyProps {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}

/** A section with nothing to show yet: what is missing and how to fix it. */
export function SectionEmpty(props: SectionEmptyProps) {
  return (
    <Box py={2}>
      <Typography variant="subtitle1" component="p" gutterBottom>
        {props.title}
      </Typography>
      {props.children && (
        <Typography variant="body2" color="textSecondary" component="div">
          {props.children}
        </Typography>
      )}
      {props.action && <Box mt={2}>{props.action}</Box>}
    </Box>
  );
}
