import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('starts on the demo sign-in page, offering each demo user', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };
    // Nobody chose a user yet, so the app asks who you are.
    window.localStorage.clear();
    // The app loads its sign-in page lazily: compiled before the clock starts.
    await import('./modules/signIn/DemoSignInPage');

    render(App.createRoot());

    // The whole app boots first (config, every plugin, the theme): under a
    // second alone, a few on a busy two-core machine.
    expect(
      await screen.findByText('Demo sign-in: choose who you are'),
    ).toBeInTheDocument();
    for (const user of ['Alice', 'Bob', 'Carol']) {
      expect(
        screen.getByRole('button', { name: `Sign in as ${user}` }),
      ).toBeInTheDocument();
    }
  });
});
