// The startup part of `cargo xtask bench`: cold loads of /register and /login in Debian's
// Chromium (a fresh browser context each, no cache), and the time from navigation until the
// first input of the form accepts typing; on the machine's loopback, and with slow 4G
// (150 ms, 1.6 Mbps down, 750 kbps up). A benchmark: it measures and prints, it asserts
// nothing. Usage: node startup.mjs <site base URL> [runs]
import puppeteer from 'puppeteer-core';

const [base, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 11);
const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
const networks = {
  loopback: null,
  'slow 4G': { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
};

const browser = await puppeteer.launch({
  executablePath: chrome,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
});

async function coldLoad(route, network) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setCacheEnabled(false);
  if (network) {
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', network);
  }
  // Noted by the page itself, the moment the app's first form input is there and enabled.
  await page.evaluateOnNewDocument(() => {
    new MutationObserver((_, observer) => {
      const input = document.querySelector('form input');
      if (input && !input.disabled) {
        window.inputReadyAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${base}${route}`, { waitUntil: 'domcontentloaded' });
  const ready = await page.waitForFunction(() => window.inputReadyAt, { timeout: 60000 });
  const ms = await ready.jsonValue();
  await context.close();
  return ms;
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
console.log(`route      network   runs  median ms  min ms  p90 ms  max ms`);
for (const [name, network] of Object.entries(networks)) {
  for (const route of ['/register', '/login']) {
    await coldLoad(route, network); // warm the server's and the OS's caches, not the browser's
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await coldLoad(route, network));
    times.sort((a, b) => a - b);
    const cell = (v) => String(Math.round(v)).padStart(6);
    console.log(`${route.padEnd(10)} ${name.padEnd(9)} ${String(runs).padStart(4)}  ${cell(quantile(times, 0.5)).padStart(9)}  ${cell(times[0])}  ${cell(quantile(times, 0.9))}  ${cell(times[times.length - 1])}`);
  }
}
await browser.close();
