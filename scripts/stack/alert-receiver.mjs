// The local stack's stand-in for Slack, PagerDuty and the dead man's switch: Alertmanager's
// receivers post their webhooks here (scripts/stack/local-alerting.ts) and this records them, so a
// test can prove a notification really left Alertmanager.
//
//   POST /notify/RECEIVER         Alertmanager's webhook payload (version 4); recorded
//   GET  /notifications           every recorded notification, oldest first; filters:
//                                 ?receiver=NAME&alertname=NAME&status=firing|resolved&since=ISO
//   GET  /healthz
//
// Keeps the last 2,000 notifications in memory. No dependencies. Port: $PP_ALERT_RECEIVER_PORT.
import { createServer } from "node:http";

const HOST = process.env.PP_HOST ?? "127.0.0.1";
const PORT = Number(process.env.PP_ALERT_RECEIVER_PORT ?? 59094);
const KEEP = 2000;
const MAX_BODY = 1024 * 1024;

/** { receiver, receivedAt, status, alerts: [{ status, labels, annotations, startsAt, endsAt }] } */
const notifications = [];

function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body) + "\n");
}

function matches(n, q) {
  if (q.get("receiver") && n.receiver !== q.get("receiver")) return false;
  if (q.get("status") && n.status !== q.get("status")) return false;
  if (q.get("since") && n.receivedAt < q.get("since")) return false;
  const alertname = q.get("alertname");
  return !alertname || n.alerts.some((a) => a.labels?.alertname === alertname);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", `http://${HOST}`);
  if (req.method === "GET" && url.pathname === "/healthz") return send(res, 200, "ok");
  if (req.method === "GET" && url.pathname === "/notifications") return send(res, 200, notifications.filter((n) => matches(n, url.searchParams)));
  const notify = /^\/notify\/([^/]+)$/.exec(url.pathname);
  if (req.method === "POST" && notify) {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
      if (raw.length > MAX_BODY) req.destroy();
    });
    req.on("end", () => {
      let body;
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, 400, { error: { code: "InvalidInput", message: "not JSON" } });
      }
      const alerts = Array.isArray(body.alerts) ? body.alerts : [];
      notifications.push({
        receiver: decodeURIComponent(notify[1]),
        receivedAt: new Date().toISOString(),
        status: body.status,
        groupLabels: body.groupLabels ?? {},
        alerts: alerts.map(({ status, labels, annotations, startsAt, endsAt }) => ({ status, labels, annotations, startsAt, endsAt })),
      });
      if (notifications.length > KEEP) notifications.splice(0, notifications.length - KEEP);
      send(res, 200, { recorded: true });
    });
    return;
  }
  send(res, 404, { error: { code: "NotFound", message: `${req.method} ${url.pathname}` } });
});

server.listen(PORT, HOST, () => console.log(`alert receiver on http://${HOST}:${PORT}/notifications`));
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));
