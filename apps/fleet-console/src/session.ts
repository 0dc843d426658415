/**
 * The personal access token lives in sessionStorage only: gone when the tab closes, never in a URL
 * (it would land in history and server logs), never in the HTML, never logged.
 */
const KEY = 'fleet-console.token';

export const readToken = (): string | null => sessionStorage.getItem(KEY);
export const storeToken = (token: string): void => sessionStorage.setItem(KEY, token);
export const forgetToken = (): void => sessionStorage.removeItem(KEY);
