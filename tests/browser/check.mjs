// Real-browser check of a generated plan page: Debian's chromium, headless, on a machine
// with no CJK font installed (as CI runs). Loads the page, fails on any console error or
// page error, and checks, at desktop (1366 px) and phone (390 px) widths, with screenshots:
// - the web fonts: document.fonts has them loaded, Chromium reports that the text is drawn
//   with them (CSS.getPlatformFontsForNode: custom fonts only), and a CJK run measures the
//   web font's advance (1 em a character);
// - the reading width: a body paragraph holds 35–40 characters a line at 1366 px;
// - the links to the plan's other formats and to the index, each to a file that exists;
// - the search: a term is found; two space-separated terms, in either order, find only
//   paragraphs holding both; a heading's title is found in the body, never in the 目录;
// - on a phone: the sidebar starts hidden, the 目录 button opens it, the indicator table
//   keeps every cell at least 2 characters wide and scrolls in its box, not the page.
//
// usage: node check.mjs <page.html> <search term> <screenshot dir>
import { chromium } from "playwright-core";
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

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
const check = (ok, what) => { if (!ok) failures.push(what); };
const url = pathToFileURL(resolve(page_path)).href;
const report = [];

function watch(page, where) {
  page.on("console", (msg) => { if (msg.type() === "error") errors.push(`console (${where}): ${msg.text()}`); });
  page.on("pageerror", (err) => errors.push(`page error (${where}): ${err.message}`));
  page.on("requestfailed", (req) => errors.push(`request failed (${where}): ${req.url()}`));
  page.on("request", (req) => {
    if (!req.url().startsWith("file:") && !req.url().startsWith("data:")) {
      errors.push(`network request (the page must load nothing from the network): ${req.url()}`);
    }
  });
}

async function open(context, where) {
  const page = await context.newPage();
  watch(page, where);
  await page.goto(url, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready);
  return page;
}

// The fonts Chromium drew an element's text with: [{ familyName, isCustomFont, glyphCount }].
async function platformFonts(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  if (!nodeId) return null;
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  return fonts;
}

// Search as a reader would: type into the box, wait for the status line.
async function search(page, query) {
  await page.evaluate(() => document.body.removeAttribute("data-search-count"));
  await page.fill("#search-input", query);
  await page.waitForFunction(() => document.body.hasAttribute("data-search-count"), null, { timeout: 5000 });
  return page.evaluate(() => ({
    count: Number(document.body.getAttribute("data-search-count")),
    results: document.querySelectorAll("#search-results li").length,
    status: document.getElementById("search-status").textContent,
    inContents: document.querySelectorAll("#contents mark.hit").length,
    // The text of each paragraph (or item, heading, row) holding a hit.
    units: [...new Set([...document.querySelectorAll("mark.hit")]
      .map((m) => m.closest("p, li, h1, h2, h3, h4, h5, figcaption, tr")))]
      .map((u) => u.textContent.toLowerCase()),
  }));
}

try {
  // ---- Desktop, 1366 px.
  const desktop = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await open(desktop, "desktop");
  await page.screenshot({ path: `${shots}/desktop.png` });

  // The web fonts: loaded, used, measured.
  const faces = await page.evaluate(() => [...document.fonts]
    .map((f) => ({ family: f.family.replace(/"/g, ""), weight: f.weight, status: f.status })));
  for (const family of ["guihua-song", "guihua-hei", "guihua-kai"]) {
    check(faces.some((f) => f.family === family && f.status === "loaded"),
      `web font ${family} is not loaded: ${JSON.stringify(faces)}`);
  }
  for (const [what, selector] of [["body paragraph", ".body p"], ["chapter heading", "section.level0 > h2"],
    ["section heading (楷体)", "section.level1 > h3"], ["title (bold)", ".cover .title"],
    ["indicator table", "figure.indicators td"]]) {
    const fonts = await platformFonts(page, selector);
    if (!fonts) { failures.push(`no ${selector} on the page`); continue; }
    const system = fonts.filter((f) => !f.isCustomFont && f.glyphCount > 0);
    check(fonts.length > 0 && system.length === 0,
      `${what} (${selector}) is drawn with installed fonts, not the web fonts: ${JSON.stringify(fonts)}`);
    report.push(`${what}: ${fonts.map((f) => `${f.familyName}${f.isCustomFont ? " (web font)" : ""} ×${f.glyphCount}`).join(", ")}`);
  }
  const advance = await page.evaluate(() => {
    const out = {};
    for (const family of ["guihua-song", "guihua-hei", "guihua-kai", "no-such-font-guihua"]) {
      const s = document.createElement("span");
      s.style.cssText = `font: 20px "${family}"; white-space: nowrap; position: absolute; visibility: hidden`;
      s.textContent = "规划编制实施评估体系";
      document.body.appendChild(s);
      out[family] = s.getBoundingClientRect().width / 20;
      s.remove();
    }
    return out;
  });
  for (const family of ["guihua-song", "guihua-hei", "guihua-kai"]) {
    check(Math.abs(advance[family] - 10) < 0.05, `10 CJK characters in ${family} measure ${advance[family]} em, not 10`);
  }
  report.push(`10 CJK characters: ${Object.entries(advance).map(([f, w]) => `${f} ${w.toFixed(2)} em`).join(", ")}`);

  // The reading width.
  const measure = await page.evaluate(() => {
    const p = document.querySelector(".body p");
    return p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize);
  });
  check(measure >= 35 && measure <= 40, `a body paragraph is ${measure.toFixed(1)} characters wide at 1366 px, not 35–40`);
  report.push(`reading width at 1366 px: ${measure.toFixed(1)} characters`);

  // Links to the other formats and to the index, each to a file that exists.
  const links = await page.$$eval(".doc-links a", (as) => as.map((a) => ({ text: a.textContent.trim(), href: a.href, rel: a.rel })));
  check(links.some((l) => l.rel === "index"), `no link to the index: ${JSON.stringify(links)}`);
  for (const name of ["PDF", "Markdown"]) check(links.some((l) => l.text === name), `no link to the ${name}: ${JSON.stringify(links)}`);
  for (const l of links) {
    check(l.href.startsWith("file:") && existsSync(fileURLToPath(l.href.split(/[?#]/)[0])), `the link “${l.text}” leads nowhere: ${l.href}`);
  }
  report.push(`links: ${links.map((l) => l.text).join(" · ")}`);

  // One term.
  const one = await search(page, term);
  check(one.count > 0 && one.results > 0, `search for “${term}” found nothing (status: ${one.status})`);
  await page.screenshot({ path: `${shots}/search.png` });
  if (one.results > 0) {
    await page.click("#search-results li a");
    check(await page.locator("mark.hit").first().isVisible(), "the first search hit is not visible after clicking its result");
  }
  // Two terms, in either order: a second term from a paragraph holding the first, far
  // enough from it that the two never touch; the pair never occurs as one string.
  const second = await page.evaluate((t) => {
    for (const p of document.querySelectorAll(".body p")) {
      const text = p.textContent;
      const at = text.indexOf(t);
      if (at === -1) continue;
      const rest = text.slice(at + t.length + 6).replace(/[^\u4e00-\u9fff]/g, "");
      if (rest.length >= 4) return rest.slice(rest.length - 4, rest.length - 2);
    }
    return null;
  }, term);
  check(second, `no paragraph holds “${term}” and more text after it`);
  if (second) {
    const ab = await search(page, `${term} ${second}`);
    const ba = await search(page, `${second}　${term}`);
    check(ab.results > 0, `search for “${term} ${second}” found nothing (status: ${ab.status})`);
    check(ab.results === ba.results && ab.count === ba.count, `“${term} ${second}” found ${ab.results}, “${second} ${term}” ${ba.results}`);
    const both = ab.units.every((u) => u.includes(term) && u.includes(second));
    check(both, `search for “${term} ${second}” marked a paragraph without both terms`);
    const none = await search(page, `${term} 喵喵喵不存在的词`);
    check(none.count === 0 && none.results === 0, `a term found nowhere still gave ${none.results} results`);
    report.push(`search “${term}”: ${one.results} results; “${term} ${second}”: ${ab.results}; “${second} ${term}”: ${ba.results}`);
  }
  // A heading's title is in the 目录 and in the body: only the body's is a result.
  const title = await page.evaluate(() => {
    const h = document.querySelector("section.level1 > h3");
    return h.textContent.replace(h.querySelector(".num")?.textContent || "", "").trim();
  });
  const heading = await search(page, title);
  check(heading.results > 0, `search for the heading “${title}” found nothing`);
  check(heading.inContents === 0, `search for “${title}” marked ${heading.inContents} hits in the 目录`);

  // A 专栏 box and the indicator table, for a look by eye.
  await page.fill("#search-input", "");
  const column = page.locator("aside.column").first();
  if (await column.count()) await column.screenshot({ path: `${shots}/column.png` });
  const table = page.locator("figure.indicators").first();
  if (await table.count()) await table.screenshot({ path: `${shots}/table.png` });
  const chapter = page.locator("section.level0").first();
  await chapter.scrollIntoViewIfNeeded();
  await page.evaluate(() => document.querySelector("section.level0").scrollIntoView({ behavior: "instant" }));
  await page.screenshot({ path: `${shots}/desktop-body.png` });

  // ---- Phone, 390 px.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const mobile = await open(phone, "phone");
  await mobile.screenshot({ path: `${shots}/phone.png` });
  check(!(await mobile.locator("#sidebar").isVisible()), "on a phone the sidebar should start hidden");
  const cells = await mobile.evaluate(() => {
    const fig = document.querySelector("figure.indicators");
    if (!fig) return null;
    fig.scrollIntoView({ behavior: "instant" });
    const box = fig.querySelector(".table-scroll") || fig;
    const narrow = [...fig.querySelectorAll("th, td")]
      .map((c) => {
        // The width its text has: the cell's, less its padding.
        const st = getComputedStyle(c);
        const inner = c.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
        return { text: c.textContent, chars: inner / parseFloat(st.fontSize) };
      })
      .filter((c) => c.chars < 2);
    return {
      narrow,
      scrolls: box.scrollWidth > box.clientWidth,
      page: document.scrollingElement.scrollWidth,
      view: window.innerWidth,
    };
  });
  if (cells) {
    check(cells.narrow.length === 0, `on a phone ${cells.narrow.length} table cells are narrower than 2 characters: ${JSON.stringify(cells.narrow.slice(0, 5))}`);
    check(cells.page <= cells.view, `on a phone the page is ${cells.page} px wide in a ${cells.view} px screen`);
    report.push(`phone: table scrolls in its box: ${cells.scrolls}; page width ${cells.page} px of ${cells.view}`);
    await mobile.screenshot({ path: `${shots}/phone-table.png` });
  }
  const phoneMeasure = await mobile.evaluate(() => {
    const p = document.querySelector(".body p");
    p.scrollIntoView({ behavior: "instant" });
    return p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize);
  });
  report.push(`reading width at 390 px: ${phoneMeasure.toFixed(1)} characters`);
  await mobile.screenshot({ path: `${shots}/phone-body.png` });
  await mobile.click("#toc-toggle");
  check(await mobile.locator("#sidebar").isVisible(), "the 目录 button does not open the sidebar");
  await mobile.screenshot({ path: `${shots}/phone-toc.png` });
} finally {
  await browser.close();
}
for (const line of report) console.log(line);
failures.push(...errors);
if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  console.error(`browser check: ${failures.length} failed`);
  process.exit(1);
}
console.log(`browser check passed: 0 console errors; screenshots in ${shots}`);
