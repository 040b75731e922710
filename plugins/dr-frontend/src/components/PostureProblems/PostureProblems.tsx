/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type {
  PostureProblem,
  ProblemSeverity,
} from '@dr-suite/backstage-plugin-dr-common';

const SEVERITY_ORDER: ProblemSeverity[] = ['error', 'warning', 'info'];

/**
 * What is wrong with the entity's DR set-up (bad annotations, stale
 * sources, a missing plan), worst first, each with how to fix it.
 */
export function PostureProblems(props: { problems: PostureProblem[] }) {
  if (!props.problems.length) {
    return null;
  }
  const problems = [...props.problems].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  );
  return (
    <Box
      component="section"
      aria-label="Problems"
      display="flex"
      flexDirection="column"
      gridGap={8}
    >
      {problems.map((problem, index) => (
        <Alert key={`${problem.code}-${index}`} severity={problem.severity}>
          <AlertTitle>{problem.message}</AlertTitle>
          {problem.fix && (
            <Typography variant="body2">
              <strong>How to fix:</strong> {problem.fix}
            </Typography>
          )}
        </Alert>
      ))}
    </Box>
  );
}
