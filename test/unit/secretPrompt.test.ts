import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainText, secretPrompt } from '../../client/src/tryit/secretPrompt';

test("the secret prompt is plain text: the spec's Markdown keeps only what a reader sees", () => {
  assert.equal(
    secretPrompt({ kind: 'httpBearer', name: 'jwt', description: 'Get one with `POST /token`, see **[the docs](https://x.test/auth)**.\n\n_Expires_ in 1 h.' }),
    'Bearer token. Get one with POST /token, see the docs. Expires in 1 h.',
  );
  assert.equal(secretPrompt({ kind: 'userPassword', name: 'broker' }), 'User name and password, as user:password.');
  assert.equal(plainText('snake_case_name stays, 2 * 3 * 4 too'), 'snake_case_name stays, 2 * 3 * 4 too');
});
