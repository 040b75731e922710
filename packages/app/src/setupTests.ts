import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// These tests boot the whole app, which takes seconds when CI shares its two
// cores with other processes; the bounds absorb that, no test waits on them.
configure({ asyncUtilTimeout: 15_000 });
jest.setTimeout(30_000);
