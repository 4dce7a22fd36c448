package org.rostersync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

/** Writes the benchmark's figures: {@code results.json} for tools, {@code report.md} with the targets for people. */
final class BenchReport {

    private BenchReport() {
    }

    static void write(Path dir, Map<String, Object> facts, List<Map<String, Object>> results) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("facts", facts);
        json.put("results", results);
        json.put("targets", targets(results));
        JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("results.json").toFile(),
                json);
        StringBuilder md = new StringBuilder("# roster-sync benchmark\n\n");
        md.append("%s students in %s schools (district file %.1f MB); heap limit %s MB, %s cores, Java %s.%n%n"
                .formatted(facts.get("students"), facts.get("schools"), facts.get("districtFileMb"),
                        facts.get("maxHeapMb"), facts.get("cores"), facts.get("java")));
        if (facts.containsKey("postgres.shared_buffers")) {
            md.append("PostgreSQL settings: shared_buffers %s, work_mem %s, max_wal_size %s, synchronous_commit %s.%n%n"
                    .formatted(facts.get("postgres.shared_buffers"), facts.get("postgres.work_mem"),
                            facts.get("postgres.max_wal_size"), facts.get("postgres.synchronous_commit")));
        }
        md.append("Each scenario is timed end to end: file on disk → upload → run COMPLETED. The floor of the"
                + " PostgreSQL section is `COPY` of the district file into a same-columns table without indexes;"
                + " the H2 section has no COPY, so its ratios are to the parse-only pass. Statements are SQL"
                + " statements sent by the import threads (a JDBC batch counts each statement; a COPY counts one)."
                + " Runs go one at a time; \"ms/run\" is the scenario's time divided by its runs, \"start → end\""
                + " each run's own time in the server, averaged. The JIT compiler's time during each scenario is CPU"
                + " taken from the same 2 cores. The storage floor is the accounts the initial import created, written"
                + " again by binary `COPY` (ids supplied) into an index-less copy of `student_account`, its indexes"
                + " and constraints built after (measured after the scenarios); \"today's storage\" adds the"
                + " initial import's events and plan entries the same way.\n\n");
        md.append("| database | scenario | runs | rows | seconds | rows/s | × floor | × storage floor | ms/run |"
                + " start → end ms | peak heap MB (after GC) | statements / 1,000 rows |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : results) {
            md.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n".formatted(r.get("database"),
                    r.get("scenario"), r.get("runs"), r.get("rows"), r.get("seconds"), r.get("rowsPerSecond"),
                    r.getOrDefault("ratioToFloor", "1"), r.getOrDefault("ratioToStorageFloor", ""),
                    r.getOrDefault("msPerRun", ""),
                    r.getOrDefault("msPerRunStartToEnd", ""),
                    r.containsKey("peakHeapMb") ? r.get("peakHeapMb") + " (" + r.get("peakHeapAfterGcMb") + ")" : "",
                    r.getOrDefault("statementsPer1000Rows", "")));
        }
        md.append("\n## Targets (PostgreSQL)\n\n| target | measured | met |\n|---|---|---|\n");
        for (Map<String, Object> t : targets(results)) {
            md.append("| %s | %s | %s |%n".formatted(t.get("target"), t.get("measured"),
                    Boolean.TRUE.equals(t.get("met")) ? "yes" : "**no**"));
        }
        md.append("\n## Storage floors (seconds)\n\n");
        for (Map<String, Object> r : results) {
            if (r.containsKey("copySeconds")) {
                md.append("- %s: COPY %s s, indexes and constraints %s s; rows %s%n".formatted(r.get("scenario"),
                        r.get("copySeconds"), r.get("indexSeconds"), r.get("rowsByTable")));
            }
        }
        md.append("\n## Where a run's time goes (ms per run, from the job repository's step times)\n\n");
        for (Map<String, Object> r : results) {
            if (r.containsKey("stepMsPerRun")) {
                md.append("- %s %s: %s; JIT compiling %s ms during the scenario%n".formatted(r.get("database"),
                        r.get("scenario"), r.get("stepMsPerRun"), r.get("jitCompileMs")));
            }
        }
        md.append("\n## Last run message per scenario\n\n");
        for (Map<String, Object> r : results) {
            if (r.containsKey("lastRunMessage")) {
                md.append("- %s %s: %s%n".formatted(r.get("database"), r.get("scenario"), r.get("lastRunMessage")));
            }
        }
        try (var changes = BenchReport.class.getResourceAsStream("/bench/changes.md")) {
            if (changes != null) {
                md.append('\n').append(new String(changes.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        Files.writeString(dir.resolve("report.md"), md, StandardCharsets.UTF_8);
    }

    /** The targets of the issue "Import at the storage floor", all read from this one run. */
    private static List<Map<String, Object>> targets(List<Map<String, Object>> results) {
        Optional<Map<String, Object>> initial = find(results, "postgresql", "initial");
        Optional<Map<String, Object>> unchanged = find(results, "postgresql", "unchanged");
        Optional<Map<String, Object>> nightly = find(results, "postgresql", "nightly");
        Optional<Map<String, Object>> tiny = find(results, "postgresql", "tiny");
        if (initial.isEmpty() || unchanged.isEmpty() || nightly.isEmpty() || tiny.isEmpty()) {
            return List.of();
        }
        double initialRatio = number(initial.get(), "ratioToFloor");
        double initialStorage = initial.get().containsKey("ratioToStorageFloor")
                ? number(initial.get(), "ratioToStorageFloor") : Double.NaN;
        double nightlyMs = number(nightly.get(), "msPerRun");
        double nightlyServer = number(nightly.get(), "msPerRunStartToEnd");
        double tinyServer = number(tiny.get(), "msPerRunStartToEnd");
        double tinyMs = number(tiny.get(), "msPerRun");
        double unchangedRatio = number(unchanged.get(), "ratioToFloor");
        long peak = results.stream().filter(r -> "postgresql".equals(r.get("database")) && r.containsKey("peakHeapMb"))
                .mapToLong(r -> ((Number) r.get("peakHeapAfterGcMb")).longValue()).max().orElse(0);
        return List.of(
                target("initial ≤ 10× the COPY floor", initialRatio + "×", initialRatio <= 10),
                target("initial ≤ 2× the storage floor", initialStorage + "×", initialStorage <= 2),
                target("nightly school run ≤ 60 ms end to end", nightlyMs + " ms", nightlyMs <= 60),
                target("nightly school run ≤ 1.25× a 10-row run in the server",
                        "%s ms against %s ms (%.2f×)".formatted(nightlyServer, tinyServer, nightlyServer / tinyServer),
                        nightlyServer <= 1.25 * tinyServer),
                target("10-row run ≤ 40 ms", tinyMs + " ms", tinyMs <= 40),
                target("unchanged ≤ 0.8× the COPY floor", unchangedRatio + "×", unchangedRatio <= 0.8),
                target("live heap ≤ 64 MB at -Xmx256m", "largest live heap after GC " + peak + " MB", peak <= 64));
    }

    private static Map<String, Object> target(String target, String measured, boolean met) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("target", target);
        t.put("measured", measured);
        t.put("met", met);
        return t;
    }

    private static Optional<Map<String, Object>> find(List<Map<String, Object>> results, String database,
            String scenario) {
        return results.stream().filter(r -> database.equals(r.get("database")) && scenario.equals(r.get("scenario")))
                .findFirst();
    }

    private static double number(Map<String, Object> result, String key) {
        return ((Number) result.get(key)).doubleValue();
    }
}
