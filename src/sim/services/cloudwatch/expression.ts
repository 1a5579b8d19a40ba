// A subset of CloudWatch metric math, evaluated point by point: every supported function
// can be computed at one timestamp from the series' values at that (or the previous)
// timestamp, which is what lets GetMetricData page an expression exactly like a metric.
//
// Supported: numbers, query ids, + - * / ^, unary minus, parentheses;
//   SUM/AVG/MIN/MAX([a, b, …] | METRICS()) — pointwise across series (missing values skipped);
//   ABS(x), FILL(x, number), PERIOD(x), DIFF(x), RATE(x), METRICS() / METRICS("text").
// Not supported (answered with ValidationError): SUM(m1) over a single series (CloudWatch
// turns that into a scalar), expressions returning several series, SEARCH, SELECT (Metrics
// Insights), IF, ANOMALY_DETECTION_BAND and the other functions.

export type ExprNode =
  | { type: 'num'; value: number }
  | { type: 'str'; value: string }
  | { type: 'ref'; id: string }
  | { type: 'neg'; arg: ExprNode }
  | { type: 'bin'; op: '+' | '-' | '*' | '/' | '^'; left: ExprNode; right: ExprNode }
  | { type: 'array'; items: ExprNode[] }
  | { type: 'call'; name: string; args: ExprNode[] };

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

export const SUPPORTED_FUNCTIONS = ['SUM', 'AVG', 'MIN', 'MAX', 'ABS', 'FILL', 'PERIOD', 'DIFF', 'RATE', 'METRICS'] as const;

type Token = { kind: 'num'; value: number } | { kind: 'ident'; value: string } | { kind: 'str'; value: string } | { kind: 'punct'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9.]/.test(c)) {
      const m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m) throw new ExpressionError(`Unexpected character '${c}' at position ${i + 1}.`);
      tokens.push({ kind: 'num', value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'ident', value: m[0] });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError(`Unterminated string starting at position ${i + 1}.`);
      tokens.push({ kind: 'str', value: text.slice(i + 1, end) });
      i = end + 1;
    } else if ('+-*/^(),[]'.includes(c)) {
      tokens.push({ kind: 'punct', value: c });
      i++;
    } else {
      throw new ExpressionError(`Unexpected character '${c}' at position ${i + 1}.`);
    }
  }
  return tokens;
}

/** Parses a metric math expression; throws ExpressionError with the reason. */
export function parseExpression(text: string): ExprNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isPunct = (v: string): boolean => {
    const t = peek();
    return t?.kind === 'punct' && t.value === v;
  };
  const expect = (v: string): void => {
    if (!isPunct(v)) throw new ExpressionError(`Expected '${v}'${peek() ? ` but found '${String(peek()!.value)}'` : ' at the end of the expression'}.`);
    pos++;
  };

  const parseSum = (): ExprNode => {
    let left = parseProduct();
    while (isPunct('+') || isPunct('-')) {
      const op = (tokens[pos++] as { value: '+' | '-' }).value;
      left = { type: 'bin', op, left, right: parseProduct() };
    }
    return left;
  };
  const parseProduct = (): ExprNode => {
    let left = parseUnary();
    while (isPunct('*') || isPunct('/')) {
      const op = (tokens[pos++] as { value: '*' | '/' }).value;
      left = { type: 'bin', op, left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): ExprNode => {
    if (isPunct('-')) {
      pos++;
      return { type: 'neg', arg: parseUnary() };
    }
    if (isPunct('+')) {
      pos++;
      return parseUnary();
    }
    return parsePower();
  };
  const parsePower = (): ExprNode => {
    const base = parsePrimary();
    if (isPunct('^')) {
      pos++;
      return { type: 'bin', op: '^', left: base, right: parseUnary() };
    }
    return base;
  };
  const parseList = (close: string): ExprNode[] => {
    const items: ExprNode[] = [];
    if (isPunct(close)) {
      pos++;
      return items;
    }
    for (;;) {
      items.push(parseSum());
      if (isPunct(',')) {
        pos++;
        continue;
      }
      expect(close);
      return items;
    }
  };
  const parsePrimary = (): ExprNode => {
    const t = peek();
    if (!t) throw new ExpressionError('Unexpected end of expression.');
    pos++;
    if (t.kind === 'num') return { type: 'num', value: t.value };
    if (t.kind === 'str') return { type: 'str', value: t.value };
    if (t.kind === 'ident') {
      if (isPunct('(')) {
        pos++;
        return { type: 'call', name: t.value.toUpperCase(), args: parseList(')') };
      }
      return { type: 'ref', id: t.value };
    }
    if (t.value === '(') {
      const inner = parseSum();
      expect(')');
      return inner;
    }
    if (t.value === '[') return { type: 'array', items: parseList(']') };
    throw new ExpressionError(`Unexpected '${t.value}' at token ${pos}.`);
  };

  if (tokens.length === 0) throw new ExpressionError('The expression is empty.');
  const node = parseSum();
  if (pos < tokens.length) throw new ExpressionError(`Unexpected '${String(tokens[pos]!.value)}' after the end of the expression.`);
  return node;
}

/** What an expression needs from the queries around it. */
export interface SeriesContext {
  /** 'metric' or 'expression' for a known query id, null for an unknown one. */
  kindOf(id: string): 'metric' | 'expression' | null;
  /** Value of query `id` for the period starting at `t`; null when it has no datapoint. */
  valueAt(id: string, t: number): number | null;
  periodOf(id: string): number;
  /** Ids of the metric (MetricStat) queries, optionally those whose id or label contains `filter`. */
  metricIds(filter?: string): string[];
}

type ValueType = 'scalar' | 'series' | 'array';

/** Ids referenced directly by the expression (METRICS() expands to the metric queries). */
export function referencedIds(node: ExprNode, ctx: Pick<SeriesContext, 'metricIds'>): string[] {
  const out = new Set<string>();
  const walk = (n: ExprNode): void => {
    switch (n.type) {
      case 'ref':
        out.add(n.id);
        break;
      case 'neg':
        walk(n.arg);
        break;
      case 'bin':
        walk(n.left);
        walk(n.right);
        break;
      case 'array':
        n.items.forEach(walk);
        break;
      case 'call':
        if (n.name === 'METRICS') ctx.metricIds(n.args[0]?.type === 'str' ? n.args[0].value : undefined).forEach((id) => out.add(id));
        else n.args.forEach(walk);
        break;
      default:
        break;
    }
  };
  walk(node);
  return [...out];
}

/** Checks types and references; the whole expression must yield one time series. */
export function checkExpression(node: ExprNode, ctx: SeriesContext): void {
  const typeOf = (n: ExprNode): ValueType => {
    switch (n.type) {
      case 'num':
        return 'scalar';
      case 'str':
        throw new ExpressionError(`A string ("${n.value}") is only allowed as the argument of METRICS().`);
      case 'ref':
        if (!ctx.kindOf(n.id)) throw new ExpressionError(`Unrecognized identifier '${n.id}': no query in the request has that Id.`);
        return 'series';
      case 'neg':
        return typeOf(n.arg);
      case 'bin': {
        const l = typeOf(n.left);
        const r = typeOf(n.right);
        if (l === 'array' || r === 'array') return 'array';
        return l === 'series' || r === 'series' ? 'series' : 'scalar';
      }
      case 'array': {
        if (n.items.length === 0) throw new ExpressionError('An array of time series must not be empty.');
        for (const item of n.items) {
          if (typeOf(item) !== 'series') throw new ExpressionError('Every element of an array must be a single time series.');
        }
        return 'array';
      }
      case 'call':
        return callType(n.name, n.args);
    }
  };
  const callType = (name: string, args: ExprNode[]): ValueType => {
    const arity = (count: number): void => {
      if (args.length !== count) throw new ExpressionError(`${name} takes ${count} argument${count === 1 ? '' : 's'}, got ${args.length}.`);
    };
    switch (name) {
      case 'METRICS':
        if (args.length > 1 || (args.length === 1 && args[0]!.type !== 'str')) throw new ExpressionError('METRICS takes no argument or one string.');
        if (ctx.metricIds(args[0]?.type === 'str' ? args[0].value : undefined).length === 0) throw new ExpressionError('METRICS() matches no metric query in the request.');
        return 'array';
      case 'SUM':
      case 'AVG':
      case 'MIN':
      case 'MAX': {
        arity(1);
        const t = typeOf(args[0]!);
        if (t !== 'array') {
          throw new ExpressionError(`${name} of a single time series returns a scalar in CloudWatch; the simulator supports ${name}([m1, m2, …]) and ${name}(METRICS()) only.`);
        }
        return 'series';
      }
      case 'ABS':
        arity(1);
        return typeOf(args[0]!);
      case 'FILL': {
        arity(2);
        if (typeOf(args[0]!) !== 'series') throw new ExpressionError('The first argument of FILL must be a time series.');
        if (typeOf(args[1]!) !== 'scalar') throw new ExpressionError('The simulator supports FILL(series, number) only (not REPEAT or LINEAR).');
        return 'series';
      }
      case 'PERIOD':
      case 'DIFF':
      case 'RATE':
        arity(1);
        if (typeOf(args[0]!) !== 'series') throw new ExpressionError(`The argument of ${name} must be a single time series.`);
        return 'series';
      default:
        throw new ExpressionError(`Unsupported function ${name}. The simulator supports ${SUPPORTED_FUNCTIONS.join(', ')}.`);
    }
  };
  const t = typeOf(node);
  if (t === 'scalar') throw new ExpressionError('The expression must reference at least one time series.');
  if (t === 'array') throw new ExpressionError('The expression returns several time series; the simulator supports expressions that return exactly one.');
}

/** Period of the first series an expression refers to (used for DIFF/RATE/PERIOD and grids). */
export function periodOfNode(node: ExprNode, ctx: SeriesContext): number | null {
  switch (node.type) {
    case 'ref':
      return ctx.periodOf(node.id);
    case 'neg':
      return periodOfNode(node.arg, ctx);
    case 'bin':
      return periodOfNode(node.left, ctx) ?? periodOfNode(node.right, ctx);
    case 'array':
      for (const item of node.items) {
        const p = periodOfNode(item, ctx);
        if (p !== null) return p;
      }
      return null;
    case 'call':
      if (node.name === 'METRICS') {
        const ids = ctx.metricIds(node.args[0]?.type === 'str' ? node.args[0].value : undefined);
        return ids.length > 0 ? ctx.periodOf(ids[0]!) : null;
      }
      for (const arg of node.args) {
        const p = periodOfNode(arg, ctx);
        if (p !== null) return p;
      }
      return null;
    default:
      return null;
  }
}

type Value = number | null | (number | null)[];

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function binary(op: '+' | '-' | '*' | '/' | '^', a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  switch (op) {
    case '+':
      return finite(a + b);
    case '-':
      return finite(a - b);
    case '*':
      return finite(a * b);
    case '/':
      return b === 0 ? null : finite(a / b);
    case '^':
      return finite(a ** b);
  }
}

/** Value of a checked expression for the period starting at `t`; null where it has no datapoint. */
export function evaluateAt(node: ExprNode, t: number, ctx: SeriesContext): number | null {
  const v = evalNode(node, t, ctx);
  return Array.isArray(v) ? null : v;
}

function evalNode(node: ExprNode, t: number, ctx: SeriesContext): Value {
  switch (node.type) {
    case 'num':
      return node.value;
    case 'str':
      return null;
    case 'ref':
      return ctx.valueAt(node.id, t);
    case 'neg': {
      const v = evalNode(node.arg, t, ctx);
      return Array.isArray(v) ? v.map((x) => (x === null ? null : -x)) : v === null ? null : -v;
    }
    case 'bin': {
      const l = evalNode(node.left, t, ctx);
      const r = evalNode(node.right, t, ctx);
      if (Array.isArray(l) && Array.isArray(r)) return l.map((x, i) => binary(node.op, x, r[i] ?? null));
      if (Array.isArray(l)) return l.map((x) => binary(node.op, x, r as number | null));
      if (Array.isArray(r)) return r.map((x) => binary(node.op, l, x));
      return binary(node.op, l, r);
    }
    case 'array':
      return node.items.map((item) => evalNode(item, t, ctx) as number | null);
    case 'call':
      return evalCall(node.name, node.args, t, ctx);
  }
}

function evalCall(name: string, args: ExprNode[], t: number, ctx: SeriesContext): Value {
  switch (name) {
    case 'METRICS': {
      const filter = args[0]?.type === 'str' ? args[0].value : undefined;
      return ctx.metricIds(filter).map((id) => ctx.valueAt(id, t));
    }
    case 'SUM':
    case 'AVG':
    case 'MIN':
    case 'MAX': {
      const items = (evalNode(args[0]!, t, ctx) as (number | null)[]).filter((x): x is number => x !== null);
      if (items.length === 0) return null;
      if (name === 'SUM') return items.reduce((a, b) => a + b, 0);
      if (name === 'AVG') return items.reduce((a, b) => a + b, 0) / items.length;
      return name === 'MIN' ? Math.min(...items) : Math.max(...items);
    }
    case 'ABS': {
      const v = evalNode(args[0]!, t, ctx);
      return Array.isArray(v) ? v.map((x) => (x === null ? null : Math.abs(x))) : v === null ? null : Math.abs(v);
    }
    case 'FILL': {
      const v = evalNode(args[0]!, t, ctx) as number | null;
      return v ?? (evalNode(args[1]!, t, ctx) as number | null);
    }
    case 'PERIOD': {
      const v = evalNode(args[0]!, t, ctx) as number | null;
      return v === null ? null : periodOfNode(args[0]!, ctx);
    }
    case 'DIFF':
    case 'RATE': {
      const period = periodOfNode(args[0]!, ctx);
      if (period === null) return null;
      const now = evalNode(args[0]!, t, ctx) as number | null;
      const before = evalNode(args[0]!, t - period, ctx) as number | null;
      if (now === null || before === null) return null;
      return name === 'DIFF' ? now - before : (now - before) / period;
    }
    default:
      return null;
  }
}
