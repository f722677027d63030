// Reads the server's routes and names each schema by the src/shared export it is (by identity), for the
// client contract (scripts/contract.ts writes it; tests/contract.test.ts checks it is current).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { RouteOptions } from 'fastify';
import { z } from 'zod';
import { loadConfig } from '../src/server/env.ts';
import { boot } from '../src/server/boot.ts';
import { KeyRing } from '../src/server/crypto/keys.ts';
import { ManualClock } from '../src/server/clock.ts';
import { buildApp } from '../src/server/http/app.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = path.join(root, 'src/shared');

export interface ContractRoute {
  key: string;
  method: string;
  url: string;
  params: string[];
  body?: string;
  query?: string;
  reply?: string;
  /** Further success answers with other schemas (a dry run answers 200, the real run 201). */
  otherReplies?: string[];
  /** A route that answers with something other than JSON (a file) or nothing. */
  replyKind: 'json' | 'empty' | 'file';
}

interface Named {
  module: string;
  name: string;
}

async function sharedNames(): Promise<Map<unknown, Named>> {
  const names = new Map<unknown, Named>();
  const files = fs
    .readdirSync(sharedDir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  for (const file of files) {
    const mod = (await import(path.join(sharedDir, file))) as Record<string, unknown>;
    const module = file.replace(/\.ts$/, '');
    for (const [name, value] of Object.entries(mod)) {
      if (value instanceof z.ZodType && !names.has(value)) names.set(value, { module, name });
    }
  }
  return names;
}

export async function collectContract(): Promise<{ routes: ContractRoute[]; unnamed: string[] }> {
  const names = await sharedNames();
  const seen: RouteOptions[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berdaya-contract-'));
  const config = loadConfig({ BERDAYA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const booted = await boot(config, {
    keyRing: new KeyRing(randomBytes(32)),
    clock: new ManualClock(Date.parse('2026-03-02T01:00:00.000Z')),
  });
  try {
    const built = await buildApp(booted.services, {
      webDir: path.join(dataDir, 'no-web'),
      onRoute: (r) => seen.push(r),
    });
    await built.app.ready();
    await built.app.close();
  } finally {
    await booted.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const unnamed: string[] = [];
  const label = (schema: unknown, where: string): string | undefined => {
    if (schema === undefined) return undefined;
    const n = names.get(schema);
    if (!n) {
      unnamed.push(where);
      return undefined;
    }
    return `${n.module}#${n.name}`;
  };
  const routes: ContractRoute[] = [];
  for (const r of seen) {
    if (!r.url.startsWith('/api/')) continue;
    const schema = (r.schema ?? {}) as {
      hide?: boolean;
      body?: unknown;
      querystring?: unknown;
      response?: Record<string, unknown>;
    };
    if (schema.hide) continue;
    const methods = (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD');
    for (const method of methods) {
      const key = `${method} ${r.url}`;
      const ok = Object.keys(schema.response ?? {})
        .filter((s) => /^2\d\d$/.test(s))
        .sort();
      const status = ok[0];
      const replySchema = status ? schema.response?.[status] : undefined;
      const replyKind: ContractRoute['replyKind'] =
        status === '204' ? 'empty' : replySchema === undefined ? 'file' : 'json';
      const others = ok
        .slice(1)
        .filter((st) => st !== '204' && schema.response?.[st] !== replySchema)
        .map((st) => label(schema.response?.[st], `${key} reply ${st}`))
        .filter((l): l is string => l !== undefined);
      routes.push({
        key,
        method,
        url: r.url,
        params: [...r.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string),
        body: label(schema.body, `${key} body`),
        query: label(schema.querystring, `${key} querystring`),
        reply: replyKind === 'json' ? label(replySchema, `${key} reply ${status}`) : undefined,
        ...(replyKind === 'json' && others.length ? { otherReplies: [...new Set(others)] } : {}),
        replyKind,
      });
    }
  }
  routes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { routes, unnamed };
}

const ident = (module: string) => module.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function renderContract({ routes, unnamed }: { routes: ContractRoute[]; unnamed: string[] }): {
  text: string;
  unnamed: string[];
} {
  const modules = new Set<string>();
  const ref = (label: string | undefined, how: 'input' | 'output'): string | undefined => {
    if (!label) return undefined;
    const [module, name] = label.split('#') as [string, string];
    modules.add(module);
    return `z.${how}<typeof ${ident(module)}.${name}>`;
  };
  const lines: string[] = [];
  for (const r of routes) {
    const params = r.params.length ? `{ ${r.params.map((p) => `${p}: string`).join('; ')} }` : 'undefined';
    const body = ref(r.body, 'input') ?? 'undefined';
    const query = ref(r.query, 'input') ?? 'undefined';
    const reply =
      r.replyKind === 'json'
        ? [r.reply, ...(r.otherReplies ?? [])].map((l) => ref(l, 'output') ?? 'unknown').join(' | ')
        : r.replyKind === 'empty'
          ? 'void'
          : 'Blob';
    lines.push(
      `  '${r.key}': {\n    params: ${params};\n    query: ${query};\n    body: ${body};\n    reply: ${reply};\n    kind: '${r.replyKind}';\n  };`,
    );
  }
  const schemaLines = routes
    .filter((r) => r.replyKind === 'json' && r.reply)
    .map((r) => {
      const load = (l: string) => {
        const [module, name] = l.split('#') as [string, string];
        return `import('../../shared/${module}.ts').then((m) => m.${name})`;
      };
      if (!r.otherReplies?.length) return `  '${r.key}': () => ${load(r.reply as string)},`;
      const all = [r.reply as string, ...r.otherReplies].map(load).join(', ');
      return `  '${r.key}': () => Promise.all([${all}]).then(([first, ...rest]) => rest.reduce<ZodType>((a, b) => a.or(b), first)),`;
    });
  const imports = [...modules].sort().map((m) => `import type * as ${ident(m)} from '../../shared/${m}.ts';`);
  const text = `// Generated by scripts/contract.ts from the routes the server registers: do not edit by hand.
// Every API route: its path parameters, query, body and reply, typed by the shared zod schema the route
// validates with. tests/contract.test.ts fails when this file and the server differ.
import type { z } from 'zod';
import type { ZodType } from 'zod';
${imports.join('\n')}

export interface Routes {
${lines.join('\n')}
}

/** The reply schema of each JSON route, loaded only where replies are checked (development and tests). */
export const replySchemas: Partial<Record<keyof Routes, () => Promise<ZodType>>> = {
${schemaLines.join('\n')}
};
`;
  return { text, unnamed };
}
