import type { DeliveryToSend } from './delivery.repository';

/**
 * The webhook body: a CloudEvents 1.0 structured event (api.md). `agreement` names the
 * agreement(s) relied on, space separated; `sequence` increases per subject; `linkbasis` and
 * `linkscore` say how the message behind the event was tied to the subject. The hub's own events
 * (`hub.*`) concern no subject and rely on no agreement: they have no `subject`, `sequence` or
 * `agreement`.
 */
export function toCloudEvent(
  d: Pick<
    DeliveryToSend,
    'eventId' | 'eventType' | 'subjectId' | 'eventTime' | 'payload' | 'agreementIds' | 'sequence' | 'link'
  >,
  classification = 'OFFICIAL-SENSITIVE',
) {
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
    ...(d.agreementIds.length ? { agreement: [...d.agreementIds].sort().join(' ') } : {}),
    classification,
    ...(aboutSubject ? { sequence: d.sequence } : {}),
    ...(basis ? { linkbasis: basis } : {}),
    // CloudEvents extension values are strings or integers, so the match probability goes as text.
    ...(typeof score === 'number' ? { linkscore: score.toFixed(4) } : {}),
    data: d.payload,
  };
}
