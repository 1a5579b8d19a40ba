// Addresses of the pages other pages link to (the Overview links to an SLO and an alert; a
// feature may not import another feature, so the hash formats live here, once).

/** One SLO: #/slos/<id>. */
export function sloHash(id: string): string {
  return `#/slos/${encodeURIComponent(id)}`;
}

/** One alert group: #/alerts/g/<key>. */
export function alertHash(key: string): string {
  return `#/alerts/g/${encodeURIComponent(key)}`;
}

/** Declaring an incident from an alert group: #/incidents/declare/<key> (the queue and the alert detail both offer it). */
export function declareFromAlertHash(key: string): string {
  return `#/incidents/declare/${encodeURIComponent(key)}`;
}
