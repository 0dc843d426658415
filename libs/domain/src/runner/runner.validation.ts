import type { RunnerDetails } from './runner.types';

export const TAG_LIST_MAX_LENGTH = 50;
export const MINIMUM_TIMEOUT_SECONDS = 600;
export const MAINTENANCE_NOTE_MAX_LENGTH = 1024;

/**
 * GitLab's Ci::Runner model validations, with its attribute names and wording, because clients
 * read these messages. `tagListChanged` mirrors GitLab: the 50-tag limit is only enforced when the
 * tags change, so a runner already over the limit can still be paused.
 */
export function validateRunnerDetails(details: RunnerDetails, tagListChanged: boolean): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (attribute: string, message: string) => (errors[attribute] ??= []).push(message);

  if (details.maximumTimeout !== null && details.maximumTimeout < MINIMUM_TIMEOUT_SECONDS) {
    add('maximum_timeout', 'needs to be at least 10 minutes');
  }
  if (details.maintenanceNote !== null && [...details.maintenanceNote].length > MAINTENANCE_NOTE_MAX_LENGTH) {
    add('maintenance_note', `is too long (maximum is ${MAINTENANCE_NOTE_MAX_LENGTH} characters)`);
  }
  if (details.tagList.length === 0 && !details.runUntagged) {
    add('tags_list', 'can not be empty when runner is not allowed to pick untagged jobs');
  }
  if (tagListChanged && details.tagList.length > TAG_LIST_MAX_LENGTH) {
    add('tags_list', `Too many tags specified. Please limit the number of tags to ${TAG_LIST_MAX_LENGTH}`);
  }
  return errors;
}

/** Tags as GitLab stores them: trimmed, blanks dropped, duplicates removed, first spelling kept. */
export function normalizeTagList(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (tag === '' || seen.has(tag)) continue;
    seen.add(tag);
    result.push(tag);
  }
  return result;
}
