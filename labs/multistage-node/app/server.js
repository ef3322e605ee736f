// A small Express API: the app the lab packages into an image.
const express = require('express');
const os = require('node:os');

const app = express();
const port = Number(process.env.PORT) || 3000;

app.get('/', (req, res) => {
  res.json({
    message: 'Hello from a multi-stage build!',
    node: process.version,
    host: os.hostname(),
  });
});

app.get('/health', (req, res) => {
  res.type('text/plain').send('ok');
});

app.listen(port, () => {
  console.log(`listening on port ${port}`);
});
