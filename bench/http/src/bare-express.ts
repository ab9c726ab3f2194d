// The baseline: Express 5 with the demo's two routes and nothing else.
import express from "express";

const app = express();
app.get("/", (_req, res) => {
  res.json({ Hello: "World" });
});
app.get("/items/:item_id", (req, res) => {
  const q = typeof req.query.q === "string" ? req.query.q : null;
  res.json({ item_id: Number(req.params.item_id), q });
});
app.listen(Number(process.env.PORT ?? 8000));
