// The one API contract between the renderer and the main side. Every method has a zod
// schema for its input and its output; the main side validates every input (IPC and HTTP
// alike) and the renderer can trust every output. This file only merges the feature specs
// (one line each) and defines the call and push shapes. No node/electron/DOM imports here.
import { z } from 'zod';
import { alertApi } from './contract/alerts';
import { backupApi } from './contract/backups';
import { capacityApi } from './contract/capacity';
import { coreApi } from './contract/core';
import { incidentApi } from './contract/incidents';
import { metricsApi } from './contract/metrics';
import { noticesApi } from './contract/notices';
import { sloApi } from './contract/slos';
import { Topic, type ApiSpec, type MethodSpec } from './contract/spec';

export { Topic };

/** The API: method name → input and output schemas, and the topics its data depends on. */
export const api = { ...coreApi, ...sloApi, ...alertApi, ...noticesApi, ...incidentApi, ...capacityApi, ...backupApi, ...metricsApi } as const satisfies ApiSpec;

export type Api = typeof api;
export type Method = keyof Api;
/** What a caller sends (defaults not yet applied). */
export type Input<M extends Method> = z.input<Api[M]['input']>;
/** What a handler receives: the input after dispatch() has validated and transformed it. */
export type ParsedInput<M extends Method> = z.output<Api[M]['input']>;
export type Output<M extends Method> = z.infer<Api[M]['output']>;
/** What the main side sends: `output`, or for a method with an `answer` schema that (see MethodSpec.answer). */
export type Answer<M extends Method> = Api[M] extends { answer: infer S extends z.ZodType } ? z.infer<S> : Output<M>;

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(api, name);
}

/** Topics a successful call of `method` changes (none for a read). */
export function invalidatedBy(method: Method): readonly Topic[] {
  const spec: MethodSpec = api[method];
  return spec.invalidates ?? [];
}

/** Push events from the main side. */
export const PushEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('changed'), topics: z.array(Topic) }),
]);
export type PushEvent = z.infer<typeof PushEvent>;

/** Error payload for a failed call, on IPC and HTTP alike. */
export const ApiError = z.object({
  error: z.object({ code: z.enum(['BAD_INPUT', 'NOT_FOUND', 'INTERNAL', 'UNAUTHORIZED']), message: z.string() }),
});
export type ApiError = z.infer<typeof ApiError>;
