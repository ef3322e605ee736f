// Starts the greeting API on PORT (3000 by default).
const app = require('./app.js');

const port = Number(process.env.PORT) || 3000;
app.listen(port, () => {
  console.log(`listening on port ${port}`);
});
