// The greeting API as an Express app, without listening: server.js starts it, the tests call it.
const express = require('express');

const app = express();

app.get('/', (req, res) => {
  res.json({
    message: 'Hello from a multi-stage pipeline!',
    // Set at build time (an ARG passed on to ENV); "unknown" when the build did not pass it.
    version: process.env.APP_VERSION || 'unknown',
    node: process.version,
  });
});

app.get('/health', (req, res) => {
  res.type('text/plain').send('ok');
});

module.exports = app;
