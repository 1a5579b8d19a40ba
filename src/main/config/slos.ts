// Default SLOs, straight from the seeds' "Availability SLOs" table: 30-day windows.
// The SLI is request-based: good = requests − 5xx responses, over ECommerce/Services metrics.
export interface AvailabilitySloDef {
  id: string;
  name: string;
  targetPct: number;
  windowDays: number;
  /** Services whose RequestCount and Http5xxCount make up the SLI (all of them for Overall). */
  services: string[];
}

export const SERVICES = ['order-service', 'customer-service', 'product-service', 'payment-service', 'search-service'] as const;

export const DEFAULT_AVAILABILITY_SLOS: readonly AvailabilitySloDef[] = [
  { id: 'order-availability', name: 'Order Service', targetPct: 99.9, windowDays: 30, services: ['order-service'] },
  { id: 'customer-availability', name: 'Customer Service', targetPct: 99.9, windowDays: 30, services: ['customer-service'] },
  { id: 'product-availability', name: 'Product Service', targetPct: 99.95, windowDays: 30, services: ['product-service'] },
  { id: 'payment-availability', name: 'Payment Service', targetPct: 99.99, windowDays: 30, services: ['payment-service'] },
  { id: 'search-availability', name: 'Search Service', targetPct: 99.5, windowDays: 30, services: ['search-service'] },
  { id: 'overall-availability', name: 'Overall Platform', targetPct: 99.9, windowDays: 30, services: [...SERVICES] },
];
