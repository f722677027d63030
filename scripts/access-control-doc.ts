// Writes docs/access-control.md from the policy module.
import fs from 'node:fs';
import { renderAccessControl } from '../src/server/policy/document.ts';

fs.writeFileSync('docs/access-control.md', renderAccessControl());
console.log('docs/access-control.md written');
