import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';
import { disconnect } from './live';
import { forgetToken, readToken, storeToken } from './session';
import { loadViewer, type Viewer } from './viewer';
import { BASE, routeOf, useLocation } from './router';
import { SignIn } from './pages/SignIn';
import { Overview } from './pages/Overview';
import { RunnerList } from './pages/RunnerList';
import { RunnerPage } from './pages/RunnerPage';
import { Link } from './ui/Link';
import { LiveIndicator } from './ui/LiveIndicator';

type Session = { state: 'checking' } | { state: 'signed-out'; error?: string } | { state: 'signed-in'; viewer: Viewer };

export function App() {
  const [session, setSession] = useState<Session>(() => (readToken() ? { state: 'checking' } : { state: 'signed-out' }));

  const signIn = async (token: string) => {
    try {
      const viewer = await loadViewer(token);
      storeToken(token);
      setSession({ state: 'signed-in', viewer });
    } catch (error) {
      forgetToken();
      setSession({ state: 'signed-out', error: error instanceof ApiError ? error.message : 'The service cannot be reached' });
    }
  };
  const signOut = () => {
    disconnect();
    forgetToken();
    setSession({ state: 'signed-out' });
  };

  useEffect(() => {
    const token = readToken();
    if (token) void signIn(token);
  }, []);

  if (session.state === 'checking') return <p class="loading" role="status">Signing in…</p>;
  if (session.state === 'signed-out') return <SignIn error={session.error} onSignIn={signIn} />;
  return <Shell viewer={session.viewer} onSignOut={signOut} />;
}

function Shell({ viewer, onSignOut }: { viewer: Viewer; onSignOut: () => void }) {
  const { path, search } = useLocation();
  const route = routeOf(path);
  const role = viewer.admin ? 'Administrator' : viewer.auditor ? 'Auditor' : viewer.canWrite ? 'Runner owner' : 'Read only';
  return (
    <>
      <header class="top">
        <a class="skip" href="#main">Skip to content</a>
        <span class="brand">Runner registry · Fleet console</span>
        <nav aria-label="Console">
          <Link href={BASE} current={route.page === 'list'}>Runners</Link>
          <Link href={`${BASE}/overview`} current={route.page === 'overview'}>Overview</Link>
        </nav>
        <LiveIndicator />
        <span class="who">
          Signed in as <strong>{viewer.username}</strong> <span class="role">({role})</span>
          <button type="button" class="secondary" onClick={onSignOut}>Sign out</button>
        </span>
      </header>
      <main id="main">
        {route.page === 'overview' ? <Overview viewer={viewer} /> : null}
        {route.page === 'list' ? <RunnerList viewer={viewer} search={search} /> : null}
        {route.page === 'runner' ? <RunnerPage key={route.id} viewer={viewer} id={route.id} /> : null}
        {route.page === 'missing' ? <h1>Page not found</h1> : null}
      </main>
    </>
  );
}
