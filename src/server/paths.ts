// Locates files shipped with the package (reference lists, the built web app), from src/ or dist/ alike.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'reference'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the berdaya package root');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findRoot();
export const REFERENCE_DIR = path.join(PACKAGE_ROOT, 'reference');
export const WEB_DIST_DIR = path.join(PACKAGE_ROOT, 'dist', 'web');
