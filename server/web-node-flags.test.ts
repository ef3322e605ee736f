import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './config.ts';
import { WEB_NODE_FLAGS } from './web-node-flags.ts';

describe('WEB_NODE_FLAGS', () => {
  it('are the flags of the npm scripts that run the web server', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const name of ['start', 'serve']) expect(scripts[name], name).toContain(`node ${WEB_NODE_FLAGS.join(' ')} server/main.ts`);
  });
});
