// Which cached queries a `changed` push makes stale. Pure, so it is tested on its own.
import type { Topic } from '@shared/api';
import { API_ROOT } from './queryKeys';

/** What the rule needs to know of the contract: the topics each method reads. */
export type TopicsOf = Readonly<Record<string, { readonly topics: readonly string[] }>>;

/**
 * True when `queryKey` is an API call whose method reads one of the `changed` topics.
 * Matching is exact: the method is looked up by name in the contract (own keys only), and
 * only its declared topics count — never other parts of the key.
 */
export function isInvalidatedBy(queryKey: readonly unknown[], changed: readonly Topic[] | ReadonlySet<string>, spec: TopicsOf): boolean {
  if (queryKey[0] !== API_ROOT) return false;
  const method = queryKey[1];
  if (typeof method !== 'string' || !Object.hasOwn(spec, method)) return false;
  const topics = changed instanceof Set ? changed : new Set<string>(changed as readonly string[]);
  return spec[method]!.topics.some((t) => topics.has(t));
}

/**
 * The contract's topics, loaded on demand: `@shared/api` brings zod, every contract's schemas,
 * re2js and luxon (~1 MB of source), none of which the first paint needs — only the first
 * `changed` push does. One load, shared by every push; pushes keep their order.
 */
let contractTopics: Promise<TopicsOf> | null = null;
export function loadContractTopics(): Promise<TopicsOf> {
  contractTopics ??= import('@shared/api').then((m) => m.api);
  return contractTopics;
}
