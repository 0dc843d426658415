/**
 * The GitLab release whose Runners API this registry follows (lib/api/ci/runners.rb and
 * lib/api/ci/runner.rb of GitLab 18.0), as `GET /version`, `GET /metadata` and the OpenAPI document report it. Clients
 * gate features on it (python-gitlab, the Terraform provider). The revision names the registry's
 * own build rather than a GitLab commit: no GitLab code runs here.
 */
export const GITLAB_VERSION = '18.0.0';
export const GITLAB_REVISION = 'runner-registry';
