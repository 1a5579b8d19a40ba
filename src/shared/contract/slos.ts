// SLO methods of the API contract (issue: SLOs and error budgets).
import type { ApiSpec } from './spec';

export const sloApi = {} as const satisfies ApiSpec;
