import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor, DomainError } from '@app/domain';
import { Clock } from '@app/common/clock';
import type { InboundCloudEvent } from '@app/kafka/inbound/cloud-event-envelope';
import { checkSchemaVersion, type InboundTopicHandler, type PreparedMessage } from '@app/kafka/inbound/inbound-handler';
import { InboundRejection } from '@app/kafka/inbound/inbound-rejection';
import { describeErrors } from '@app/kafka/inbound/json-schema-validator';
import { ChangeDirectoryCommand } from './change-directory.command';
import { DIRECTORY_DATA_VALIDATORS, DIRECTORY_MESSAGE_TYPES } from './directory-messages';

export const DIRECTORY_EVENTS_ACTOR: Actor = { type: 'system', name: 'kafka:directory-events' };

/**
 * runner-registry.directory-events: users, tokens (digests), groups, projects, memberships,
 * registration tokens and instance settings, provisioned (the seed loader's commands) or changed
 * later, always through directory commands, so authentication and access change at once, without
 * a restart. A command the domain refuses (a change to an unknown user…) is dead-lettered.
 */
@Injectable()
export class DirectoryEventsHandler implements InboundTopicHandler {
  readonly name = 'directory-events';

  constructor(private readonly commands: CommandBus, private readonly clock: Clock) {}

  prepare(event: InboundCloudEvent): PreparedMessage {
    const messageType = Object.prototype.hasOwnProperty.call(DIRECTORY_MESSAGE_TYPES, event.type) ? DIRECTORY_MESSAGE_TYPES[event.type] : undefined;
    if (!messageType) {
      throw new InboundRejection('unknown-type', `directory-events carries no type "${event.type}" (known: ${Object.keys(DIRECTORY_MESSAGE_TYPES).join(', ')})`);
    }
    checkSchemaVersion(event);
    const validate = DIRECTORY_DATA_VALIDATORS[messageType.schema];
    if (!validate(event.data)) throw new InboundRejection('schema-violation', describeErrors(validate.errors, 'data'));

    const now = this.clock.now().toISOString();
    const { streamId, command } = messageType.toCommand(event.data, now);
    const context = { actor: DIRECTORY_EVENTS_ACTOR, correlationId: event.correlationid ?? event.id, causationId: event.id, now };
    return {
      streamId,
      apply: async (eventId) => {
        const outcome = await this.commands.execute(new ChangeDirectoryCommand(streamId, command, context, (_event, index) => eventId(index)));
        if (!outcome.ok) throw new InboundRejection('rejected-by-domain', `${command.type} on ${streamId}: ${outcome.error.kind} (${describe(outcome.error)})`);
        return outcome.value;
      },
    };
  }
}

/** GitLab's wording: the failed attributes (`username has already been taken`), else the message. */
function describe(error: DomainError): string {
  const attributes = Object.entries(error.attributeErrors).map(([attribute, messages]) => `${attribute} ${messages.join(', ')}`);
  return attributes.length > 0 ? attributes.join('; ') : error.message;
}
