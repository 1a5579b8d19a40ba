// Alert-queue methods of the API contract (issue: alert queue).
import type { ApiSpec } from './spec';

export const alertApi = {} as const satisfies ApiSpec;
