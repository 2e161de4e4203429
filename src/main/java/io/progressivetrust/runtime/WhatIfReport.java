package io.progressivetrust.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The what-if report: a table per score, the accounts hit hardest, as text and as an HTML page with a chart. */
final class WhatIfReport {

    private final Map<String, String> change;
    private final long start;
    private final long end;
    private final long records;
    private final PolicyComparison comparison;
    private final List<Map.Entry<String, PolicyComparison.Tally>> hardest;

    WhatIfReport(Map<String, String> change, long start, long end, long records, PolicyComparison comparison, int top) {
        this.change = change;
        this.start = start;
        this.end = end;
        this.records = records;
        this.comparison = comparison;
        this.hardest = comparison.byAccount.entrySet().stream()
                .filter(e -> e.getValue().nowRejected > 0)
                .sorted((a, b) -> Long.compare(b.getValue().nowRejected, a.getValue().nowRejected))
                .limit(top).toList();
    }

    String text() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "What if %s, over %,d records from %s to %s%n%n", changeText(), records,
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(end)));
        s.append(String.format(Locale.ROOT, "%-6s %12s %14s %18s %22s %22s%n", "score", "intents", "accepted now",
                "accepted if changed", "accepted -> rejected", "rejected -> accepted"));
        PolicyComparison.Tally total = new PolicyComparison.Tally();
        for (Map.Entry<String, PolicyComparison.Tally> e : comparison.byScore.entrySet()) {
            row(s, e.getKey(), e.getValue());
            add(total, e.getValue());
        }
        row(s, "all", total);
        s.append(String.format(Locale.ROOT, "%nUnreadable records skipped: %,d; duplicates: %,d%n", comparison.unreadable,
                comparison.duplicates));
        if (hardest.isEmpty()) {
            s.append("No account would lose an accepted intent.\n");
        } else {
            s.append("\nAccounts hit hardest (intents accepted now that would be rejected):\n");
            for (Map.Entry<String, PolicyComparison.Tally> e : hardest) {
                Integer score = comparison.scoreOf(e.getKey());
                s.append(String.format(Locale.ROOT, "  %-40s score %-4s %,10d%n", e.getKey(), score == null ? "none" : score,
                        e.getValue().nowRejected));
            }
        }
        return s.toString();
    }

    String html() {
        long max = Math.max(1, comparison.byScore.values().stream()
                .mapToLong(t -> Math.max(t.nowRejected, t.nowAccepted)).max().orElse(1));
        StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>What if "
                + escape(changeText()) + "</title><style>body{font-family:sans-serif;margin:2em;max-width:60em}"
                + "table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:right}"
                + "th:first-child,td:first-child{text-align:left}.lost{fill:#c0392b}.won{fill:#27ae60}</style></head><body>");
        h.append("<h1>What if ").append(escape(changeText())).append("</h1><p>").append(String.format(Locale.ROOT, "%,d", records))
                .append(" records from ").append(Instant.ofEpochMilli(start)).append(" to ").append(Instant.ofEpochMilli(end))
                .append(", judged under the policy in force and with the change.</p>");
        h.append("<svg width=\"640\" height=\"").append(40 + 40 * comparison.byScore.size()).append("\" role=\"img\" "
                + "aria-label=\"verdicts that change, per score\">");
        int y = 20;
        for (Map.Entry<String, PolicyComparison.Tally> e : comparison.byScore.entrySet()) {
            long lost = e.getValue().nowRejected;
            long won = e.getValue().nowAccepted;
            h.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">score %s</text>", y + 14, escape(e.getKey())));
            h.append(String.format(Locale.ROOT, "<rect class=\"lost\" x=\"80\" y=\"%d\" width=\"%d\" height=\"14\"/>", y,
                    Math.max(1, 500 * lost / max)));
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%,d lost</text>", 86 + 500 * lost / max,
                    y + 12, lost));
            h.append(String.format(Locale.ROOT, "<rect class=\"won\" x=\"80\" y=\"%d\" width=\"%d\" height=\"14\"/>", y + 16,
                    Math.max(1, 500 * won / max)));
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%,d gained</text>", 86 + 500 * won / max,
                    y + 28, won));
            y += 40;
        }
        h.append("</svg><table><tr><th>score</th><th>intents</th><th>accepted now</th><th>accepted if changed</th>"
                + "<th>accepted &rarr; rejected</th><th>rejected &rarr; accepted</th></tr>");
        comparison.byScore.forEach((score, t) -> h.append(String.format(Locale.ROOT,
                "<tr><td>%s</td><td>%,d</td><td>%,d</td><td>%,d</td><td>%,d</td><td>%,d</td></tr>", escape(score), t.intents,
                t.acceptedNow, t.acceptedWithChange, t.nowRejected, t.nowAccepted)));
        h.append("</table><h2>Accounts hit hardest</h2><table><tr><th>account</th><th>score</th><th>accepted &rarr; rejected</th></tr>");
        for (Map.Entry<String, PolicyComparison.Tally> e : hardest) {
            Integer score = comparison.scoreOf(e.getKey());
            h.append("<tr><td>").append(escape(e.getKey())).append("</td><td>").append(score == null ? "none" : score)
                    .append("</td><td>").append(String.format(Locale.ROOT, "%,d", e.getValue().nowRejected)).append("</td></tr>");
        }
        return h.append("</table></body></html>\n").toString();
    }

    private String changeText() {
        StringBuilder s = new StringBuilder();
        change.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return s.toString();
    }

    private static void row(StringBuilder s, String score, PolicyComparison.Tally t) {
        s.append(String.format(Locale.ROOT, "%-6s %,12d %,14d %,18d %,22d %,22d%n", score, t.intents, t.acceptedNow,
                t.acceptedWithChange, t.nowRejected, t.nowAccepted));
    }

    private static void add(PolicyComparison.Tally into, PolicyComparison.Tally t) {
        into.intents += t.intents;
        into.acceptedNow += t.acceptedNow;
        into.acceptedWithChange += t.acceptedWithChange;
        into.nowRejected += t.nowRejected;
        into.nowAccepted += t.nowAccepted;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
