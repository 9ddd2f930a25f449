// Real-browser check of `guihua serve` (Debian's chromium, headless): open a plan, append
// 亿元亿元 to a paragraph's source, see the page reload with the mark on that paragraph and
// the scroll position kept, fix it and see the mark go; break the YAML and see the located
// error page; mend it and see the page come back. Screenshots of each step.
//
// With --bench N: N one-paragraph edits of the example's biggest chapter, each timed from
// the file write to the reloaded page's `load` event by the browser's own clock
// (performance.timeOrigin + loadEventEnd); prints every figure and the median.
//
// usage: node serve.mjs <guihua binary> <workspace> <screenshot dir> [--bench N]
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const [bin, workspace, shots, benchFlag, benchCount] = process.argv.slice(2);
if (!bin || !workspace || !shots) {
  console.error("usage: node serve.mjs <guihua binary> <workspace> <screenshot dir> [--bench N]");
  process.exit(2);
}
const bench = benchFlag === "--bench" ? Number(benchCount || 20) : 0;
mkdirSync(shots, { recursive: true });

// A copy of the workspace: the script edits its files.
const ws = mkdtempSync(join(tmpdir(), "guihua-serve-"));
cpSync(join(workspace, "plans"), join(ws, "plans"), { recursive: true });
if (existsSync(join(workspace, "guihua.yaml"))) cpSync(join(workspace, "guihua.yaml"), join(ws, "guihua.yaml"));
const chapter = join(ws, "plans/qinhuangdao-2021/chapters/04-产业体系.yaml");
const original = readFileSync(chapter, "utf8");
const END = "生命健康产业体系。";
if (!original.includes(END)) throw new Error(`the chapter no longer has “${END}”`);

const server = spawn(resolve(bin), ["serve", "--port", "0", ws], { stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((ok, fail) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
    if (m) ok(m[0]);
  });
  server.on("exit", (code) => fail(new Error(`guihua serve exited (${code}): ${out}`)));
  setTimeout(() => fail(new Error(`no address from guihua serve after 30 s: ${out}`)), 30000);
});

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const failures = [];
const errors = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const reloads = [];
// Write the chapter and wait for the reload that shows `marker`; the ms from the write to
// that page's `load` event.
async function save(page, text, marker) {
  const written = Date.now();
  writeFileSync(chapter, text);
  for (;;) {
    await page.waitForEvent("load", { timeout: 20000 });
    const [end, start, shown] = await page.evaluate((m) => {
      const nav = performance.getEntriesByType("navigation")[0];
      return [performance.timeOrigin + nav.loadEventEnd, performance.timeOrigin, document.body.textContent.includes(m)];
    }, marker);
    if (!shown) continue;
    // The reload itself: from the navigation's start to its load event.
    reloads.push(end - start);
    return end - written;
  }
}

// The element a mark is on: the chapter's first block (its first paragraph).
const firstParagraph = (page) => page.evaluate(() => {
  const ch = document.getElementById("ch-industry-system");
  if (!ch) return null;
  const p = Array.prototype.filter.call(ch.children, (c) => !/^(H[1-6]|SECTION)$/.test(c.tagName))[0];
  return { cls: p.className, title: p.title, text: p.textContent.slice(-12) };
});

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("console", (msg) => { if (msg.type() === "error") errors.push(`console: ${msg.text()}`); });
  page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
  await page.goto(`${base}qinhuangdao-2021/`, { waitUntil: "load" });
  await page.evaluate(() => document.getElementById("ch-industry-system").scrollIntoView({ behavior: "instant" }));
  await page.waitForTimeout(100);
  const scrolled = await page.evaluate(() => window.scrollY);
  check(scrolled > 500, `the chapter is far down the page (scrollY ${scrolled})`);
  await page.screenshot({ path: `${shots}/serve-clean.png` });

  if (bench) {
    const times = [];
    for (let i = 0; i < bench; i++) {
      const text = original.replace(END, `生命健康产业体系。第${i + 1}次修改。`);
      times.push(await save(page, text, `第${i + 1}次修改。`));
    }
    await save(page, original, END);
    times.sort((a, b) => a - b);
    const median = times.length % 2 ? times[(times.length - 1) / 2]
      : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
    console.log(`save-to-reloaded over ${times.length} edits (ms): ${times.map((t) => t.toFixed(0)).join(" ")}`);
    const r = reloads.slice(0, times.length).sort((a, b) => a - b);
    console.log(`of which the page's own reload (navigation start to load), median ${r[Math.floor(r.length / 2)].toFixed(1)} ms`);
    console.log(`median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)}`);
  } else {
    // 1. A doubled unit: the paragraph is marked, the message is on hover, the panel lists it.
    const ms = await save(page, original.replace(END, `${END}亿元亿元`), "亿元亿元");
    const marked = await firstParagraph(page);
    check(marked && marked.cls.includes("guihua-mark-error"), `the edited paragraph is marked (${JSON.stringify(marked)})`);
    check(marked && marked.title.includes("T003"), `the mark's hover text names T003 (${marked && marked.title})`);
    const y = await page.evaluate(() => window.scrollY);
    check(Math.abs(y - scrolled) < 40, `the scroll position is kept (${scrolled} → ${y})`);
    const panel = await page.textContent("#guihua-panel");
    check(panel && panel.includes("T003") && panel.includes("04-产业体系.yaml:5:"), `the panel lists it (${panel})`);
    await page.screenshot({ path: `${shots}/serve-marked.png` });
    // The panel's entry jumps to the mark.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click("#guihua-panel li.error");
    const inView = await page.evaluate(() => {
      const r = document.querySelector(".guihua-mark-error").getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    });
    check(inView, "clicking the panel's entry brings the mark into view");
    console.log(`marked after ${ms.toFixed(0)} ms`);

    // 2. Fixed: the mark goes.
    await save(page, original, END);
    const fixed = await firstParagraph(page);
    check(fixed && !fixed.cls.includes("guihua-mark"), `the mark is gone (${JSON.stringify(fixed)})`);
    check((await page.locator("#guihua-panel").count()) === 0, "no panel without problems");

    // 3. Broken YAML: the located error replaces the page.
    await save(page, original.replace("title: 产业体系", "title: [产业体系"), "规划无法载入");
    const error = await page.textContent("body");
    check(error.includes("规划无法载入"), "the error page says the plan does not load");
    check(error.includes("04-产业体系.yaml:4:5") && error.includes("L001"), `file:line:col and the code (${error.slice(0, 300)})`);
    await page.screenshot({ path: `${shots}/serve-error.png` });

    // 4. Mended: the page comes back.
    await save(page, original, END);
    check((await page.locator("#ch-industry-system").count()) === 1, "the plan's page is back");
    check((await page.locator("#guihua-error").count()) === 0, "no error page left");
    await page.screenshot({ path: `${shots}/serve-back.png` });
  }
} finally {
  await browser.close();
  server.kill();
  rmSync(ws, { recursive: true, force: true });
}
for (const e of errors) failures.push(e);
if (failures.length) {
  for (const f of failures) console.error(`FAIL: ${f}`);
  process.exit(1);
}
console.log(bench ? "serve bench done" : "serve browser check: 1 passed, 0 failed");
