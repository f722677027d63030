// Writes src/web/data/contract.gen.ts: the web client's contract, read from the routes the server registers.
// Each route's body, query and reply are named by the shared zod schema the route itself validates with, so the
// client is typed by exactly what the server serves. `--check` compares instead of writing (the test runs it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectContract, renderContract } from './contract-lib.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'src/web/data/contract.gen.ts');
const { text, unnamed } = renderContract(await collectContract());
if (unnamed.length) {
  console.error(`Schemas not exported from src/shared (move them there):\n  ${unnamed.join('\n  ')}`);
  process.exit(1);
}
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('src/web/data/contract.gen.ts is out of date: run `npx tsx scripts/contract.ts`');
    process.exit(1);
  }
} else fs.writeFileSync(target, text);
