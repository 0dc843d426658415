import { useState } from 'preact/hooks';

export function SignIn({ error, onSignIn }: { error?: string; onSignIn: (token: string) => Promise<void> }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="sign-in">
      <h1>Fleet console</h1>
      <p>Sign in with a personal access token. It stays in this tab's session storage and is sent only in the PRIVATE-TOKEN header.</p>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          await onSignIn(token.trim());
          setBusy(false);
        }}
      >
        <label for="token">Personal access token</label>
        <input id="token" name="token" type="password" autocomplete="off" required value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>Sign in</button>
      </form>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </main>
  );
}
