import { useState } from 'preact/hooks';
import { ApiError, send } from '../api';

/**
 * POST /runners/:id/reset_authentication_token. The new token is shown once, in this component's
 * state only: not stored, not logged, gone when the page is left or the dialog closed.
 */
export function ResetToken({ id, onReset }: { id: number; onReset: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reset = async () => {
    setConfirming(false);
    try {
      const body = await send<{ token: string }>('POST', `/api/v4/runners/${id}/reset_authentication_token`);
      setToken(body!.token);
      setError(null);
      onReset();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const copy = async () => {
    if (!token) return;
    await navigator.clipboard.writeText(token).then(() => setCopied(true), () => setCopied(false));
  };

  return (
    <div>
      {token ? (
        <div class="token" role="region" aria-label="New authentication token">
          <p>Copy the new token now: it will not be shown again. The runner must be given it before its next request.</p>
          <label for="new-token">New token</label>
          <input id="new-token" readOnly value={token} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => void copy()}>Copy token</button>
          <button type="button" class="secondary" onClick={() => { setToken(null); setCopied(false); }}>Done</button>
          {copied ? <span role="status">Copied</span> : null}
        </div>
      ) : confirming ? (
        <p class="confirm">
          The current token stops working at once.{' '}
          <button type="button" class="danger" onClick={() => void reset()}>Reset token</button>{' '}
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>Cancel</button>
        </p>
      ) : (
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>Reset authentication token</button>
      )}
      {error ? <p class="error" role="alert">{error}</p> : null}
    </div>
  );
}
