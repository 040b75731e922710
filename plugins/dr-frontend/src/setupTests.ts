import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';
import { loadCodeSnippets } from './__testUtils__/codeSnippet';

// The renders are fast (see below), but CI shares two cores with other
// processes: a stalled scheduler must not fail a test whose page is right.
// These bounds only absorb such stalls; no test waits for them to pass.
configure({ asyncUtilTimeout: 5_000 });
jest.setTimeout(20_000);

// Code snippets appear at once, as they would in the built app, instead of
// whenever their lazily imported modules finish compiling.
beforeAll(() => loadCodeSnippets());

// jsdom has no layout, so MUI's auto-growing textarea measures nothing here;
// yet each measurement reads the computed style of the textarea and all its
// ancestors, matching each against every MUI style rule: about 30 ms per
// render of each multiline field. A plain textarea of the minimum height
// renders the same field.
jest.mock('@material-ui/core/TextareaAutosize', () => {
  const { createElement, forwardRef } = jest.requireActual('react');
  const Textarea = forwardRef(function PlainTextarea(
    props: Record<string, unknown>,
    ref: unknown,
  ) {
    const { minRows, maxRows, rowsMin, rowsMax, ...textareaProps } = props;
    return createElement('textarea', {
      ...textareaProps,
      rows: minRows ?? rowsMin,
      ref,
    });
  });
  return { __esModule: true, default: Textarea };
});
