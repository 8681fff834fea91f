/** The message types of court-outcomes.md; kept apart from the DTO so rules can use them without its decorators. */
export const MESSAGE_TYPES = ['HEARING_RESULTED', 'ORDER_VARIED', 'ORDER_DISCHARGED'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export function isMessageType(value: unknown): value is MessageType {
  return (MESSAGE_TYPES as readonly unknown[]).includes(value);
}
