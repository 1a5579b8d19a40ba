// A small CloudWatch metric-math evaluator: the subset SLIs need, evaluated per timestamp
// over the values of the metric queries at that timestamp.
//
//   expr  := term (('+' | '-') term)*
//   term  := unary (('*' | '/') unary)*
//   unary := '-' unary | primary
//   primary := number | id | '(' expr ')' | FUNC '(' args ')'
//   FUNC  := SUM | MAX | MIN | AVG  (over values or a [list]) | FILL(expr, number)
//
// Semantics follow CloudWatch: arithmetic with a missing value is missing (as is ÷ 0);
// SUM/MAX/MIN/AVG skip missing values and are missing only when all are; FILL replaces a
// missing value with a constant.

/** Query ids follow CloudWatch's rule for MetricDataQuery.Id. */
export const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

export class MetricMathError extends Error {
  constructor(
    readonly expression: string,
    readonly position: number,
    message: string,
  ) {
    super(`${message} (at character ${position + 1} of "${expression}")`);
    this.name = 'MetricMathError';
  }
}

type Node =
  | { kind: 'num'; value: number }
  | { kind: 'id'; id: string }
  | { kind: 'neg'; arg: Node }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Node; right: Node }
  | { kind: 'fn'; name: 'SUM' | 'MAX' | 'MIN' | 'AVG'; args: Node[] }
  | { kind: 'fill'; arg: Node; value: number };

type Token = { kind: 'num'; value: number; pos: number } | { kind: 'id'; text: string; pos: number } | { kind: 'sym'; text: string; pos: number };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9.]/.test(c)) {
      const m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw new MetricMathError(src, i, `bad number`);
      tokens.push({ kind: 'num', value: Number(m[0]), pos: i });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'id', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if ('+-*/()[],'.includes(c)) {
      tokens.push({ kind: 'sym', text: c, pos: i });
      i++;
      continue;
    }
    throw new MetricMathError(src, i, `unexpected character '${c}'`);
  }
  return tokens;
}

const FUNCTIONS = new Set(['SUM', 'MAX', 'MIN', 'AVG', 'FILL']);

function parse(src: string): Node {
  const tokens = tokenize(src);
  let k = 0;
  const peek = (): Token | undefined => tokens[k];
  const isSym = (text: string): boolean => {
    const t = peek();
    return t !== undefined && t.kind === 'sym' && t.text === text;
  };
  const expect = (text: string): void => {
    const t = peek();
    if (!t || t.kind !== 'sym' || t.text !== text) {
      throw new MetricMathError(src, t ? t.pos : src.length, `expected '${text}'${t ? '' : ' before the end'}`);
    }
    k++;
  };

  function expr(): Node {
    let left = term();
    while (isSym('+') || isSym('-')) {
      const op = (tokens[k++] as { text: '+' | '-' }).text;
      left = { kind: 'bin', op, left, right: term() };
    }
    return left;
  }
  function term(): Node {
    let left = unary();
    while (isSym('*') || isSym('/')) {
      const op = (tokens[k++] as { text: '*' | '/' }).text;
      left = { kind: 'bin', op, left, right: unary() };
    }
    return left;
  }
  function unary(): Node {
    if (isSym('-')) {
      k++;
      return { kind: 'neg', arg: unary() };
    }
    return primary();
  }
  function list(): Node[] {
    const items: Node[] = [];
    const one = (): void => {
      if (isSym('[')) {
        k++;
        items.push(expr());
        while (isSym(',')) {
          k++;
          items.push(expr());
        }
        expect(']');
      } else {
        items.push(expr());
      }
    };
    one();
    while (isSym(',')) {
      k++;
      one();
    }
    return items;
  }
  function primary(): Node {
    const t = peek();
    if (!t) throw new MetricMathError(src, src.length, 'expression ends too early');
    if (t.kind === 'num') {
      k++;
      return { kind: 'num', value: t.value };
    }
    if (isSym('(')) {
      k++;
      const inner = expr();
      expect(')');
      return inner;
    }
    if (t.kind === 'id') {
      k++;
      const upper = t.text.toUpperCase();
      if (isSym('(')) {
        if (!FUNCTIONS.has(upper)) throw new MetricMathError(src, t.pos, `unknown function ${t.text}; supported: SUM, MAX, MIN, AVG, FILL`);
        k++;
        if (upper === 'FILL') {
          const arg = expr();
          expect(',');
          const negative = isSym('-');
          if (negative) k++;
          const v = peek();
          if (!v || v.kind !== 'num') throw new MetricMathError(src, v ? v.pos : src.length, 'FILL needs a number as its second argument');
          k++;
          expect(')');
          return { kind: 'fill', arg, value: negative ? -v.value : v.value };
        }
        const args = list();
        expect(')');
        return { kind: 'fn', name: upper as 'SUM' | 'MAX' | 'MIN' | 'AVG', args };
      }
      if (!QUERY_ID.test(t.text)) {
        throw new MetricMathError(src, t.pos, `'${t.text}' is not a query id (ids start with a lower-case letter: m1, errors, total_5xx)`);
      }
      return { kind: 'id', id: t.text };
    }
    throw new MetricMathError(src, t.pos, `unexpected '${t.kind === 'sym' ? t.text : ''}'`);
  }

  const root = expr();
  const rest = peek();
  if (rest) throw new MetricMathError(src, rest.pos, `unexpected '${rest.kind === 'num' ? rest.value : rest.kind === 'id' ? rest.text : rest.text}' after the expression`);
  return root;
}

function collectIds(node: Node, out: Set<string>): void {
  switch (node.kind) {
    case 'id':
      out.add(node.id);
      return;
    case 'neg':
    case 'fill':
      collectIds(node.arg, out);
      return;
    case 'bin':
      collectIds(node.left, out);
      collectIds(node.right, out);
      return;
    case 'fn':
      for (const a of node.args) collectIds(a, out);
      return;
    case 'num':
      return;
  }
}

function render(node: Node): string {
  switch (node.kind) {
    case 'num':
      return String(node.value);
    case 'id':
      return node.id;
    case 'neg':
      return `-${render(node.arg)}`;
    case 'bin':
      return `(${render(node.left)} ${node.op} ${render(node.right)})`;
    case 'fn':
      return `${node.name}([${node.args.map(render).join(', ')}])`;
    case 'fill':
      return `FILL(${render(node.arg)}, ${node.value})`;
  }
}

/** Evaluates against a value array; NaN marks a missing value. */
export type CompiledFn = (values: ArrayLike<number>, offset: number) => number;

function compileNode(node: Node, index: ReadonlyMap<string, number>): CompiledFn {
  switch (node.kind) {
    case 'num': {
      const v = node.value;
      return () => v;
    }
    case 'id': {
      const i = index.get(node.id) as number;
      return (values, offset) => values[offset + i] as number;
    }
    case 'neg': {
      const arg = compileNode(node.arg, index);
      return (values, offset) => -arg(values, offset);
    }
    case 'fill': {
      const arg = compileNode(node.arg, index);
      const fill = node.value;
      return (values, offset) => {
        const v = arg(values, offset);
        return Number.isNaN(v) ? fill : v;
      };
    }
    case 'bin': {
      const l = compileNode(node.left, index);
      const r = compileNode(node.right, index);
      switch (node.op) {
        case '+':
          return (values, offset) => l(values, offset) + r(values, offset);
        case '-':
          return (values, offset) => l(values, offset) - r(values, offset);
        case '*':
          return (values, offset) => l(values, offset) * r(values, offset);
        case '/':
          return (values, offset) => {
            const d = r(values, offset);
            return d === 0 ? NaN : l(values, offset) / d;
          };
      }
      break;
    }
    case 'fn': {
      const args = node.args.map((a) => compileNode(a, index));
      const name = node.name;
      return (values, offset) => {
        let n = 0;
        let acc = name === 'MAX' ? -Infinity : name === 'MIN' ? Infinity : 0;
        for (const a of args) {
          const v = a(values, offset);
          if (Number.isNaN(v)) continue;
          n++;
          if (name === 'MAX') acc = v > acc ? v : acc;
          else if (name === 'MIN') acc = v < acc ? v : acc;
          else acc += v;
        }
        if (n === 0) return NaN;
        return name === 'AVG' ? acc / n : acc;
      };
    }
  }
  throw new Error('unreachable');
}

export interface ParsedExpression {
  source: string;
  /** Query ids the expression reads, in first-use order. */
  ids: string[];
  /** A canonical rendering (fully parenthesised), for fingerprints. */
  canonical: string;
  /** Compiles against `index` (query id → position in the value array); NaN = missing. */
  compile(index: ReadonlyMap<string, number>): CompiledFn;
}

/** Parses a metric-math expression; throws MetricMathError with the position on a syntax error. */
export function parseExpression(source: string): ParsedExpression {
  if (typeof source !== 'string' || source.trim() === '') throw new MetricMathError(String(source), 0, 'expression is empty');
  const root = parse(source);
  const ids = new Set<string>();
  collectIds(root, ids);
  return {
    source,
    ids: [...ids],
    canonical: render(root),
    compile(index) {
      for (const id of ids) if (!index.has(id)) throw new MetricMathError(source, source.indexOf(id), `no query with id '${id}'`);
      return compileNode(root, index);
    },
  };
}

/**
 * Rewrites the query ids of an expression (e.g. to merge two expressions into one without
 * clashes); functions, numbers and layout are kept.
 */
export function renameIds(source: string, rename: (id: string) => string): string {
  parseExpression(source);
  const tokens = tokenize(source);
  let out = '';
  let last = 0;
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    const isCall = next !== undefined && next.kind === 'sym' && next.text === '(';
    if (t.kind === 'id' && !isCall) {
      out += source.slice(last, t.pos) + rename(t.text);
      last = t.pos + t.text.length;
    }
  });
  return out + source.slice(last);
}

/** Evaluates `source` once with named values (null = missing); null when the result is missing. For tests and explain text. */
export function evaluateExpression(source: string, values: Record<string, number | null>): number | null {
  const parsed = parseExpression(source);
  const index = new Map(parsed.ids.map((id, i) => [id, i]));
  const arr = parsed.ids.map((id) => {
    if (!(id in values)) throw new MetricMathError(source, source.indexOf(id), `no query with id '${id}'`);
    return values[id] ?? NaN;
  });
  const v = parsed.compile(index)(arr, 0);
  return Number.isFinite(v) ? v : null;
}
