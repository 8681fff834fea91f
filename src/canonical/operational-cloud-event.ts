/** Operational events carry no personal data and disclose nothing under an agreement. */
export const OPERATIONAL_CLASSIFICATION = 'OFFICIAL';

/** What an operational event's envelope is made of (src/delivery/operational-events.repository.ts). */
export interface OperationalEventSource {
  id: string;
  type: string;
  subscriptionId: string;
  createdAt: string;
  data: Record<string, unknown>;
}

/**
 * An operational event as a CloudEvent of the feed (docs/adr/0023): the same envelope as a
 * subject's event, but `subject` names the subscription (`subscriptions/<id>`) and there is no
 * `agreement` or `sequence`, because nothing about a person is disclosed. Told apart by the
 * `hub.` type prefix.
 */
export function toOperationalCloudEvent(e: OperationalEventSource) {
  return {
    specversion: '1.0',
    id: e.id,
    source: '/hub',
    type: e.type,
    subject: `subscriptions/${e.subscriptionId}`,
    time: e.createdAt,
    datacontenttype: 'application/json',
    classification: OPERATIONAL_CLASSIFICATION,
    data: e.data,
  };
}
