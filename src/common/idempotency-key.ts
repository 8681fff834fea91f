/** An Idempotency-Key header value the hub accepts (inbound messages, subscription creates): 1-255 printable ASCII. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
