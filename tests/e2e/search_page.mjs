// End-to-end test of the search page (src/server/page.html) in headless Chromium.
//
//   node search_page.mjs http://127.0.0.1:PORT      (or E2E_BASE_URL=...)
//
// Expects a running `dangjian-search serve` over the bundled corpus (tests/e2e/run.sh
// starts one). Uses Debian's Chromium (/usr/bin/chromium, or $CHROMIUM) through
// playwright-core; never downloads a browser. Every wait is explicit (no sleeps).
// Prints one PASS/FAIL line per step and exits non-zero if any step failed.

import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "..", "..");
const OUT = join(HERE, "out");
const BASE = (process.argv[2] || process.env.E2E_BASE_URL || "").replace(/\/+$/, "");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS) || 15000;
// For working on the page without rebuilding: serve GET / from src/server/page.html on disk.
const PAGE_FROM_DISK = process.env.E2E_PAGE_FROM_DISK === "1";
const PAGE_FILE = join(ROOT, "src/server/page.html");

if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(BASE)) {
  console.error("usage: node search_page.mjs http://127.0.0.1:PORT  (only 127.0.0.1 is allowed)");
  process.exit(2);
}

// The expectations, from the bundled page corpus/000_d29847e9c32fafa7.txt.
const QUERY = "集体经济";
const FIRST_TITLE = "集体经济激活社区“造血”功能";
const FIRST_BODY_WORD = "鄂托克前旗";
const FACET_AUTHOR = "许敬";
const BROAD_QUERY = "群众"; // several hits, several authors
const BROAD_AUTHOR = "宋爽"; // writes some, not all, of them
const SUGGEST_PREFIX = "头雁"; // a headline word of the page
const ENTITY_PERSON = "史连成"; // named in one story of BROAD_QUERY's hits
const ENTITY_STORY = "银发力量为基层治理助力添彩";
const ENTITY_PLACE = "正蓝旗";
const ENTITY_ORG = "乌拉特中旗农牧科技局";
const XSS_Q = `<script>window.__xss=1;alert(1)</script><img src=x onerror="window.__xss=2;alert(2)">`;
const XSS_FILTER = `<img src=x onerror="window.__xss=3">`;

// ---------------------------------------------------------------- harness
const results = [];
function check(cond, msg) {
  if (!cond) throw new Error(msg);
}
function eq(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push([name, true]);
    console.log(`PASS  ${name}  (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push([name, false]);
    console.log(`FAIL  ${name}: ${String((e && e.message) || e).split("\n")[0]}`);
    if (process.env.E2E_VERBOSE) console.log(e);
  }
}

// ---------------------------------------------------------------- browser
mkdirSync(OUT, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), "dangjian-e2e-profile-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=zh-CN",
    // Belt and braces: no name but 127.0.0.1 resolves, so nothing can leave the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
  ],
  viewport: { width: 1280, height: 900 },
  locale: "zh-CN",
  timezoneId: "Asia/Shanghai",
  reducedMotion: "reduce",
});
context.setDefaultTimeout(TIMEOUT);

// Anything that is not the server under test is refused and remembered: the page must be
// self-contained (no external scripts, fonts, images).
const foreign = [];
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (PAGE_FROM_DISK && (url === BASE + "/" || url.startsWith(BASE + "/?") || url.startsWith(BASE + "/#")))
    return route.fetch().then((response) => route.fulfill({ response, body: readFileSync(PAGE_FILE, "utf8") })); // keeps the CSP
  if (url.startsWith(BASE + "/") || url === BASE || url.startsWith("data:") || url === "about:blank") return route.continue();
  foreign.push(url);
  return route.abort();
});

const page = context.pages()[0] || (await context.newPage());
const dialogs = [];
const pageErrors = [];
page.on("dialog", (d) => {
  dialogs.push(d.type() + ": " + d.message());
  d.dismiss().catch(() => {});
});
page.on("pageerror", (e) => pageErrors.push(String(e && e.message)));

// ---------------------------------------------------------------- page helpers
const hits = page.locator("#results li.hit");
const firstLink = page.locator("#results li.hit h3 a").first();
const dialog = page.locator("dialog#article");
const chips = page.locator("#active-filters .chip");

/** page.waitForFunction with a readable failure. */
async function until(what, fn, arg) {
  try {
    await page.waitForFunction(fn, arg);
  } catch (e) {
    throw new Error(`timed out waiting until ${what}`);
  }
}
/** Waits until a search has finished rendering (summary "共 N 篇…", list not busy). Returns N. */
async function searchDone() {
  await until("the search results are rendered (summary 共 N 篇, list not busy)", () => {
    const r = document.getElementById("results");
    return r.getAttribute("aria-busy") === "false" && /^共 \d+ 篇/.test(document.getElementById("summary").textContent);
  });
  return Number(/^共 (\d+) 篇/.exec(await page.locator("#summary").textContent())[1]);
}
/** Navigates and waits for the page's first search (or its hint, without q). */
async function open(qs = "") {
  await page.goto(BASE + "/" + qs, { waitUntil: "domcontentloaded" });
  if (new URLSearchParams(qs.replace(/#.*/, "")).get("q")) return searchDone();
  await page.locator("#results li.hint").waitFor();
  return 0;
}
const params = () => new URL(page.url()).searchParams;
const titles = () => page.locator("#results li.hit h3").allTextContents();
const facetButton = (label, value) =>
  page.locator("#facets section").filter({ has: page.locator("h2", { hasText: label }) })
    .locator("li button").filter({ has: page.locator("span:not(.count)", { hasText: new RegExp("^" + value + "$") }) });
const waitSearchResponse = (pred) =>
  page.waitForResponse((r) => r.url().startsWith(BASE + "/api/search?") && pred(new URL(r.url()).searchParams));

// ---------------------------------------------------------------- steps
await step("served page is src/server/page.html (binary not stale)", async () => {
  const served = await (await fetch(BASE + "/")).text();
  const onDisk = readFileSync(PAGE_FILE, "utf8");
  if (PAGE_FROM_DISK) return console.log("      (E2E_PAGE_FROM_DISK=1: the page comes from disk" + (served === onDisk ? ")" : "; the binary's copy is stale)"));
  check(served === onDisk, "GET / differs from src/server/page.html: rebuild the binary (cargo build)");
});

await step("open / : empty state, search box focused", async () => {
  await open();
  await until("the search box has focus", () => document.activeElement && document.activeElement.id === "q");
  eq(await hits.count(), 0, "hits before searching");
  eq(await page.title(), "党建报道检索", "document title");
});

let firstHitId = "";
await step(`type ${QUERY} + Enter: first result is ${FIRST_TITLE}`, async () => {
  const q = page.locator("#q");
  await q.click();
  await q.pressSequentially(QUERY);
  const resp = waitSearchResponse((p) => p.get("q") === QUERY);
  await q.press("Enter");
  await resp;
  const total = await searchDone();
  check(total >= 1, `total ${total}`);
  eq((await titles())[0], FIRST_TITLE, "first result title");
  firstHitId = decodeURIComponent((await firstLink.getAttribute("href")).split("#article=")[1] || "");
  check(firstHitId, "first result link has no #article= id");
});

await step(`results highlight <mark>${QUERY}</mark>`, async () => {
  const marks = await page.locator("#results mark").allTextContents();
  check(marks.includes(QUERY), `marks found: ${JSON.stringify(marks)}`);
  check(await page.locator("#results li.hit").first().locator("h3 mark", { hasText: QUERY }).count() === 1, "title of first hit has no <mark>");
  check(await page.locator("#results li.hit").first().locator(".snippet mark").count() >= 1, "first hit's snippets have no <mark>");
});

await step("URL carries the query (shareable link) and reloading it restores the search", async () => {
  eq(params().get("q"), QUERY, "q in URL");
  const url = page.url();
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await searchDone();
  eq(await page.locator("#q").inputValue(), QUERY, "search box after reload");
  eq((await titles())[0], FIRST_TITLE, "first result after reload");
});

await step("screenshot tests/e2e/out/search.png", async () => {
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.screenshot({ path: join(OUT, "search.png"), fullPage: true });
});

await step(`facet: click author ${FACET_AUTHOR} -> chip, URL, total = facet count`, async () => {
  const btn = facetButton("作者", FACET_AUTHOR);
  await btn.waitFor();
  const count = Number(await btn.locator(".count").textContent());
  check(count >= 1, `facet count ${count}`);
  const resp = waitSearchResponse((p) => p.get("author") === FACET_AUTHOR && p.get("q") === QUERY);
  await btn.click();
  await resp;
  const total = await searchDone();
  await chips.filter({ hasText: "作者：" + FACET_AUTHOR }).waitFor();
  eq(await chips.count(), 1, "chips");
  eq(params().get("author"), FACET_AUTHOR, "author in URL");
  eq(total, count, "total after filtering vs facet count");
  eq(await hits.count(), Math.min(count, 10), "hits shown");
  for (const m of await page.locator("#results li.hit .meta").allTextContents()) check(m.includes(FACET_AUTHOR), `hit without the author: ${m}`);
  eq(await facetButton("作者", FACET_AUTHOR).getAttribute("aria-pressed"), "true", "facet aria-pressed");
  eq((await titles())[0], FIRST_TITLE, "first result after filtering");
});

await step(`entity facets: 人物, 地点, 机构 boxes for ${BROAD_QUERY}; click person ${ENTITY_PERSON} -> that story`, async () => {
  await open("?q=" + encodeURIComponent(BROAD_QUERY));
  for (const [label, value] of [["人物", ENTITY_PERSON], ["地点", ENTITY_PLACE], ["机构", ENTITY_ORG]]) {
    await facetButton(label, value).waitFor();
  }
  for (const author of [BROAD_AUTHOR, FACET_AUTHOR]) {
    eq(await facetButton("人物", author).count(), 0, `author ${author} in the 人物 box`);
  }
  const btn = facetButton("人物", ENTITY_PERSON);
  const count = Number(await btn.locator(".count").textContent());
  const resp = waitSearchResponse((p) => p.get("person") === ENTITY_PERSON);
  await btn.click();
  await resp;
  const total = await searchDone();
  eq(total, count, "total after filtering by person vs facet count");
  eq(params().get("person"), ENTITY_PERSON, "person in URL");
  await chips.filter({ hasText: "人物：" + ENTITY_PERSON }).waitFor();
  eq((await titles())[0], ENTITY_STORY, "the person's story");
  await page.screenshot({ path: join(OUT, "entity-facets.png"), fullPage: true });
});

await step(`facet narrows: ${BROAD_QUERY} then author ${BROAD_AUTHOR}; removing the chip restores`, async () => {
  const before = await open("?q=" + encodeURIComponent(BROAD_QUERY));
  const btn = facetButton("作者", BROAD_AUTHOR);
  const count = Number(await btn.locator(".count").textContent());
  check(count >= 1 && count < before, `facet count ${count} vs total ${before}: corpus changed?`);
  const resp = waitSearchResponse((p) => p.get("author") === BROAD_AUTHOR);
  await btn.click();
  await resp;
  const total = await searchDone();
  eq(total, count, "total after filtering vs facet count");
  eq(await hits.count(), count, "hits shown after filtering");
  for (const m of await page.locator("#results li.hit .meta").allTextContents()) check(m.includes(BROAD_AUTHOR), `hit without the author: ${m}`);
  const chip = chips.filter({ hasText: "作者：" + BROAD_AUTHOR });
  await chip.waitFor();
  const back = waitSearchResponse((p) => !p.has("author"));
  await chip.click();
  await back;
  eq(await searchDone(), before, "total after removing the chip");
  await page.locator("#active-filters").waitFor({ state: "hidden" });
  check(!params().has("author"), "author still in URL");
});

await step("article view: click the first result, body shows, close button closes", async () => {
  await open("?q=" + encodeURIComponent(QUERY));
  await firstLink.click();
  await dialog.waitFor({ state: "visible" });
  await page.locator("#article-content .body p").first().waitFor();
  eq(await page.locator("#article-title").textContent(), FIRST_TITLE, "article title");
  const body = (await page.locator("#article-content .body").textContent()) || "";
  check(body.includes(FIRST_BODY_WORD) && body.includes(QUERY), `article body lacks ${FIRST_BODY_WORD}/${QUERY} (${body.length} chars)`);
  check(page.url().includes("#article="), "URL has no #article=");
  await page.screenshot({ path: join(OUT, "article.png") });
  await page.locator("#article-close").click();
  await dialog.waitFor({ state: "hidden" });
  await until("the URL has no #article=", () => !location.hash);
  eq(params().get("q"), QUERY, "q in URL after closing");
  check(await firstLink.evaluate((a) => a === document.activeElement), "focus did not return to the result link");
});

await step("article deep link (#article=id) opens the article on load; Escape closes it", async () => {
  check(firstHitId, "no id from the first step");
  await page.goto(BASE + "/?q=" + encodeURIComponent(QUERY) + "#article=" + encodeURIComponent(firstHitId));
  await dialog.waitFor({ state: "visible" });
  await page.locator("#article-title", { hasText: FIRST_TITLE }).waitFor();
  await searchDone();
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  await until("the URL has no #article=", () => !location.hash);
});

await step("pasted passage (over 200 characters) goes by POST and finds its article first", async () => {
  check(firstHitId, "no id from the first step");
  const article = await (await fetch(BASE + "/api/articles/" + encodeURIComponent(firstHitId))).json();
  const passage = article.body.join("\n").slice(0, 400);
  check(passage.length > 200, `the article's body is too short for a passage (${passage.length} chars)`);
  await open();
  const resp = page.waitForResponse((r) => r.url() === BASE + "/api/search" && r.request().method() === "POST");
  await page.locator("#q").fill(passage);
  await page.locator("#q").press("Enter");
  eq((await resp).status(), 200, "POST /api/search status");
  await searchDone();
  const href = (await firstLink.getAttribute("href")) || "";
  eq(decodeURIComponent(href.split("#article=")[1] || ""), firstHitId, "first result of the passage");
  // 导出 of a passage is posted too (no 400-character URL), and saved as a file.
  await page.locator("#export").waitFor();
  const exported = page.waitForResponse((r) => r.url() === BASE + "/api/export" && r.request().method() === "POST");
  const download = page.waitForEvent("download");
  await page.locator("#export-csv").click();
  eq((await exported).status(), 200, "POST /api/export status");
  const file = await (await download).path();
  const csv = readFileSync(file, "utf8");
  check(csv.charCodeAt(0) === 0xfeff, "the posted CSV has no BOM");
  check(csv.includes(firstHitId), "the posted export misses the passage's article");
});

await step("keyboard: / focuses the box, Tab reaches the first result, Enter opens, Escape closes", async () => {
  await open("?q=" + encodeURIComponent(QUERY));
  await page.locator("main").click({ position: { x: 5, y: 5 } }); // focus nothing in particular
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press("/");
  await until("the search box has focus", () => document.activeElement && document.activeElement.id === "q");
  eq(await page.locator("#q").inputValue(), QUERY, "'/' must not be typed into the box");
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await firstLink.evaluate((a) => a === document.activeElement);
    if (!reached) {
      const inResults = await page.evaluate(() => !!(document.activeElement && document.activeElement.closest("#results, #facets")));
      check(!inResults, "Tab entered the results/facets before reaching the first result link");
    }
  }
  check(reached, "first result link not reached with Tab");
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "visible" });
  await page.locator("#article-title", { hasText: FIRST_TITLE }).waitFor();
  await page.locator("#article-content .body p").first().waitFor();
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  await until("the URL has no #article=", () => !location.hash);
  check(await firstLink.evaluate((a) => a === document.activeElement), "focus did not return to the result link after Escape");
});

await step("XSS: ?q=<script>… and filter/article payloads run nothing and show as text", async () => {
  const qs = "?q=" + encodeURIComponent(XSS_Q) + "&author=" + encodeURIComponent(XSS_FILTER) +
    "&column=" + encodeURIComponent(XSS_FILTER) + "#article=" + encodeURIComponent(XSS_FILTER);
  await page.goto(BASE + "/" + qs, { waitUntil: "domcontentloaded" });
  await searchDone();
  await dialog.waitFor({ state: "visible" });
  await page.locator("#article-title", { hasText: "无法加载文章" }).waitFor();
  eq(await page.locator("#q").inputValue(), XSS_Q, "search box shows the query as typed");
  const chipTexts = await chips.allTextContents();
  check(chipTexts.includes("作者：" + XSS_FILTER) && chipTexts.includes("栏目：" + XSS_FILTER), `chips: ${JSON.stringify(chipTexts)}`);
  const injected = await page.evaluate(() => document.querySelectorAll(
    ":is(#error, #summary, #active-filters, #results, #facets, #article-content) :is(script, img, iframe, svg, object)").length);
  eq(injected, 0, "injected elements");
  await page.locator("#results li.empty").waitFor();
  check(await page.locator("#pager").isHidden(), "pager shown for 0 results");
  await page.screenshot({ path: join(OUT, "xss.png") });
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  // Typed into the box, too.
  await page.locator("#q").fill(XSS_Q);
  const resp = waitSearchResponse((p) => p.get("q") === XSS_Q);
  await page.locator("#q").press("Enter");
  await resp;
  await searchDone();
  eq(await page.evaluate(() => window.__xss), undefined, "window.__xss");
  eq(dialogs.length, 0, "dialogs: " + dialogs.join(" | "));
});

await step("narrow viewport (390 px): no horizontal scrolling, facets below results", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await open("?q=" + encodeURIComponent(BROAD_QUERY));
    const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
    check(sw <= cw, `page is ${sw}px wide in a ${cw}px viewport`);
    const r = await page.locator("#results").boundingBox(), f = await page.locator("#facets").boundingBox();
    check(f && r && f.y >= r.y + r.height - 1, "facets are not below the results");
    await page.screenshot({ path: join(OUT, "mobile.png"), fullPage: true });
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

await step("suggestions: typing 头雁 lists them under the box; ArrowDown + Enter searches the picked one", async () => {
  await open();
  const q = page.locator("#q");
  await q.click();
  const resp = page.waitForResponse((r) => r.url().startsWith(BASE + "/api/suggest?") && new URL(r.url()).searchParams.get("q") === SUGGEST_PREFIX);
  await q.pressSequentially(SUGGEST_PREFIX);
  await resp;
  const options = page.locator("#suggest li[role=option]");
  await options.first().waitFor();
  eq(await q.getAttribute("aria-expanded"), "true", "combobox aria-expanded");
  const texts = await page.locator("#suggest li .text").allTextContents();
  check(texts.length >= 1 && texts.every((t) => t.startsWith(SUGGEST_PREFIX)), `suggestions: ${JSON.stringify(texts)}`);
  check(texts.includes(SUGGEST_PREFIX), `no ${SUGGEST_PREFIX} among ${JSON.stringify(texts)}`);
  await page.screenshot({ path: join(OUT, "suggest.png") });
  await q.press("ArrowDown");
  eq(await options.first().getAttribute("aria-selected"), "true", "first option selected by ArrowDown");
  eq(await q.getAttribute("aria-activedescendant"), "sug-0", "aria-activedescendant");
  await q.press("ArrowUp");
  eq(await options.first().getAttribute("aria-selected"), "false", "ArrowUp back to the box");
  await q.press("ArrowDown");
  const search = waitSearchResponse((p) => p.get("q") === texts[0]);
  await q.press("Enter");
  await search;
  await searchDone();
  eq(params().get("q"), texts[0], "q after picking");
  check(await page.locator("#suggest").isHidden(), "list still shown after picking");
  await q.fill("");
  await q.pressSequentially(SUGGEST_PREFIX);
  await options.first().waitFor();
  await q.press("Escape");
  await page.locator("#suggest").waitFor({ state: "hidden" });
});

await step("suggestions: none while an IME composition is active, then for the committed text", async () => {
  await open();
  const asked = [];
  const onReq = (r) => { if (r.url().startsWith(BASE + "/api/suggest?")) asked.push(new URL(r.url()).searchParams.get("q")); };
  page.on("request", onReq);
  try {
    await page.locator("#q").click();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Input.imeSetComposition", { text: "tou", selectionStart: 3, selectionEnd: 3 });
    await cdp.send("Input.imeSetComposition", { text: "touyan", selectionStart: 6, selectionEnd: 6 });
    await until("the composition text is in the box", () => document.getElementById("q").value === "touyan");
    // A negative check needs some time: longer than the page's 100 ms debounce.
    await page.waitForTimeout(400);
    check(await page.locator("#suggest").isHidden(), "suggestions shown during composition");
    eq(asked.length, 0, "suggest requests during composition: " + JSON.stringify(asked));
    await cdp.send("Input.insertText", { text: SUGGEST_PREFIX });
    await page.locator("#suggest li[role=option]").first().waitFor();
    eq(await page.locator("#q").inputValue(), SUGGEST_PREFIX, "committed text");
    check(asked.every((a) => a === SUGGEST_PREFIX), "asked for: " + JSON.stringify(asked));
    await cdp.detach();
  } finally {
    page.off("request", onReq);
  }
});

await step("export: 导出 links carry the search; CSV has BOM + header, JSONL has total rows", async () => {
  const total = await open("?q=" + encodeURIComponent(BROAD_QUERY) + "&author=" + encodeURIComponent(BROAD_AUTHOR));
  check(total >= 1, `total ${total}`);
  await page.locator("#export").waitFor();
  const csvHref = await page.locator("#export-csv").getAttribute("href");
  const p = new URL(csvHref, BASE).searchParams;
  eq(p.get("q"), BROAD_QUERY, "q in the export link");
  eq(p.get("author"), BROAD_AUTHOR, "author in the export link");
  eq(p.get("format"), "csv", "format");
  // Bytes, not text(): decoding as UTF-8 drops the BOM this checks for.
  const bytes = new Uint8Array(await (await fetch(new URL(csvHref, BASE))).arrayBuffer());
  check(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, "CSV has no BOM");
  const csv = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  eq(csv.slice(1).split("\r\n")[0].split("\n")[0], "id,date,title,column,authors,tags,url,score", "CSV header");
  const jsonl = await (await fetch(new URL(await page.locator("#export-jsonl").getAttribute("href"), BASE))).text();
  const rows = jsonl.split("\n").filter(Boolean).map((l) => JSON.parse(l));
  eq(rows.length, total, "JSONL rows vs search total");
  check(rows.every((r) => (r.authors || []).some((a) => a.name === BROAD_AUTHOR)), "a row without the author filter's author");
  await open("?q=" + encodeURIComponent(XSS_FILTER));
  check(await page.locator("#export").isHidden(), "export shown for 0 results");
});

await step("article view shows 相关报道: other articles, never itself; clicking one opens it", async () => {
  await open("?q=" + encodeURIComponent(QUERY));
  await firstLink.click();
  await dialog.waitFor({ state: "visible" });
  await page.locator("#related h3", { hasText: "相关报道" }).waitFor();
  const links = page.locator("#related li a");
  await links.first().waitFor();
  const n = await links.count();
  check(n >= 1 && n <= 5, `related links: ${n}`);
  const ids = (await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))).map((h) => decodeURIComponent(h.split("#article=")[1] || ""));
  check(ids.every((id) => id && id !== firstHitId), "related lists the article itself: " + JSON.stringify(ids));
  await page.screenshot({ path: join(OUT, "related.png"), fullPage: false });
  await page.locator("#related").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(OUT, "related-list.png") });
  const title = await links.first().textContent();
  await links.first().click();
  await page.locator("#article-title", { hasText: title }).waitFor();
  check(page.url().includes("#article=" + encodeURIComponent(ids[0])), "URL of the related article");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
});

await step("no page errors, no requests outside the server", async () => {
  eq(pageErrors.length, 0, "page errors: " + pageErrors.join(" | "));
  eq(foreign.length, 0, "foreign requests: " + foreign.join(" "));
});

await context.close();
rmSync(profile, { recursive: true, force: true });

const failed = results.filter(([, ok]) => !ok).length;
console.log(failed ? `FAIL  ${failed} of ${results.length} steps failed` : `PASS  all ${results.length} steps`);
process.exit(failed ? 1 : 0);
