// The quotes API: TypeScript compiled to dist/ by `npm run build`.
import express, { type Request, type Response } from 'express';

interface Quote {
  text: string;
  author: string;
}

const quotes: Quote[] = [
  { text: 'Ship only what runs.', author: 'the multi-stage build' },
  { text: 'The builder stage never leaves your machine.', author: 'BuildKit' },
];

const app = express();
const port = Number(process.env.PORT) || 3000;

app.get('/', (_req: Request, res: Response) => {
  res.json({ message: 'Served from dist/ by compiled TypeScript', quotes });
});

app.listen(port, () => {
  console.log(`quotes API on port ${port}`);
});
