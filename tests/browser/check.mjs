// Real-browser check of a generated plan page: Debian's chromium, headless.
// Loads the page, fails on any console error or page error, takes screenshots, and runs the
// page's own full-text search for a Chinese term that must be found.
//
// usage: node check.mjs <page.html> <search term> <screenshot dir>
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [page_path, term, shots] = process.argv.slice(2);
if (!page_path || !term || !shots) {
  console.error("usage: node check.mjs <page.html> <search term> <screenshot dir>");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const failures = [];
const errors = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("console", (msg) => { if (msg.type() === "error") errors.push(`console: ${msg.text()}`); });
  page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => errors.push(`request failed: ${req.url()}`));
  page.on("request", (req) => {
    if (!req.url().startsWith("file:") && !req.url().startsWith("data:")) {
      errors.push(`network request (the page must be self-contained): ${req.url()}`);
    }
  });
  const url = pathToFileURL(resolve(page_path)).href;
  await page.goto(url, { waitUntil: "load" });
  await page.screenshot({ path: `${shots}/page.png` });

  // Search as a reader would: type into the box, wait for the status line.
  await page.fill("#search-input", term);
  await page.waitForFunction(() => document.body.hasAttribute("data-search-count"), null, { timeout: 5000 });
  const count = Number(await page.getAttribute("body", "data-search-count"));
  const status = await page.textContent("#search-status");
  const results = await page.locator("#search-results li").count();
  if (!(count > 0 && results > 0)) failures.push(`search for “${term}” found nothing (status: ${status})`);
  await page.screenshot({ path: `${shots}/search.png` });

  // Follow the first result: the highlighted text must scroll into view.
  if (results > 0) {
    await page.click("#search-results li a");
    const visible = await page.locator("mark.hit").first().isVisible();
    if (!visible) failures.push("the first search hit is not visible after clicking its result");
  }

  // A 专栏 box and the indicator table, for a look by eye.
  const column = page.locator("aside.column").first();
  if (await column.count()) await column.screenshot({ path: `${shots}/column.png` });
  const table = page.locator("figure.indicators").first();
  if (await table.count()) await table.screenshot({ path: `${shots}/table.png` });

  // Phone width: the sidebar collapses behind the 目录 button.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const mobile = await phone.newPage();
  mobile.on("pageerror", (err) => errors.push(`page error (phone): ${err.message}`));
  await mobile.goto(url, { waitUntil: "load" });
  if (await mobile.locator("#sidebar").isVisible()) failures.push("on a phone the sidebar should start hidden");
  await mobile.click("#toc-toggle");
  if (!(await mobile.locator("#sidebar").isVisible())) failures.push("the 目录 button does not open the sidebar");
  await mobile.screenshot({ path: `${shots}/phone.png` });

  console.log(`search “${term}”: ${count} hits, ${results} results listed`);
} finally {
  await browser.close();
}
failures.push(...errors);
if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  console.error(`browser check: ${failures.length} failed`);
  process.exit(1);
}
console.log(`browser check passed: 0 console errors; screenshots in ${shots}`);
