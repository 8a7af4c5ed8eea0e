// Lucene peer for the archive benchmark: index a JSONL news corpus with SmartChineseAnalyzer (words)
// or CJKAnalyzer (overlapping character pairs), run a TSV query set with stock MultiFieldQueryParser +
// Highlighter, write timings as JSON.
// Usage: java -cp <lucene jars>:build LuceneBench <articles.jsonl> <queries.tsv> <index_dir> <out.json>
//        <smartcn|cjk> <timed>
// The first <timed> queries are timed (one warm-up pass, then one pass on the wall clock); the rest run
// once, untimed, for their totals.

import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.stream.Stream;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.*;
import org.apache.lucene.search.highlight.*;
import org.apache.lucene.store.FSDirectory;

public class LuceneBench {
    static final String[] FIELDS = {"title", "body"};
    static final Set<String> LOAD = new HashSet<>(Arrays.asList("id", "body"));
    /** -Dlucene.peer.stockOr=true: keep the unpatched parser behaviour (see AndMultiFieldQueryParser). */
    static final boolean STOCK_OR = Boolean.getBoolean("lucene.peer.stockOr");
    static final boolean DEBUG = Boolean.getBoolean("lucene.peer.debug"); // print parsed queries to stderr

    public static void main(String[] args) throws Exception {
        if (args.length != 6 || !(args[4].equals("smartcn") || args[4].equals("cjk"))) {
            System.err.println("usage: LuceneBench <articles.jsonl> <queries.tsv> <index_dir> <out.json> <smartcn|cjk> <timed>");
            System.exit(2);
        }
        Path articles = Paths.get(args[0]), queriesTsv = Paths.get(args[1]);
        Path indexDir = Paths.get(args[2]), out = Paths.get(args[3]);
        String engine = args[4];
        int timedCount = Integer.parseInt(args[5]);
        Analyzer analyzer = engine.equals("cjk") ? new CJKAnalyzer() : new SmartChineseAnalyzer();

        // ---- ingest ----
        wipeIndexDir(indexDir);
        long t0 = System.nanoTime();
        int n = 0;
        try (FSDirectory dir = FSDirectory.open(indexDir)) {
            IndexWriterConfig cfg = new IndexWriterConfig(analyzer);
            cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
            cfg.setRAMBufferSizeMB(256.0);
            try (IndexWriter w = new IndexWriter(dir, cfg);
                 BufferedReader r = Files.newBufferedReader(articles, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) continue;
                    Map<String, String> a = parseTopLevelStrings(line);
                    Document d = new Document();
                    d.add(new StringField("id", a.getOrDefault("id", ""), Field.Store.YES));
                    d.add(new TextField("title", a.getOrDefault("title", ""), Field.Store.YES));
                    d.add(new TextField("body", a.getOrDefault("body", ""), Field.Store.YES));
                    w.addDocument(d);
                    n++;
                }
                w.commit();
            }
        }
        double ingestSeconds = (System.nanoTime() - t0) / 1e9;
        long indexBytes = 0;
        try (Stream<Path> s = Files.list(indexDir)) {
            for (Path p : (Iterable<Path>) s::iterator) if (Files.isRegularFile(p)) indexBytes += Files.size(p);
        }
        System.err.printf("lucene: indexed %d articles in %.2fs, index %d bytes%n", n, ingestSeconds, indexBytes);

        // ---- queries ----
        List<String[]> queries = new ArrayList<>();
        for (String line : Files.readAllLines(queriesTsv, StandardCharsets.UTF_8)) {
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", -1);
            if (f.length < 2) continue;
            queries.add(new String[]{f[0], f[1]});
        }

        Map<String, Float> boosts = new HashMap<>();
        boosts.put("title", 2.0f);
        boosts.put("body", 1.0f);
        MultiFieldQueryParser parser = new AndMultiFieldQueryParser(FIELDS, analyzer, boosts);
        parser.setDefaultOperator(QueryParser.Operator.AND);

        StringBuilder json = new StringBuilder();
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(indexDir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            long sink = 0;
            int timed = Math.min(timedCount, queries.size());
            for (String[] q : queries.subList(0, timed)) sink += runQuery(searcher, parser, analyzer, q[0], q[1]).snippetChars; // warm-up
            Result[] results = new Result[queries.size()];
            long wall0 = System.nanoTime();
            for (int i = 0; i < timed; i++) results[i] = runQuery(searcher, parser, analyzer, queries.get(i)[0], queries.get(i)[1]);
            double timedWallSeconds = (System.nanoTime() - wall0) / 1e9;
            for (int i = timed; i < queries.size(); i++) results[i] = runQuery(searcher, parser, analyzer, queries.get(i)[0], queries.get(i)[1]);
            json.append("{\"engine\":\"lucene-").append(engine).append("\",\"ingest_seconds\":").append(ingestSeconds)
                .append(",\"index_bytes\":").append(indexBytes).append(",\"articles\":").append(n)
                .append(",\"timed\":").append(timed).append(",\"timed_wall_seconds\":").append(timedWallSeconds)
                .append(",\"queries\":[");
            double[] ms = new double[timed];
            for (int i = 0; i < queries.size(); i++) {
                String[] q = queries.get(i);
                Result res = results[i];
                sink += res.snippetChars;
                if (i < timed) ms[i] = res.ms;
                if (i > 0) json.append(',');
                json.append("{\"kind\":").append(jstr(q[0])).append(",\"q\":").append(jstr(q[1]))
                    .append(",\"total\":").append(res.total).append(",\"error\":").append(res.error == null ? "null" : jstr(res.error))
                .append(",\"top_ids\":[");
                for (int k = 0; k < res.ids.size(); k++) json.append(k > 0 ? "," : "").append(jstr(res.ids.get(k)));
                json.append("],\"ms\":").append(res.ms).append('}');
            }
            json.append("]}\n");
            Arrays.sort(ms);
            if (ms.length > 0)
                System.err.printf("lucene: %d queries, p50 %.3f ms, p95 %.3f ms, max %.3f ms (snippet chars %d)%n",
                    ms.length, ms[ms.length / 2], ms[(int) Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)],
                    ms[ms.length - 1], sink);
        }
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.write(out, json.toString().getBytes(StandardCharsets.UTF_8));
    }

    static final class Result {
        long total; List<String> ids = new ArrayList<>(); double ms; long snippetChars; String error;
    }

    static Result runQuery(IndexSearcher searcher, QueryParser parser, Analyzer analyzer, String kind, String text)
            throws IOException {
        Result res = new Result();
        long t0 = System.nanoTime();
        Query query;
        try {
            query = parser.parse(escapeFor(kind, text));
        } catch (ParseException | RuntimeException e) {   // RuntimeException: e.g. TooManyClauses
            res.total = -1;
            res.error = e.toString();
            res.ms = (System.nanoTime() - t0) / 1e6;
            return res;
        }
        if (query == null) query = new MatchNoDocsQuery(); // text analyzed to nothing (only stop/punct)
        if (DEBUG) System.err.println(kind + "\t" + text + "\t=> " + query);
        // One pass: top 10 by score plus an exact hit count (threshold = MAX_VALUE disables early termination).
        TopScoreDocCollector coll = TopScoreDocCollector.create(10, Integer.MAX_VALUE);
        searcher.search(query, coll);
        TopDocs top = coll.topDocs();
        if (top.totalHits.relation != TotalHits.Relation.EQUAL_TO) throw new IllegalStateException("inexact count");
        res.total = top.totalHits.value;
        QueryScorer scorer = new QueryScorer(query, "body");
        Highlighter hl = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), scorer);
        hl.setTextFragmenter(new SimpleSpanFragmenter(scorer, 80));
        for (ScoreDoc sd : top.scoreDocs) {
            Document d = searcher.doc(sd.doc, LOAD);
            res.ids.add(d.get("id"));
            String body = d.get("body");
            if (body == null) continue;
            try {
                for (String frag : hl.getBestFragments(analyzer, "body", body, 3)) res.snippetChars += frag.length();
            } catch (InvalidTokenOffsetsException e) {
                throw new IOException(e);
            }
        }
        res.ms = (System.nanoTime() - t0) / 1e6;
        return res;
    }

    /**
     * Stock MultiFieldQueryParser ignores the default operator between term positions the analyzer
     * produced from ONE whitespace-free chunk (apache/lucene#16443): with SmartChinese, 科技创新 parses to
     * (title:科技 body:科技) (title:创新 body:创新), i.e. OR. This restores the documented AND form
     * +(title:科技 body:科技) +(title:创新 body:创新). Phrases and single-position queries are untouched.
     */
    static final class AndMultiFieldQueryParser extends MultiFieldQueryParser {
        AndMultiFieldQueryParser(String[] fields, Analyzer a, Map<String, Float> boosts) { super(fields, a, boosts); }

        @Override
        protected Query getFieldQuery(String field, String text, boolean quoted) throws ParseException {
            Query q = super.getFieldQuery(field, text, quoted);
            if (STOCK_OR || field != null || quoted || getDefaultOperator() != Operator.AND || !(q instanceof BooleanQuery))
                return q;
            List<BooleanClause> cs = ((BooleanQuery) q).clauses();
            if (cs.size() < 2) return q;
            for (BooleanClause c : cs)
                if (c.getOccur() != BooleanClause.Occur.SHOULD || !(c.getQuery() instanceof BooleanQuery)) return q;
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            for (BooleanClause c : cs) b.add(c.getQuery(), BooleanClause.Occur.MUST);
            return b.build();
        }
    }

    /** Escape everything for the classic parser; for "quoted" keep the outer quotes so it stays a phrase. */
    static String escapeFor(String kind, String text) {
        // QueryParser.escape leaves the bare operator words alone; "\\AND" parses as the plain term "AND".
        if (!"quoted".equals(kind)) return QueryParser.escape(text).replaceAll("(?<!\\S)(AND|OR|NOT)(?!\\S)", "\\\\$1");
        String inner = text.trim();
        if (inner.length() >= 2 && inner.startsWith("\"") && inner.endsWith("\""))
            inner = inner.substring(1, inner.length() - 1);
        return "\"" + QueryParser.escape(inner) + "\"";
    }

    /** Refuse to delete anything that does not look like a Lucene index directory. */
    static void wipeIndexDir(Path dir) throws IOException {
        if (!Files.exists(dir)) { Files.createDirectories(dir); return; }
        if (!Files.isDirectory(dir)) throw new IOException(dir + " exists and is not a directory");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) { s.forEach(files::add); }
        for (Path p : files) {
            String name = p.getFileName().toString();
            boolean luceneFile = name.startsWith("segments") || name.startsWith("_") || name.equals("write.lock")
                || name.startsWith("pending_segments");
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || !luceneFile)
                throw new IOException("refusing to wipe " + dir + ": contains non-index entry " + name);
        }
        for (Path p : files) Files.delete(p);
    }

    // ---- minimal JSON: top-level string fields of one object; other values are skipped ----
    static Map<String, String> parseTopLevelStrings(String s) {
        Map<String, String> m = new HashMap<>();
        int[] pos = {skipWs(s, 0)};
        expect(s, pos, '{');
        pos[0] = skipWs(s, pos[0]);
        if (s.charAt(pos[0]) == '}') return m;
        while (true) {
            pos[0] = skipWs(s, pos[0]);
            String key = readString(s, pos);
            pos[0] = skipWs(s, pos[0]);
            expect(s, pos, ':');
            pos[0] = skipWs(s, pos[0]);
            if (s.charAt(pos[0]) == '"') m.put(key, readString(s, pos));
            else skipValue(s, pos);
            pos[0] = skipWs(s, pos[0]);
            char c = s.charAt(pos[0]++);
            if (c == '}') return m;
            if (c != ',') throw new IllegalArgumentException("bad JSON at " + (pos[0] - 1));
        }
    }

    static int skipWs(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) i++;
        return i;
    }

    static void expect(String s, int[] pos, char c) {
        if (pos[0] >= s.length() || s.charAt(pos[0]) != c) throw new IllegalArgumentException("expected '" + c + "' at " + pos[0]);
        pos[0]++;
    }

    /** Reads a JSON string starting at the opening quote; \\uXXXX pairs combine naturally as UTF-16. */
    static String readString(String s, int[] pos) {
        expect(s, pos, '"');
        StringBuilder b = new StringBuilder();
        int i = pos[0];
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') break;
            if (c != '\\') { b.append(c); continue; }
            char e = s.charAt(i++);
            switch (e) {
                case '"': b.append('"'); break;
                case '\\': b.append('\\'); break;
                case '/': b.append('/'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                default: throw new IllegalArgumentException("bad escape \\" + e + " at " + (i - 1));
            }
        }
        pos[0] = i;
        return b.toString();
    }

    static void skipValue(String s, int[] pos) {
        int depth = 0;
        while (true) {
            char c = s.charAt(pos[0]);
            if (c == '"') { readString(s, pos); if (depth == 0) return; continue; }
            if (c == '[' || c == '{') depth++;
            else if (c == ']' || c == '}') {
                if (depth == 0) return;            // end of enclosing object: scalar already consumed
                depth--;
                if (depth == 0) { pos[0]++; return; }
            } else if (depth == 0 && (c == ',')) return;
            pos[0]++;
        }
    }

    static String jstr(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20 || Character.isSurrogate(c) && !validPairAt(s, i)) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static boolean validPairAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
