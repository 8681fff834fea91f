/** One kind of problem the hub answers with: its status, title and the page its `type` URI names. */
export interface ProblemEntry {
  status: number;
  /** RFC 9457: the same for every occurrence of the problem; `detail` says what happened this time. */
  title: string;
  /** What it means, for the page at its `type` URI. */
  means: string;
  /** What the caller should do about it. */
  todo: string;
}

/**
 * Every problem the hub throws, by code: `throw new ProblemException('SUBJECT_NOT_FOUND', detail)`.
 * A code not listed here fails typecheck; each is documented at `/docs/problems/<code>` (its
 * problem `type`), generated from this table. Statuses are api.md's and must not change.
 */
export const PROBLEM_CATALOGUE = {
  // ---- any request -------------------------------------------------------------------------
  VALIDATION_FAILED: {
    status: 422,
    title: 'Some fields are not valid',
    means:
      'The request was read, but fields in it break the contract. errors[] names each one by its dotted path (offences[0].finding; for XML, element names such as Applicant.DateOfBirth).',
    todo: 'Correct every field errors[] names and send again. An inbound message refused this way is kept, quarantined with this answer, so nothing is lost; resending with the same Idempotency-Key is safe.',
  },
  QUERY_PARAMETER_INVALID: {
    status: 400,
    title: 'A query parameter is not valid',
    means:
      'A query parameter (limit, a cursor, a filter) is missing, malformed or out of range. errors[] names each one, when it can.',
    todo: 'Correct the parameters errors[] names. Cursors must be ones the same endpoint gave, unchanged.',
  },
  BODY_NOT_WELL_FORMED: {
    status: 400,
    title: 'The body could not be read',
    means:
      'The body is not well-formed JSON or XML, or uses something the hub refuses before reading (a DOCTYPE or entities in XML, JSON nested too deep).',
    todo: 'Send a well-formed body in the format of the contract. An inbound message refused this way is still kept, quarantined.',
  },
  BODY_TOO_LARGE: {
    status: 413,
    title: 'The body is too large',
    means: 'The request body is larger than 1 MiB.',
    todo: 'Split the content into smaller messages.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'The content type is not accepted here',
    means:
      'The Content-Type of the request is not one this endpoint reads (JSON sources take application/json, the passport watchlist application/xml).',
    todo: 'Send the body with the content type the contract gives for this endpoint.',
  },
  JUSTIFICATION_REQUIRED: {
    status: 400,
    title: 'A justification is required',
    means:
      'Reading a record is a consultation the audit log must justify (Data Protection Act 2018 s.62): the X-Justification header is missing or not 5-500 characters.',
    todo: 'Send an X-Justification header saying why the record is read.',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    title: 'There is nothing at this path',
    means: 'No endpoint of the hub answers this method and path.',
    todo: 'Check the path against the API document at /docs.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: 'A service the hub depends on is unavailable',
    means: 'Postgres, Redis or another service the hub needs did not answer in time. Nothing was half-done.',
    todo: 'Retry shortly (the Retry-After header says when). Resending an inbound message with the same Idempotency-Key is safe.',
  },
  INTERNAL_ERROR: {
    status: 500,
    title: 'The hub could not process the request',
    means: 'Something went wrong inside the hub. Nothing internal is shown; the hub logged it.',
    todo: 'Retry once; if it persists, tell the hub operators, quoting the time and the request id.',
  },

  // ---- authentication and authority --------------------------------------------------------
  UNAUTHENTICATED: {
    status: 401,
    title: 'The bearer token was not accepted',
    means:
      'The token is missing, malformed, expired, not yet valid, for another audience, not signed by a key of the agency it names, or (with a jti) already used.',
    todo: "Mint a fresh token as the contract says (iss = your agency id, aud the hub's, exp at most 10 minutes ahead) and send it as Authorization: Bearer.",
  },
  SCOPE_REQUIRED: {
    status: 403,
    title: 'The token lacks the scope this needs',
    means: 'The token is valid, but does not carry the scope this endpoint needs.',
    todo: 'Ask for the scope detail names when minting the token, if your agency may hold it.',
  },
  SCOPE_NOT_ALLOWED: {
    status: 403,
    title: 'The agency may not hold that scope',
    means: "The token asks for a scope the agency's kind may not hold.",
    todo: 'Mint the token with only the scopes of your kind of agency (api.md).',
  },
  REPLAY_CHECK_UNAVAILABLE: {
    status: 503,
    title: 'The token could not be checked for replay',
    means: 'The token carries a jti, and the hub could not record it to refuse a second use.',
    todo: 'Retry shortly with a fresh token.',
  },

  // ---- inbound messages --------------------------------------------------------------------
  INBOUND_SOURCE_UNKNOWN: {
    status: 404,
    title: 'There is no such inbound source',
    means: 'The path names no inbound adapter of the hub.',
    todo: 'Push to the source of your kind of agency; the list is in the API document (POST /v1/inbound/{source}).',
  },
  INBOUND_SOURCE_FORBIDDEN: {
    status: 403,
    title: 'Your kind of agency may not push this source',
    means:
      'Each source takes messages from one kind of agency only (courts: court-outcomes, police: pnc, and so on). The message is kept, quarantined.',
    todo: 'Push through the adapter of your own kind of agency.',
  },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    title: 'An Idempotency-Key is required',
    means:
      'Every inbound message needs an Idempotency-Key header of 1-255 printable ASCII characters. The message is kept, quarantined.',
    todo: 'Send the message again with an Idempotency-Key; use the same key when you resend the same message.',
  },
  IDEMPOTENCY_KEY_IN_PROGRESS: {
    status: 409,
    title: 'The same message is still being processed',
    means: 'A request with this Idempotency-Key is being processed now.',
    todo: 'Retry shortly with the same key: you will get the first answer.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'This Idempotency-Key was used with a different body',
    means:
      'The key belongs to another request your agency sent (an inbound message, or a POST /v1/subscriptions). An inbound message refused this way is kept, quarantined; the first keeps the key.',
    todo: 'Give every different request its own key.',
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    title: 'The Idempotency-Key is not valid',
    means: 'An Idempotency-Key header was sent, but it is not 1-255 printable ASCII characters.',
    todo: 'Send a key of 1-255 printable ASCII characters (a UUID will do), or none.',
  },

  // ---- subjects, merges and identity reviews -----------------------------------------------
  MAPPA_ACTION_NOT_FOUND: {
    status: 404,
    title: 'No such action of yours',
    means:
      'Your agency owns no MAPPA action with that id: it is unknown, or it is owned by another agency (the answer is the same, so ids reveal nothing).',
    todo: 'Use the actionId of an action your agency owns, as mappa.action.assigned gave it.',
  },
  SUBJECT_NOT_FOUND: {
    status: 404,
    title: 'No such subject',
    means: 'No subject that you may see has that id.',
    todo: 'Check the id; a subject your agreements do not let you see answers the same way as one that does not exist.',
  },
  SUBJECT_MERGED: {
    status: 301,
    title: 'The subject was merged into another',
    means: 'The subject was found to be the same person as another and merged into it; its record is read there.',
    todo: 'Follow the Location header, and keep the surviving id from now on.',
  },
  MERGE_INTO_ITSELF: {
    status: 422,
    title: 'A subject cannot be merged into itself',
    means: 'The survivor and the subject to merge are the same.',
    todo: 'Name two different subjects.',
  },
  SUBJECT_ALREADY_MERGED: {
    status: 409,
    title: 'A subject is already merged into another',
    means: 'The survivor or the subject to merge has already been merged into a third subject.',
    todo: 'Merge into the surviving subject instead, or undo the earlier merge first.',
  },
  SUBJECTS_KEPT_APART: {
    status: 409,
    title: 'These subjects were decided to be different people',
    means: 'An identity review decided KEEP_APART for these two subjects.',
    todo: 'If that decision was wrong, have it reviewed; the hub will not merge over it.',
  },
  MERGE_NOT_UNDOABLE: {
    status: 409,
    title: 'The merge could not be undone later, so it was not made',
    means:
      'A record cannot be rebuilt exactly from its history (it predates the command log), so an unmerge could not restore it.',
    todo: 'Tell the hub operators; the records must be reconciled by hand.',
  },
  MERGE_NOT_FOUND: {
    status: 404,
    title: 'No such merge',
    means: 'No merge into this subject matches what was named.',
    todo: 'Check the merge id or subject against the subject’s merge history.',
  },
  MERGE_ALREADY_UNDONE: {
    status: 409,
    title: 'The merge has already been undone',
    means: 'The merge was undone before.',
    todo: 'Nothing to do.',
  },
  UNMERGE_BLOCKED_BY_LATER_MERGE: {
    status: 409,
    title: 'A later merge must be undone first',
    means:
      'Since this merge the survivor was merged into another subject, or another subject was merged into it; undoing this one first would lose that history.',
    todo: 'Undo the later merge, then this one.',
  },
  IDENTITY_REVIEW_NOT_FOUND: {
    status: 404,
    title: 'No such identity review',
    means: 'No identity review has that id.',
    todo: 'Check the id against GET /v1/admin/identity-reviews.',
  },
  IDENTITY_REVIEW_ALREADY_DECIDED: {
    status: 409,
    title: 'The identity review was already decided',
    means: 'Someone decided this review before; detail says how.',
    todo: 'Nothing to do; a wrong decision is corrected by a merge or unmerge.',
  },
  IDENTITY_REVIEW_DECISION_INVALID: {
    status: 422,
    title: 'That decision does not fit this review',
    means: 'The decision names a candidate that is not one of this review, or a decision for another kind of review.',
    todo: 'Decide with one of the review’s candidates and a decision its kind allows.',
  },

  // ---- agreements, checks, subscriptions ---------------------------------------------------
  AGREEMENT_NOT_FOUND: {
    status: 404,
    title: 'No such agreement is loaded',
    means: 'No data-sharing agreement with that id is loaded from the configuration.',
    todo: 'Check the id against GET /v1/admin/agreements.',
  },
  AGREEMENT_ALREADY_SUSPENDED: {
    status: 409,
    title: 'The agreement is already suspended',
    means: 'The agreement was suspended before and is still suspended.',
    todo: 'Nothing to do; lift the suspension when it should apply again.',
  },
  AGREEMENT_NOT_SUSPENDED: {
    status: 404,
    title: 'The agreement is not suspended',
    means: 'There is no suspension of this agreement to lift.',
    todo: 'Nothing to do.',
  },
  PURPOSE_NOT_AGREED: {
    status: 403,
    title: 'No agreement gives your agency that purpose',
    means: 'A check is run for a purpose; no data-sharing agreement in force names your agency for this one.',
    todo: 'Run the check under the purpose of one of your agreements, or have an agreement made.',
  },
  NO_AGREEMENT_FOR_SUBSCRIPTION: {
    status: 403,
    title: 'No agreement lets you receive these events',
    means:
      'No data-sharing agreement lets your agency receive any of these event types for the subjects your filter admits.',
    todo: 'Subscribe to event types, and filter subjects, that one of your agreements covers.',
  },
  SUBSCRIPTION_NOT_FOUND: {
    status: 404,
    title: 'No such subscription',
    means: 'Your agency has no subscription with that id.',
    todo: 'Check the id against GET /v1/subscriptions.',
  },
  SUBSCRIPTION_HAS_NO_SECRET: {
    status: 409,
    title: 'This subscription has no secret',
    means:
      'Only a pushed subscription (webhook) signs with a secret of its own; a feed subscription has none to rotate.',
    todo: 'Rotate the secret of a webhook subscription.',
  },
  SUBSCRIPTION_NOT_PUSHED: {
    status: 409,
    title: 'Nothing is sent to this subscription',
    means:
      'A test event goes to the endpoint of a pushed subscription (webhook); a feed subscription is read, not sent to.',
    todo: 'Send the test to a webhook subscription, or read GET /v1/feed.',
  },

  // ---- deliveries, acknowledgements, replay ------------------------------------------------
  EVENT_NOT_RECEIVED: {
    status: 404,
    title: 'Your agency has not received that event',
    means: 'Only an event delivered to your agency can be acknowledged.',
    todo: 'Check the event id (the webhook-id or feed entry id).',
  },
  DELIVERY_NOT_FOUND: {
    status: 404,
    title: 'No such delivery',
    means: 'No delivery has that id.',
    todo: 'Check the id against GET /v1/admin/deliveries.',
  },
  EVENT_NO_LONGER_HELD: {
    status: 404,
    title: 'The event is no longer held',
    means: 'The event of this delivery has been erased under the retention rules.',
    todo: 'Nothing can be sent again.',
  },
  REPLAY_OF_FEED_ENTRY: {
    status: 409,
    title: 'A feed entry is not replayed',
    means: 'Feed entries are pulled, not sent.',
    todo: 'The agency reads the feed again from an earlier cursor.',
  },
  DELIVERY_ALREADY_WAITING: {
    status: 409,
    title: 'The delivery is already waiting to be sent',
    means: 'The delivery is queued or being retried.',
    todo: 'Nothing to do; watch its status.',
  },
  DELIVERY_ALREADY_DELIVERED: {
    status: 409,
    title: 'The delivery was delivered',
    means: 'A delivered message is not sent again under the same webhook-id.',
    todo: 'To send it again as a new message, replay a window (POST /v1/admin/replay).',
  },
  DELIVERY_STATE_CHANGED: {
    status: 409,
    title: 'The delivery changed while being replayed',
    means: 'Another request or the worker changed the delivery at the same moment.',
    todo: 'Look at the delivery again and decide anew.',
  },
  SUBSCRIPTION_NOT_ACTIVE: {
    status: 409,
    title: 'The subscription is not active',
    means: 'The subscription was paused, cancelled or removed: there is nowhere to send to.',
    todo: 'The agency must subscribe again.',
  },
  REPLAY_WINDOW_INVALID: {
    status: 422,
    title: 'The replay window cannot be replayed',
    means:
      'The window is empty, too large, or names a subscription that does not exist or is a feed. errors[] or detail says which.',
    todo: 'Correct the window: to after from, an existing webhook subscription, and at most the number of events detail names.',
  },

  // ---- retention, audit --------------------------------------------------------------------
  SUBJECT_ALREADY_ERASED: {
    status: 409,
    title: 'The subject was already erased',
    means: "The subject's records were erased before; detail says when.",
    todo: 'Nothing to do.',
  },
  RETENTION_NOT_ENDED: {
    status: 409,
    title: 'The records must still be kept',
    means:
      "The retention period of this subject's records has not ended; detail says until when, or why it cannot end yet.",
    todo: 'Erase when the retention period has ended.',
  },
  CHECKPOINT_INVALID: {
    status: 422,
    title: 'Not an audit checkpoint of this hub',
    means:
      "The checkpoint is not a compact JWS of an audit checkpoint signed with the hub's current key, or its content is not understood.",
    todo: 'Send a checkpoint exactly as GET /v1/audit/checkpoint gave it.',
  },
} as const satisfies Record<string, ProblemEntry>;

export type ProblemCode = keyof typeof PROBLEM_CATALOGUE;

export const PROBLEM_CODES = Object.keys(PROBLEM_CATALOGUE) as ProblemCode[];

/** Where a problem's page lives: `/docs/problems/subject-not-found`. */
export const PROBLEM_DOCS_PATH = '/docs/problems';

export function problemSlug(code: ProblemCode): string {
  return code.toLowerCase().replaceAll('_', '-');
}

/**
 * The problem `type`: a relative reference to its page on this hub. RFC 9457 (3.1.1) resolves it
 * against the request's URL, so it names the page on whichever address the caller used.
 */
export function problemType(code: ProblemCode): string {
  return `${PROBLEM_DOCS_PATH}/${problemSlug(code)}`;
}
