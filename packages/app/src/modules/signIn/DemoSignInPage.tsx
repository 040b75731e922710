/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useState } from 'react';
import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import type { IdentityApi } from '@backstage/core-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import { Button, Grid, Typography } from '@material-ui/core';

/** Must match packages/backend/src/modules/demoSignIn.ts. */
const DEMO_USER_HEADER = 'x-dr-demo-user';
const STORAGE_KEY = 'dr-demo-user';

/** The users of examples/org.yaml a newcomer can act as. */
export const DEMO_USERS = [
  {
    name: 'alice',
    title: 'Alice',
    team: 'Orders team',
    description:
      'Develops the orders service. Requests restores to staging and records drills.',
  },
  {
    name: 'bob',
    title: 'Bob',
    team: 'Platform team',
    description:
      'Runs the platform. Approves restores and reads the catalog-wide DR audit.',
  },
  {
    name: 'carol',
    title: 'Carol',
    team: 'Payments team',
    description: 'Owns the payments service, whose DR drill is overdue.',
  },
];

/** Forgets the chosen user on sign-out, so the next visit asks again. */
function forgettingOnSignOut(identity: IdentityApi): IdentityApi {
  // The app's identity proxy still calls the deprecated getters of older identities.
  const legacy = identity as IdentityApi &
    Record<'getUserId' | 'getIdToken' | 'getProfile', () => any>;
  return {
    getUserId: () => legacy.getUserId(),
    getIdToken: () => legacy.getIdToken(),
    getProfile: () => legacy.getProfile(),
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      window.localStorage.removeItem(STORAGE_KEY);
      await identity.signOut();
    },
  } as IdentityApi;
}

/**
 * Sign-in for the demo: pick one of the demo users, then sign in through the
 * backend's development-only `demo` provider. Sign out to switch users.
 */
export function DemoSignInPage(props: SignInPageProps) {
  const [user, setUser] = useState(() =>
    window.localStorage.getItem(STORAGE_KEY),
  );

  if (user) {
    return (
      <ProxiedSignInPage
        {...props}
        provider="demo"
        headers={() => ({
          [DEMO_USER_HEADER]: window.localStorage.getItem(STORAGE_KEY) ?? '',
        })}
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgettingOnSignOut(identity))
        }
        ErrorComponent={({ error }) => (
          <Content>
            <Typography color="error" paragraph>
              Could not sign in as {user}: {error?.message}
            </Typography>
            <Button
              variant="contained"
              onClick={() => {
                window.localStorage.removeItem(STORAGE_KEY);
                setUser(null);
              }}
            >
              Choose another user
            </Button>
          </Content>
        )}
      />
    );
  }

  return (
    <Page themeId="home">
      <Header
        title="Backstage DR Suite"
        subtitle="Demo sign-in: choose who you are"
      />
      <Content>
        <Grid container spacing={3}>
          {DEMO_USERS.map(demoUser => (
            <Grid item xs={12} md={4} key={demoUser.name}>
              <InfoCard title={demoUser.title} subheader={demoUser.team}>
                <Typography paragraph>{demoUser.description}</Typography>
                <Button
                  variant="contained"
                  color="primary"
                  onClick={() => {
                    window.localStorage.setItem(STORAGE_KEY, demoUser.name);
                    setUser(demoUser.name);
                  }}
                >
                  Sign in as {demoUser.title}
                </Button>
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
