import { nextLink } from '../api';
import { consoleSearch, filtersOf, firstPageUrl, stillMatches } from './list-filters';

describe('the runner list URLs', () => {
  it('asks for a keyset page by id with the filters set, and leaves the unset ones out', () => {
    const filters = filtersOf(new URLSearchParams('status=online&tag_list=linux, docker,&sort=asc'));
    expect(firstPageUrl('/api/v4/runners/all', filters, 50)).toBe(
      '/api/v4/runners/all?pagination=keyset&order_by=id&sort=asc&per_page=50&status=online&tag_list=linux%2Cdocker',
    );
  });

  it('searches descriptions through the API, and a live row that no longer matches the search leaves', () => {
    const filters = filtersOf(new URLSearchParams('search= Builder '));
    expect(firstPageUrl('/api/v4/runners/all', filters, 20)).toBe('/api/v4/runners/all?pagination=keyset&order_by=id&sort=desc&per_page=20&search=Builder');
    const runner = { status: 'online', paused: false, runner_type: 'instance_type' };
    expect(stillMatches({ ...runner, description: 'linux builder' }, filters)).toBe(true);
    expect(stillMatches({ ...runner, description: 'deployer' }, filters)).toBe(false);
    expect(stillMatches({ ...runner, description: null }, filters)).toBe(false);
    // The API's rule (parseRunnerSearch): every term of 3 characters or more, in any order; shorter ones only whole.
    expect(stillMatches({ ...runner, description: 'builder for linux' }, filtersOf(new URLSearchParams('search=linux builder')))).toBe(true);
    expect(stillMatches({ ...runner, description: 'golang' }, filtersOf(new URLSearchParams('search=go')))).toBe(false);
  });

  it("keeps the console's own URL short: no default order, no empty filter", () => {
    expect(consoleSearch(filtersOf(new URLSearchParams('')))).toBe('');
    expect(consoleSearch(filtersOf(new URLSearchParams('type=group_type&sort=asc')))).toBe('type=group_type&sort=asc');
  });

  it("follows the Link header's next page on the page's own origin (EXTERNAL_URL may differ)", () => {
    const link = '<http://gitlab.example.com/api/v4/runners/all?cursor=abc&pagination=keyset>; rel="next"';
    expect(nextLink(link)).toBe('/api/v4/runners/all?cursor=abc&pagination=keyset');
    expect(nextLink(null)).toBeNull();
    expect(nextLink('<http://x/a>; rel="prev"')).toBeNull();
  });
});
