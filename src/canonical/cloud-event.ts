/** What the envelope is made of: one stored event as one recipient receives it. */
export interface CloudEventSource {
  eventId: string;
  eventType: string;
  /** Null for the hub's own events (`hub.*`), which concern no subject. */
  subjectId: string | null;
  eventTime: string;
  payload: Record<string, unknown>;
  agreementIds: string[];
  sequence: number;
  link: unknown;
  /** Raised by the bulk import of history (`hub import`): said so on the envelope. */
  backloaded?: boolean;
}

/** Where a receiver reads the JSON Schema of one event type's CloudEvent (served by the catalogue). */
export const EVENT_DOCS_PATH = '/docs/events';
export const eventSchemaPath = (type: string) => `${EVENT_DOCS_PATH}/${type}.schema.json`;

/**
 * The CloudEvents sequence extension is a String compared lexicographically: zero-padded to
 * 20 digits (a bigint's range), text order is numeric order.
 */
export const SEQUENCE_DIGITS = 20;
export const sequenceText = (sequence: number) => String(sequence).padStart(SEQUENCE_DIGITS, '0');

/**
 * The webhook body and feed item: a CloudEvents 1.0 structured event (api.md, events.md).
 * `agreement` names the agreement(s) relied on, space separated; `sequence` (text) and
 * `sequencenum` (the same number) increase per subject; `dataschema` names the type's schema,
 * relative to the hub like `source`; `linkbasis` and `linkscore` say how the message behind
 * the event was tied to the subject; `backloaded` (true, only when so) that the bulk import of
 * history raised it, not news as it happened. The hub's own events (`hub.*`) concern no subject and rely
 * on no agreement: they have no `subject`, `sequence` or `agreement`. Here, below delivery, so the catalogue's examples are
 * built by the same function the hub sends with.
 */
export function toCloudEvent(d: CloudEventSource, classification = 'OFFICIAL-SENSITIVE') {
  const { basis, score } = (d.link as { basis?: string; score?: number } | null) ?? {};
  const aboutSubject = d.subjectId !== null;
  return {
    specversion: '1.0',
    id: d.eventId,
    source: '/hub',
    type: d.eventType,
    ...(aboutSubject ? { subject: d.subjectId } : {}),
    time: d.eventTime,
    datacontenttype: 'application/json',
    dataschema: eventSchemaPath(d.eventType),
    ...(d.agreementIds.length ? { agreement: [...d.agreementIds].sort().join(' ') } : {}),
    classification,
    ...(aboutSubject ? { sequence: sequenceText(d.sequence), sequencenum: d.sequence } : {}),
    ...(basis ? { linkbasis: basis } : {}),
    // CloudEvents extension values are strings or integers, so the match probability goes as text.
    ...(typeof score === 'number' ? { linkscore: score.toFixed(4) } : {}),
    ...(d.backloaded ? { backloaded: true } : {}),
    data: d.payload,
  };
}

export type CloudEvent = ReturnType<typeof toCloudEvent>;
