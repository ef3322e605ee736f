// The API's tests, with Node's built-in runner (node --test): they start the app on a free
// port and call it. The test stage of the Dockerfile runs them.
const test = require('node:test');
const assert = require('node:assert');
const app = require('../app.js');

async function get(path) {
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${server.address().port}${path}`);
    return { status: response.status, body: await response.text() };
  } finally {
    server.close();
  }
}

test('GET / greets, with the version', async () => {
  const { status, body } = await get('/');
  assert.strictEqual(status, 200);
  assert.match(JSON.parse(body).message, /^Hello/);
});

test('GET /health answers ok', async () => {
  const { status, body } = await get('/health');
  assert.strictEqual(status, 200);
  assert.strictEqual(body, 'ok');
});
