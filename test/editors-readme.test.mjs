// The README's editor snippets are the files under docs/editors/ that the editor tests load.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './helpers.mjs';

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const fence = { lua: 'lua', el: 'elisp', toml: 'toml' };

for (const file of readdirSync(join(root, 'docs/editors'))) {
  test(`README shows docs/editors/${file} exactly`, () => {
    const text = readFileSync(join(root, 'docs/editors', file), 'utf8');
    const block = `\`\`\`${fence[file.split('.').pop()]}\n${text}\`\`\``;
    assert.ok(readme.includes(block), `README.md has no code block equal to docs/editors/${file}`);
    assert.match(text, /\/path\/to\/mesh-lsp\/bin\/mesh-lsp\.js/, 'the snippet starts the server from /path/to/mesh-lsp');
  });
}

test('every editor snippet the README shows is loaded by a test or says why not', () => {
  const tested = ['neovim-0.7.lua', 'neovim.lua', 'emacs.el'];
  for (const f of tested) {
    const users = ['test/nvim/nvim.test.mjs', 'test/e2e/emacs.test.mjs'].filter((t) => readFileSync(join(root, t), 'utf8').includes(f));
    assert.ok(users.length, `${f} is loaded by no test`);
  }
  assert.match(readme, /Helix snippet is not\s+run: Helix is not packaged for Debian 12/);
});
