// Opens report.html in headless Chromium through the DevTools protocol over
// a pipe (--remote-debugging-pipe: no port, no npm package) and checks that
// the page renders its SVG charts with a non-zero size, logs no console
// error or exception, and requests nothing but the file itself.
// Usage: node check_report.mjs REPORT.html [SCREENSHOT.png]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MIN_CHARTS = 8;
const TIMEOUT_MS = 60000;
const [, , reportPath, screenshotPath] = process.argv;
if (!reportPath) {
  console.error('usage: node check_report.mjs REPORT.html [SCREENSHOT.png]');
  process.exit(2);
}
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = mkdtempSync(join(tmpdir(), 'pl-chromium-'));
const browser = spawn(chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--remote-debugging-pipe', `--user-data-dir=${profile}`,
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--mute-audio', '--window-size=1500,2000', 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let browserLog = '';
browser.stderr.on('data', (d) => { browserLog += d; });
const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];

let nextId = 1;
const pending = new Map();
const problems = [];
const requests = [];
let onLoad = null;
let buffer = Buffer.alloc(0);
fromBrowser.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  let end;
  while ((end = buffer.indexOf(0)) >= 0) {
    const message = JSON.parse(buffer.subarray(0, end).toString('utf8'));
    buffer = buffer.subarray(end + 1);
    handle(message);
  }
});

function handle(m) {
  if (m.id && pending.has(m.id)) {
    const { ok, fail } = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) fail(new Error(JSON.stringify(m.error)));
    else ok(m.result);
    return;
  }
  const p = m.params || {};
  switch (m.method) {
    case 'Runtime.consoleAPICalled':
      if (p.type === 'error' || p.type === 'assert' || p.type === 'warning') {
        problems.push(`console.${p.type}: ${JSON.stringify(p.args.map((a) => a.value ?? a.description))}`);
      }
      break;
    case 'Runtime.exceptionThrown':
      problems.push(`exception: ${p.exceptionDetails?.exception?.description ?? p.exceptionDetails?.text}`);
      break;
    case 'Log.entryAdded':
      if (p.entry.level === 'error' || p.entry.level === 'warning') problems.push(`log ${p.entry.level}: ${p.entry.text} ${p.entry.url ?? ''}`);
      break;
    case 'Network.requestWillBeSent':
      requests.push(p.request.url);
      break;
    case 'Page.loadEventFired':
      if (onLoad) onLoad();
      break;
  }
}

function send(method, params = {}, sessionId = undefined) {
  const id = nextId++;
  const message = { id, method, params };
  if (sessionId) message.sessionId = sessionId;
  toBrowser.write(JSON.stringify(message) + '\0');
  return new Promise((ok, fail) => pending.set(id, { ok, fail }));
}

const fail = (why) => {
  console.error(`FAIL: ${why}`);
  if (browserLog) console.error(browserLog.split('\n').slice(-5).join('\n'));
  browser.kill('SIGKILL');
  try { rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }); } catch {}
  process.exit(1);
};
setTimeout(() => fail(`no answer from chromium within ${TIMEOUT_MS} ms`), TIMEOUT_MS).unref();
browser.on('error', (e) => fail(`cannot start ${chromium}: ${e.message}`));

const url = 'file://' + resolve(reportPath);
const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
for (const domain of ['Runtime', 'Log', 'Page', 'Network']) await send(`${domain}.enable`, {}, sessionId);
const loaded = new Promise((ok) => { onLoad = ok; });
await send('Page.navigate', { url }, sessionId);
await loaded;
await new Promise((ok) => setTimeout(ok, 500));  // late console messages
const { result } = await send('Runtime.evaluate', {
  returnByValue: true,
  expression: `JSON.stringify({
    title: document.title,
    charts: [...document.querySelectorAll('figure.chart svg')].map((s) => {
      const r = s.getBoundingClientRect();
      return { w: r.width, h: r.height, marks: s.querySelectorAll('path, rect').length,
               label: s.getAttribute('aria-label') };
    }),
    tables: document.querySelectorAll('table').length,
    scripts: document.querySelectorAll('script').length,
  })`,
}, sessionId);
const page = JSON.parse(result.value);
if (screenshotPath) {
  const shot = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }, sessionId);
  writeFileSync(screenshotPath, Buffer.from(shot.data, 'base64'));
}
const exited = new Promise((ok) => browser.once('exit', ok));
await send('Browser.close').catch(() => {});
await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
browser.kill('SIGKILL');
rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });

if (!/report/i.test(page.title)) fail(`unexpected title '${page.title}'`);
if (page.charts.length < MIN_CHARTS) fail(`${page.charts.length} charts rendered, expected at least ${MIN_CHARTS}`);
for (const c of page.charts) {
  if (!(c.w > 0 && c.h > 0)) fail(`chart '${c.label}' has size ${c.w}x${c.h}`);
  if (c.marks === 0) fail(`chart '${c.label}' draws nothing`);
}
if (page.scripts !== 0) fail(`the report contains ${page.scripts} script element(s)`);
if (page.tables < 3) fail(`only ${page.tables} tables`);
const foreign = requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:') && u !== 'about:blank');
if (foreign.length) fail(`the page requested ${foreign.join(', ')}`);
if (problems.length) fail(problems.join('\n'));
console.log(`ok: ${page.charts.length} charts rendered (${page.charts.map((c) => `${c.w}x${c.h}`).join(', ')}), ` +
            `${page.tables} tables, no console errors, no network requests`);
process.exit(0);
