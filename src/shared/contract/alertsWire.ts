// The alert queue's packed wire form (serve mode's HTTP API, on request): the very same
// answer as `AlertQueue`, every row and field, in about a fifth of the bytes. Most of the
// 5 MB of plain JSON is key names, repeated strings (service, namespace, state, severity,
// tags, the response-target text) and values derivable from others in the same row (the
// group key is the JSON of its labels' values; a single alarm's occurrence key is
// `<arn prefix><name>@<firedAt>`). Each client pays per byte it receives and decompresses —
// under 50 concurrent clients that cost stacks — so the queue goes as a string table plus
// one tuple per row, and `unpackQueue` rebuilds the `AlertQueue` exactly (key order too).
// Derivations are checked when packing: a row that does not fit one goes explicit.
import type { AlertQueue, AlertQueueDelta, QueueGroup } from './alerts';

/** What a client sends in `Accept` to get packed answers, and what the server labels them with. */
export const PACKED_MEDIA_TYPE = 'application/vnd.opsdeck.packed+json';
const FORMAT = 'alertQueue/1';
const DELTA_FORMAT = 'alertQueueDelta/1';

type Cell = number | null | Cell[];

export interface PackedQueue {
  packed: typeof FORMAT;
  strings: string[];
  envelope: Omit<AlertQueue, 'groups'>;
  rows: Cell[][];
}

class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
  ofNullable(s: string | null): number | null {
    return s === null ? null : this.of(s);
  }
}

/** A record as [index of its keys' JSON, index of each value…]: key order kept. */
function packRecord(t: StringTable, r: Record<string, string>): Cell[] {
  const keys = Object.keys(r);
  return [t.of(JSON.stringify(keys)), ...keys.map((k) => t.of(r[k]!))];
}

function unpackRecord(s: readonly string[], cell: Cell[], keysCache: Map<number, string[]>): Record<string, string> {
  const at = cell[0] as number;
  let keys = keysCache.get(at);
  if (!keys) {
    keys = JSON.parse(s[at]!) as string[];
    keysCache.set(at, keys);
  }
  const out: Record<string, string> = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = s[cell[i + 1] as number]!;
    // As JSON.parse would: a tag named __proto__ is a tag, not the object's prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

/** `<prefix><name>@<firedAt>` → the prefix, when the key has that shape. */
function derivedOccurrencePrefix(key: string, row: QueueGroup): string | null {
  const tail = `${row.name}@${row.firedAt}`;
  return key.endsWith(tail) ? key.slice(0, key.length - tail.length) : null;
}

/**
 * One row as a tuple. The fields mostly null (a firing, untouched alert's) come last and
 * trailing nulls are left off; the group key is null there when it is the JSON of the labels'
 * values. Indexes: see unpackRow.
 */
function packRow(t: StringTable, g: QueueGroup): Cell[] {
  const timer = g.timer;
  const cells: Cell[] = [
    t.of(g.title),
    t.of(g.name),
    packRecord(t, g.labels),
    t.of(g.source),
    t.ofNullable(g.service),
    t.ofNullable(g.namespace),
    packRecord(t, g.tags),
    t.of(g.severity),
    t.of(JSON.stringify(g.severityDecidedBy)),
    t.of(g.severityReason),
    t.of(g.state),
    t.of(g.upstreamState),
    g.count,
    g.firingCount,
    g.firedAt,
    g.lastChangeAt - g.firedAt,
    // The due time goes only when it is not firing + target (it always is, today).
    timer === null ? null : [timer.targetMs, t.of(timer.targetLabel), timer.remainingMs, t.of(timer.status), ...(timer.dueAt - g.firedAt === timer.targetMs ? [] : [timer.dueAt - g.firedAt])],
    g.notify ? 1 : 0,
    t.ofNullable(g.runbookUrl),
    // Each occurrence key: its index, or −(index of its prefix) − 1 for `<prefix><name>@<firedAt>`.
    g.occurrenceKeys.map((k) => {
      const prefix = derivedOccurrencePrefix(k, g);
      return prefix === null ? t.of(k) : -t.of(prefix) - 1;
    }),
    g.key === JSON.stringify(Object.values(g.labels)) ? null : t.of(g.key),
    g.resolvedAt,
    g.acknowledgement === null ? null : [t.of(g.acknowledgement.by), g.acknowledgement.at],
    t.ofNullable(g.assignee),
    g.snoozedUntil,
    g.silence === null ? null : [t.of(g.silence.id), g.silence.endsAt, t.of(g.silence.reason)],
    g.maintenance === null ? null : [t.of(g.maintenance.id), t.of(g.maintenance.title), g.maintenance.endsAt],
    g.lastNote === null ? null : [t.of(g.lastNote.id), t.of(g.lastNote.author), g.lastNote.at, t.of(g.lastNote.body), t.of(g.lastNote.kind)],
  ];
  let end = cells.length;
  while (end > 0 && cells[end - 1] === null) end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

export function packQueue(queue: AlertQueue): PackedQueue {
  const t = new StringTable();
  const { groups, ...envelope } = queue;
  const rows = groups.map((g) => packRow(t, g));
  return { packed: FORMAT, strings: t.strings, envelope, rows };
}

/**
 * `packQueue` as JSON text, for a server answering version after version of one queue: a
 * row object seen before (patchQueue keeps the rows a journal write did not touch) is not
 * packed again, and the string table carries over between versions (strings are added, never
 * renumbered), so a new version costs its new rows plus joining text. The table starts afresh
 * once it holds far more strings than a version needs.
 */
export function queuePacker(): (queue: AlertQueue) => string {
  let table = new StringTable();
  let tableJson: string[] = [];
  let rowText = new WeakMap<QueueGroup, string>();
  return (queue) => {
    if (table.strings.length > 8 * queue.groups.length + 10_000) {
      table = new StringTable();
      tableJson = [];
      rowText = new WeakMap();
    }
    const { groups, ...envelope } = queue;
    const rows = groups.map((g) => {
      let text = rowText.get(g);
      if (text === undefined) {
        text = JSON.stringify(packRow(table, g));
        rowText.set(g, text);
      }
      return text;
    });
    for (let i = tableJson.length; i < table.strings.length; i++) tableJson.push(JSON.stringify(table.strings[i]));
    return `{"packed":${JSON.stringify(FORMAT)},"strings":[${tableJson.join(',')}],"envelope":${JSON.stringify(envelope)},"rows":[${rows.join(',')}]}`;
  };
}

export function isPackedQueue(value: unknown): value is PackedQueue {
  return typeof value === 'object' && value !== null && (value as { packed?: unknown }).packed === FORMAT;
}

/** An AlertQueueDelta packed: its rows as the full form's, over a string table of their own. */
export interface PackedQueueDelta extends Omit<AlertQueueDelta, 'rows' | 'kind'> {
  packed: typeof DELTA_FORMAT;
  strings: string[];
  rows: Cell[][];
}

export function packQueueDelta(delta: AlertQueueDelta): PackedQueueDelta {
  const t = new StringTable();
  const rows = delta.rows.map((g) => packRow(t, g));
  return { packed: DELTA_FORMAT, strings: t.strings, since: delta.since, envelope: delta.envelope, rows, removed: delta.removed, order: delta.order };
}

export function isPackedQueueDelta(value: unknown): value is PackedQueueDelta {
  return typeof value === 'object' && value !== null && (value as { packed?: unknown }).packed === DELTA_FORMAT;
}

export function unpackQueueDelta(packed: PackedQueueDelta): AlertQueueDelta {
  if (!isPackedQueueDelta(packed)) throw new Error(`not a packed alert queue delta (expected format ${DELTA_FORMAT})`);
  const unpack = rowUnpacker(packed.strings);
  return { kind: 'delta', since: packed.since, envelope: packed.envelope, rows: packed.rows.map((r) => unpack(r)), removed: packed.removed, order: packed.order };
}

export function unpackQueue(packed: PackedQueue): AlertQueue {
  if (!isPackedQueue(packed)) throw new Error(`not a packed alert queue (expected format ${FORMAT})`);
  const unpack = rowUnpacker(packed.strings);
  return { ...packed.envelope, groups: packed.rows.map((r) => unpack(r)) };
}

/** Turns rows packed over the string table `s` back into groups. */
function rowUnpacker(s: readonly string[]): (r: Cell[]) => QueueGroup {
  const keysCache = new Map<number, string[]>();
  // Parsed once per distinct text; an object is parsed again per row, so no two rows share one.
  const decidedBy = new Map<number, QueueGroup['severityDecidedBy']>();
  const decidedByOf = (c: Cell): QueueGroup['severityDecidedBy'] => {
    const known = decidedBy.get(c as number);
    if (typeof known === 'string') return known;
    const parsed = JSON.parse(str(c)) as QueueGroup['severityDecidedBy'];
    decidedBy.set(c as number, parsed);
    return parsed;
  };
  const str = (c: Cell): string => s[c as number]!;
  const strOrNull = (c: Cell): string | null => (c === null ? null : s[c as number]!);
  return (r): QueueGroup => {
    // Trailing nulls were left off.
    const at = (i: number): Cell => r[i] ?? null;
    const labels = unpackRecord(s, r[2] as Cell[], keysCache);
    const name = str(r[1]!);
    const firedAt = r[14] as number;
    const timer = r[16] as Cell[] | null;
    const key = at(20);
    const ack = at(22) as Cell[] | null;
    const silence = at(25) as Cell[] | null;
    const maintenance = at(26) as Cell[] | null;
    const note = at(27) as Cell[] | null;
    return {
      key: key === null ? JSON.stringify(Object.values(labels)) : str(key),
      title: str(r[0]!),
      name,
      labels,
      source: str(r[3]!) as QueueGroup['source'],
      service: strOrNull(r[4]!),
      namespace: strOrNull(r[5]!),
      tags: unpackRecord(s, r[6] as Cell[], keysCache),
      severity: str(r[7]!) as QueueGroup['severity'],
      severityDecidedBy: decidedByOf(r[8]!),
      severityReason: str(r[9]!),
      state: str(r[10]!) as QueueGroup['state'],
      upstreamState: str(r[11]!) as QueueGroup['upstreamState'],
      count: r[12] as number,
      firingCount: r[13] as number,
      firedAt,
      resolvedAt: at(21) as number | null,
      lastChangeAt: firedAt + (r[15] as number),
      timer:
        timer === null
          ? null
          : {
              dueAt: firedAt + (timer.length > 4 ? (timer[4] as number) : (timer[0] as number)),
              targetMs: timer[0] as number,
              targetLabel: str(timer[1]!),
              remainingMs: timer[2] as number | null,
              status: str(timer[3]!) as NonNullable<QueueGroup['timer']>['status'],
            },
      acknowledgement: ack === null ? null : { by: str(ack[0]!), at: ack[1] as number },
      assignee: strOrNull(at(23)),
      snoozedUntil: at(24) as number | null,
      silence: silence === null ? null : { id: str(silence[0]!), endsAt: silence[1] as number, reason: str(silence[2]!) },
      maintenance: maintenance === null ? null : { id: str(maintenance[0]!), title: str(maintenance[1]!), endsAt: maintenance[2] as number },
      notify: r[17] === 1,
      runbookUrl: strOrNull(r[18]!),
      occurrenceKeys: (r[19] as number[]).map((i) => (i >= 0 ? s[i]! : `${s[-i - 1]!}${name}@${firedAt}`)),
      lastNote: note === null ? null : { id: str(note[0]!), author: str(note[1]!), at: note[2] as number, body: str(note[3]!), kind: str(note[4]!) },
    };
  };
}

/** Answers that may come packed, by method: what turns them back into the contract's shape. */
export const PACKED_ANSWERS: Readonly<Record<string, (body: unknown) => unknown>> = {
  alertQueue: (body) => (isPackedQueueDelta(body) ? unpackQueueDelta(body) : unpackQueue(body as PackedQueue)),
};
