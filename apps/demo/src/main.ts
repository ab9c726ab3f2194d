import { createApp } from "./app.js";

const port = Number(process.env.PORT ?? 8000);
createApp().listen(port, () => {
  process.stdout.write(`demo listening on http://localhost:${port}\n`);
});
