import type { OperationalEvent } from './operational-events.repository';

/** Operational events carry no personal data and disclose nothing under an agreement. */
export const OPERATIONAL_CLASSIFICATION = 'OFFICIAL';

/**
 * An operational event as a CloudEvent of the feed: the same envelope as a subject's event, but
 * `subject` names the subscription (`subscriptions/<id>`) and there is no `agreement` or
 * `sequence`, because nothing about a person is disclosed. Told apart by the `hub.` type prefix.
 */
export function toOperationalCloudEvent(e: OperationalEvent) {
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
