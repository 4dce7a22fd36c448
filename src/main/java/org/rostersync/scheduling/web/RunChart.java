package org.rostersync.scheduling.web;

import java.util.ArrayList;
import java.util.List;

import org.rostersync.sync.ImportRun;
import org.rostersync.sync.RunStatus;

/**
 * A feed's last runs as a small bar chart, drawn on the server as SVG: per run three bars side by side (created,
 * deactivated or held, rejected), oldest on the left; a failed or held run shows a mark. A bad night stands out at
 * a glance. Dry runs changed nothing, so they are left out.
 */
record RunChart(int width, int height, List<Bar> bars, List<Mark> marks, int max) {

    static final int RUNS = 30;
    private static final int SLOT = 12;
    private static final int BAR = 3;
    private static final int HEIGHT = 60;
    private static final int TOP = 4;

    /** One bar: {@code kind} is its CSS class, {@code title} the tooltip. */
    record Bar(int x, int y, int height, String kind, String title) {
    }

    /** A failed or held run under its slot. */
    record Mark(int x, String kind, String title) {
    }

    /** @param newestFirst the feed's runs as {@code ImportRuns.list} gives them */
    static RunChart of(List<ImportRun> newestFirst) {
        List<ImportRun> runs = new ArrayList<>(newestFirst.stream().filter(run -> !run.dryRun()).limit(RUNS).toList());
        java.util.Collections.reverse(runs);
        int max = 1;
        for (ImportRun run : runs) {
            max = Math.max(max, Math.max(run.counts().created(),
                    Math.max(run.counts().deactivated() + run.counts().held(), run.counts().rejected())));
        }
        List<Bar> bars = new ArrayList<>();
        List<Mark> marks = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            ImportRun run = runs.get(i);
            int x = i * SLOT + 1;
            String label = "run " + run.runId() + " " + run.status();
            bars.add(bar(x, run.counts().created(), max, "created", label + ": " + run.counts().created()
                    + " created"));
            bars.add(bar(x + BAR, run.counts().deactivated() + run.counts().held(), max, "deactivated", label + ": "
                    + run.counts().deactivated() + " deactivated, " + run.counts().held() + " held"));
            bars.add(bar(x + 2 * BAR, run.counts().rejected(), max, "rejected", label + ": "
                    + run.counts().rejected() + " rejected"));
            if (run.status() == RunStatus.FAILED || run.status() == RunStatus.HELD) {
                marks.add(new Mark(x + BAR + 1, run.status() == RunStatus.FAILED ? "failed" : "held", label));
            }
        }
        return new RunChart(RUNS * SLOT, HEIGHT + TOP + 8, bars, marks, max);
    }

    private static Bar bar(int x, int value, int max, String kind, String title) {
        int h = value == 0 ? 0 : Math.max(1, Math.round((float) value * HEIGHT / max));
        return new Bar(x, TOP + HEIGHT - h, h, kind, title);
    }

    /** The bars' base line. */
    public int baseY() {
        return TOP + HEIGHT;
    }

    /** Where the marks sit: just under the bars. */
    public int markY() {
        return TOP + HEIGHT + 4;
    }
}
