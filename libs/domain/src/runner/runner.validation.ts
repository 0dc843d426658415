import type { RunnerDetails } from './runner.types';

export const TAG_LIST_MAX_LENGTH = 50;
export const MINIMUM_TIMEOUT_SECONDS = 600;
export const MAINTENANCE_NOTE_MAX_LENGTH = 1024;
export const DESCRIPTION_MAX_LENGTH = 1024;
export const NAME_MAX_LENGTH = 256;

/** What a decision changes, for the validations GitLab runs only on a changed attribute. */
export interface ChangedAttributes {
  readonly tagList: boolean;
  readonly description: boolean;
  /** The runner's name when it is being set (registration's `info[name]`), else undefined. */
  readonly name?: string | null;
}

/** Rails counts characters (code points), not UTF-16 units. */
const tooLong = (value: string | null | undefined, maximum: number): boolean => typeof value === 'string' && [...value].length > maximum;

/**
 * GitLab's Ci::Runner model validations (app/models/ci/runner.rb), in its order, with its attribute
 * names and wording, because clients read these messages. As in GitLab, the 50-tag limit applies
 * only when the tags change (a runner already over it can still be paused), and the name and
 * description limits only when those change; the maintenance note's always.
 */
export function validateRunnerDetails(details: RunnerDetails, changed: ChangedAttributes): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (attribute: string, message: string) => (errors[attribute] ??= []).push(message);
  const tooLongMessage = (maximum: number) => `is too long (maximum is ${maximum} characters)`;

  if (details.tagList.length === 0 && !details.runUntagged) {
    add('tags_list', 'can not be empty when runner is not allowed to pick untagged jobs');
  }
  if (changed.tagList && details.tagList.length > TAG_LIST_MAX_LENGTH) {
    add('tags_list', `Too many tags specified. Please limit the number of tags to ${TAG_LIST_MAX_LENGTH}`);
  }
  if (tooLong(changed.name, NAME_MAX_LENGTH)) add('name', tooLongMessage(NAME_MAX_LENGTH));
  if (changed.description && tooLong(details.description, DESCRIPTION_MAX_LENGTH)) add('description', tooLongMessage(DESCRIPTION_MAX_LENGTH));
  if (details.maximumTimeout !== null && details.maximumTimeout < MINIMUM_TIMEOUT_SECONDS) {
    add('maximum_timeout', 'needs to be at least 10 minutes');
  }
  if (tooLong(details.maintenanceNote, MAINTENANCE_NOTE_MAX_LENGTH)) add('maintenance_note', tooLongMessage(MAINTENANCE_NOTE_MAX_LENGTH));
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
