// `cargo xtask lighthouse`: Lighthouse on the release build served by the emulator, offline,
// in Debian's Chromium: /register and /login, and the account page signed in (a user flow
// that signs in first), with the mobile and desktop presets. Prints one table and keeps the
// HTML reports. Usage: node lighthouse.mjs <site base URL> <report folder>
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import lighthouse, { startFlow, desktopConfig } from 'lighthouse';

const [base, reports] = process.argv.slice(2);
const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
fs.mkdirSync(reports, { recursive: true });

const jane = {
  customer: {
    email: 'jdoe@example.com', firstname: 'Jane', lastname: 'Doe',
    addresses: [{
      defaultBilling: true, defaultShipping: true, firstname: 'Jane', lastname: 'Doe',
      region: { regionCode: 'NY', regionId: 43, region: 'New York' }, countryId: 'US',
      postcode: '11501', city: 'Mineola', street: ['160 1st St.'], telephone: '516-555-1111',
    }],
  },
  password: 'Password1',
};

async function register() {
  const answer = await fetch(`${base}/rest/default/V1/customers`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(jane),
  });
  if (answer.status !== 200 && answer.status !== 400) throw new Error(`registration: ${answer.status}`);
}

function launch() {
  return puppeteer.launch({
    executablePath: chrome,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

const presets = { mobile: undefined, desktop: desktopConfig };

function row(page, preset, lhr) {
  const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const audit = (id) => lhr.audits[id]?.numericValue ?? 0;
  return {
    page, preset,
    performance: score('performance'),
    accessibility: score('accessibility'),
    'best practices': score('best-practices'),
    'LCP ms': Math.round(audit('largest-contentful-paint')),
    'TBT ms': Math.round(audit('total-blocking-time')),
    'transfer KB': (audit('total-byte-weight') / 1024).toFixed(1),
  };
}

const rows = [];
await register();
for (const [preset, config] of Object.entries(presets)) {
  const browser = await launch();
  for (const route of ['/register', '/login']) {
    const page = await browser.newPage();
    const result = await lighthouse(`${base}${route}`, { output: 'html', logLevel: 'error' }, config, page);
    const name = `${preset}${route.replaceAll('/', '-')}.html`;
    fs.writeFileSync(path.join(reports, name), result.report);
    rows.push(row(route, preset, result.lhr));
    await page.close();
  }
  // The account page, signed in: the flow signs in through the form, then measures a fresh
  // navigation to /account with the tab's sessionStorage kept.
  const page = await browser.newPage();
  await page.goto(`${base}/login`);
  await page.waitForSelector('#email');
  await page.type('#email', jane.customer.email);
  await page.type('#password', jane.password);
  await Promise.all([
    page.waitForFunction(() => location.pathname === '/account'),
    page.click('button[type=submit]'),
  ]);
  const flow = await startFlow(page, { config, flags: { disableStorageReset: true, logLevel: 'error' } });
  await flow.navigate(`${base}/account`, { name: 'My account, signed in' });
  const flowResult = await flow.createFlowResult();
  fs.writeFileSync(path.join(reports, `${preset}-account.html`), await flow.generateReport());
  rows.push(row('/account (signed in)', preset, flowResult.steps[0].lhr));
  await browser.close();
}

const columns = Object.keys(rows[0]);
const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(line(columns));
for (const r of rows) console.log(line(columns.map((c) => r[c])));
console.log(`\nHTML reports in ${reports}`);
