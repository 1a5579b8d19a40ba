// A deployment or configuration change, as the timeline and the store keep it (from CloudTrail).
export interface ChangeRecord {
  eventId: string;
  /** Epoch ms. */
  at: number;
  eventSource: string;
  eventName: string;
  readOnly: boolean;
  username: string | null;
  resources: { type: string; name: string }[];
  /** A one-line description taken from requestParameters (deployment description, stack, …). */
  summary: string;
}
