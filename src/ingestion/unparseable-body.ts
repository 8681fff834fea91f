/**
 * Stands in for a body that could not be parsed on an inbound route, so the request still
 * reaches authentication and the message can be quarantined with its sender (not just refused).
 */
export class UnparseableBody {
  constructor(readonly reason: string) {}
}
