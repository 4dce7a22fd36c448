package org.rostersync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.postgresql.PGConnection;
import org.rostersync.RosterSyncApplication;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.ImportRuns;
import org.rostersync.sync.RunFinished;
import org.rostersync.sync.RunStatus;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The district-scale benchmark ({@code ./mvnw -B -q -Pbench verify}): the import engine against the floor of
 * PostgreSQL's {@code COPY} of the same file, then an H2 section. Runs in its own JVM with {@code -Xmx256m} and writes
 * {@code target/bench/report.md} and {@code target/bench/results.json}.
 */
public final class RosterBenchmark {

    private static final long SEED = 20260901L;
    private static final int TINY_RUNS = 20;

    private final Path dir;
    private final List<Map<String, Object>> results = new ArrayList<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    /** The run of the initial scenario: the storage floors write its rows again. */
    private long initialRunId;

    private RosterBenchmark(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        int students = Integer.getInteger("bench.students", 1_000_000);
        int schools = Integer.getInteger("bench.schools", 500);
        int h2Students = Integer.getInteger("bench.h2.students", Math.min(students, 100_000));
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench")).toAbsolutePath();
        Files.createDirectories(dir);
        RosterBenchmark bench = new RosterBenchmark(dir);
        bench.facts.put("students", students);
        bench.facts.put("schools", schools);
        bench.facts.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
        bench.facts.put("cores", Runtime.getRuntime().availableProcessors());
        bench.facts.put("java", System.getProperty("java.version"));
        bench.postgres(students, schools);
        if (h2Students > 0) {
            bench.h2(h2Students, schools);
        }
        BenchReport.write(dir, bench.facts, bench.results);
        System.out.println(Files.readString(dir.resolve("report.md")));
        System.exit(0);
    }

    /** The files of one size: the district file and a folder of nightly school files. */
    private record Rosters(SyntheticDistrict district, Path districtFile, long rows, Path nightly, long nightlyRows) {

        static Rosters write(Path dir, int students, int schools) throws IOException {
            SyntheticDistrict district = new SyntheticDistrict(SEED, students, schools);
            Path files = Files.createDirectories(dir.resolve("files-" + students));
            Path districtFile = files.resolve("district.csv");
            long rows = district.writeDistrictFile(districtFile);
            long nightlyRows = district.writeNightlyFiles(files.resolve("nightly"));
            return new Rosters(district, districtFile, rows, files.resolve("nightly"), nightlyRows);
        }
    }

    private void postgres(int students, int schools) throws Exception {
        Rosters rosters = Rosters.write(dir, students, schools);
        facts.put("districtFileMb", Files.size(rosters.districtFile()) / 1_000_000.0);
        String url = createDatabase();
        Path data = dir.resolve("data-pg");
        deleteTree(data);
        try (ConfigurableApplicationContext context = start(url, data, rosters.district())) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            for (String setting : List.of("shared_buffers", "work_mem", "max_wal_size", "synchronous_commit")) {
                facts.put("postgres." + setting, jdbc.queryForObject("SHOW " + setting, String.class));
            }
            Map<String, Object> floor = copyFloor(url, rosters.districtFile(), rosters.rows());
            results.add(floor);
            results.add(parseFloor(rosters.districtFile(), rosters.rows(), "postgresql"));
            results.add(indexedFloor(url, rosters.rows(), (double) floor.get("seconds")));
            scenarios(context, "postgresql", rosters, (double) floor.get("seconds"));
            storageFloors(url, rosters.rows(), (double) floor.get("seconds"));
        }
    }

    private void h2(int students, int schools) throws Exception {
        Rosters rosters = Rosters.write(dir, students, schools);
        Map<String, Object> parse = parseFloor(rosters.districtFile(), rosters.rows(), "h2");
        results.add(parse);
        Path data = dir.resolve("data-h2");
        deleteTree(data);
        String url = "jdbc:h2:file:" + data.resolve("rostersync") + ";DB_CLOSE_ON_EXIT=FALSE";
        try (ConfigurableApplicationContext context = start(url, data, rosters.district())) {
            scenarios(context, "h2", rosters, (double) parse.get("seconds"));
        }
    }

    /**
     * initial, then unchanged (the same file while the accounts still match it), then the nightly school files,
     * then the tiny-file overhead.
     */
    private void scenarios(ConfigurableApplicationContext context, String database, Rosters rosters,
            double floorSeconds) throws Exception {
        SyntheticDistrict district = rosters.district();
        Path districtFile = rosters.districtFile();
        long rows = rosters.rows();
        Path nightly = rosters.nightly();
        ImportRuns runs = context.getBean(ImportRuns.class);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        // warm up the job's code paths on a separate school so the first scenario is not a JIT measurement
        Path tiny = dir.resolve("tiny.csv");
        for (int i = 0; i < 5; i++) {
            SyntheticDistrict.writeTinyFile(tiny, i);
            run(runs, "bench-tiny", tiny);
        }
        results.add(measure(database, "initial", rows, floorSeconds, runs, jdbc, () -> {
            ImportRun initial = run(runs, "bench-district", districtFile);
            initialRunId = initial.runId();
            return List.of(initial);
        }));
        results.add(measure(database, "unchanged", rows, floorSeconds, runs, jdbc,
                () -> List.of(run(runs, "bench-district", districtFile))));
        if (database.equals("postgresql")) {
            // the nightly runs meet a district that autovacuum has long since visited (all-visible pages, fresh
            // statistics), not one still warm from its first import: whether autovacuum happened to reach the
            // accounts during the scenario otherwise changed the plans it measured
            jdbc.execute("VACUUM (ANALYZE) student_account");
            jdbc.execute("VACUUM (ANALYZE) planned_change");
            jdbc.execute("VACUUM (ANALYZE) account_event");
        }
        results.add(measure(database, "nightly", rosters.nightlyRows(), floorSeconds, runs, jdbc, () -> {
            List<ImportRun> done = new ArrayList<>();
            for (int s = 0; s < district.schools(); s++) {
                done.add(run(runs, "bench-" + SyntheticDistrict.schoolId(s),
                        SyntheticDistrict.nightlyFile(nightly, s)));
            }
            return done;
        }));
        results.add(measure(database, "tiny", 10L * TINY_RUNS, floorSeconds, runs, jdbc, () -> {
            List<ImportRun> done = new ArrayList<>();
            for (int i = 0; i < TINY_RUNS; i++) {
                SyntheticDistrict.writeTinyFile(tiny, i);
                done.add(run(runs, "bench-tiny", tiny));
            }
            return done;
        }));
    }

    interface Scenario {
        List<ImportRun> run() throws Exception;
    }

    private Map<String, Object> measure(String database, String name, long rows, double floorSeconds,
            ImportRuns importRuns, JdbcTemplate jdbc, Scenario scenario) throws Exception {
        BenchProbe.INSTANCE.reset();
        long maxJob = jdbc.queryForObject("SELECT COALESCE(MAX(job_execution_id), 0) FROM batch_job_execution",
                Long.class);
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long jitStart = jit.getTotalCompilationTime();
        long start = System.nanoTime();
        List<ImportRun> done = scenario.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        long jitMs = jit.getTotalCompilationTime() - jitStart;
        long statements = BenchProbe.INSTANCE.statements() + copyStatements(jdbc, database, maxJob);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("database", database);
        result.put("scenario", name);
        result.put("runs", done.size());
        result.put("rows", rows);
        result.put("seconds", round(seconds));
        result.put("rowsPerSecond", Math.round(rows / seconds));
        result.put("ratioToFloor", round(seconds / floorSeconds));
        result.put("msPerRun", round(seconds * 1000 / done.size()));
        // each run's own time in the server, from start to end: without the upload and the hand-over to a thread
        result.put("msPerRunStartToEnd", round(done.stream()
                .mapToLong(r -> java.time.Duration.between(r.startedAt(), r.endedAt()).toNanos())
                .average().orElse(0) / 1e6));
        result.put("peakHeapMb", BenchProbe.INSTANCE.peakUsedMb());
        result.put("peakHeapAfterGcMb", BenchProbe.INSTANCE.peakAfterGcMb());
        result.put("statements", statements);
        result.put("statementsPer1000Rows", round(statements * 1000.0 / Math.max(1, rows)));
        Map<String, Object> steps = new LinkedHashMap<>();
        jdbc.query("""
                SELECT step_name, start_time, end_time FROM batch_step_execution
                 WHERE job_execution_id > ? AND end_time IS NOT NULL ORDER BY step_execution_id""", rs -> {
            double ms = java.time.Duration.between(rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant())
                    .toNanos() / 1e6;
            steps.merge(rs.getString(1), ms, (a, b) -> round((double) a + (double) b));
        }, maxJob);
        steps.replaceAll((step, ms) -> round((double) ms / done.size()));
        result.put("stepMsPerRun", steps);
        // CPU the JIT compiler threads spent while the scenario ran, on the same 2 cores as the runs
        result.put("jitCompileMs", jitMs);
        ImportRun last = done.get(done.size() - 1);
        result.put("lastRunMessage", last.message());
        for (ImportRun run : done) {
            if (run.status() != RunStatus.COMPLETED) {
                throw new IllegalStateException(name + ": run " + run.runId() + " ended " + run.status() + ": "
                        + run.message());
            }
        }
        BenchProbe.INSTANCE.traced.entrySet().stream()
                .sorted(java.util.Comparator.comparingLong(e -> e.getValue()[1]))
                .forEach(e -> System.out.printf("TRACE %s %6d x %8d ms %s%n", name, e.getValue()[0],
                        e.getValue()[1], e.getKey().substring(0, Math.min(160, e.getKey().length()))));
        System.out.printf("%s %-9s %8d rows %8.2f s  %s%n", database, name, rows, seconds, last.message());
        return result;
    }

    /**
     * COPY sends no statement through JDBC: one per load chunk that staged rows (its commit), and one per first
     * import in one pass.
     */
    private static long copyStatements(JdbcTemplate jdbc, String database, long afterJob) {
        if (!database.equals("postgresql")) {
            return 0;
        }
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(s.commit_count), 0) FROM batch_step_execution s
                 WHERE (s.step_name = 'load' AND s.read_count > 0 OR s.step_name = 'onePass' AND s.write_count > 0)
                   AND s.job_execution_id > ?""", Long.class, afterJob);
    }

    /** Uploads a file through a feed, as the scheduler would, and waits for its run to end. */
    private static ImportRun run(ImportRuns runs, String feed, Path file) throws Exception {
        return FINISHED.await(upload(runs, feed, file));
    }

    /** Uploads a file through a feed; its run starts when one of the server's import threads is free. */
    private static long upload(ImportRuns runs, String feed, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return runs.upload(feed, in, "benchmark", false, false);
        }
    }

    /**
     * Runs as they end, heard from the server's own event (published once the feed is free again): waiting costs
     * the runs nothing, where polling the run's record every millisecond took database time from them.
     */
    private static final class FinishedRuns implements ApplicationListener<ApplicationEvent> {

        private final Map<Long, CompletableFuture<ImportRun>> runs = new ConcurrentHashMap<>();

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof PayloadApplicationEvent<?> payload && payload.getPayload() instanceof RunFinished f) {
                future(f.run().runId()).complete(f.run());
            }
        }

        private CompletableFuture<ImportRun> future(long runId) {
            return runs.computeIfAbsent(runId, id -> new CompletableFuture<>());
        }

        /** Run ids start again in each database. */
        void forget() {
            runs.clear();
        }

        ImportRun await(long runId) throws Exception {
            return future(runId).get(2, TimeUnit.HOURS);
        }
    }

    private static final FinishedRuns FINISHED = new FinishedRuns();

    /** The floor: the same file into a same-columns table without indexes, by COPY through pgjdbc. */
    private static Map<String, Object> copyFloor(String url, Path file, long rows) throws Exception {
        double best = Double.MAX_VALUE;
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE copy_floor (school_id TEXT, student_id TEXT, first_name TEXT,
                            middle_initial TEXT, last_name TEXT, grade TEXT, birth_date DATE, student_email TEXT,
                            guardian_email TEXT, gender TEXT, home_room TEXT, reference_id TEXT)""");
            }
            for (int attempt = 0; attempt < 2; attempt++) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("TRUNCATE copy_floor");
                }
                long start = System.nanoTime();
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    connection.unwrap(PGConnection.class).getCopyAPI()
                            .copyIn("COPY copy_floor FROM STDIN WITH (FORMAT csv, HEADER true)", in);
                }
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
        }
        return floor("postgresql", "floor: COPY", rows, best, 1);
    }

    /**
     * What any engine that keeps the accounts indexed must pay: the COPY floor's rows inserted, in one set-based
     * statement, into a table shaped like {@code student_account} with all of its indexes (usernames made unique from
     * the Student ID). Not a target; it says how much of the initial import is index upkeep.
     */
    private static Map<String, Object> indexedFloor(String url, long rows, double floorSeconds) throws Exception {
        double seconds;
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE floor_account (LIKE student_account INCLUDING ALL)");
            long start = System.nanoTime();
            statement.execute("""
                    INSERT INTO floor_account (district_id, school_id, student_id, username, username_base, username_seq,
                        first_name, last_name, middle_initial, grade, birth_date, email, guardian_email, gender,
                        home_room, reference_id, row_hash, origin, status, created_at, updated_at)
                    SELECT 'bench', school_id, student_id, lower(first_name || '.' || last_name) || student_id,
                           lower(first_name || '.' || last_name), 1, first_name, last_name, middle_initial, grade,
                           birth_date, student_email, guardian_email, gender, home_room, reference_id,
                           md5(student_id), 'IMPORT', 'PENDING_ACTIVATION', now(), now()
                      FROM copy_floor""");
            seconds = (System.nanoTime() - start) / 1e9;
            statement.execute("DROP TABLE floor_account");
            statement.execute("DROP TABLE copy_floor");
        }
        Map<String, Object> result = floor("postgresql", "floor: into the indexed accounts table", rows, seconds, 1);
        result.put("ratioToFloor", round(seconds / floorSeconds));
        return result;
    }

    /**
     * The storage floors, measured after the scenarios so that they disturb none: the rows the initial import had to
     * leave behind, written again by the cheapest means PostgreSQL has, binary {@code COPY} with every value (ids
     * included) supplied, into a same-columns copy of each table without indexes, whose indexes and constraints (the
     * primary key included) are built after. "Accounts" is what any engine must store for a first import; "today's
     * storage" adds the rows the engine keeps besides, one CREATED event and one plan entry per student. Every
     * PostgreSQL scenario then also reads as a multiple of the accounts' floor.
     */
    private void storageFloors(String url, long rows, double floorSeconds) throws Exception {
        Map<String, Object> accounts;
        Map<String, Object> today;
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            // a first import in one pass stores a block per school instead of an event and a plan entry per student:
            // "today's storage" writes them out as the staged path stores them, so it stays the same yardstick
            String blockAccounts = " FROM run_block b JOIN student_account a ON a.id BETWEEN b.first_id AND b.last_id"
                    + " WHERE b.run_id = " + initialRunId;
            double[] account = copyWithIndexesAfter(connection, "student_account", "SELECT * FROM student_account"
                    + " WHERE id IN (SELECT account_id FROM account_event WHERE run_id = " + initialRunId + ")"
                    + " OR id IN (SELECT a.id" + blockAccounts + ")");
            double[] event = copyWithIndexesAfter(connection, "account_event", "SELECT * FROM account_event"
                    + " WHERE run_id = " + initialRunId + " UNION ALL SELECT a.id, a.id, 'CREATED', b.at, b.actor,"
                    + " b.run_id, 'school ' || b.school_id" + blockAccounts);
            double[] plan = copyWithIndexesAfter(connection, "planned_change", "SELECT * FROM planned_change"
                    + " WHERE run_id = " + initialRunId + " UNION ALL SELECT b.run_id, a.student_id, b.school_id,"
                    + " NULL, NULL, 'CREATE', a.id, FALSE, FALSE" + blockAccounts);
            accounts = storageFloor("floor: accounts by binary COPY, indexes after", rows, floorSeconds,
                    Map.of("student_account", account));
            Map<String, double[]> tables = new LinkedHashMap<>();
            tables.put("student_account", account);
            tables.put("account_event", event);
            tables.put("planned_change", plan);
            today = storageFloor("floor: accounts, events and plan by binary COPY, indexes after", rows,
                    floorSeconds, tables);
        }
        results.add(accounts);
        results.add(today);
        double storageSeconds = (double) accounts.get("seconds");
        for (Map<String, Object> result : results) {
            if ("postgresql".equals(result.get("database")) && result.containsKey("msPerRun")) {
                result.put("ratioToStorageFloor", round((double) result.get("seconds") / storageSeconds));
            }
        }
    }

    private static Map<String, Object> storageFloor(String name, long rows, double floorSeconds,
            Map<String, double[]> tables) {
        double copy = tables.values().stream().mapToDouble(t -> t[0]).sum();
        double indexes = tables.values().stream().mapToDouble(t -> t[1]).sum();
        Map<String, Object> result = floor("postgresql", name, rows, copy + indexes, tables.size());
        result.put("ratioToFloor", round((copy + indexes) / floorSeconds));
        result.put("copySeconds", round(copy));
        result.put("indexSeconds", round(indexes));
        Map<String, Object> rowsByTable = new LinkedHashMap<>();
        tables.forEach((table, t) -> rowsByTable.put(table, (long) t[2]));
        result.put("rowsByTable", rowsByTable);
        return result;
    }

    /**
     * One table's rows (those {@code query} selects, in the table's column order) exported in binary, then timed: their {@code COPY} into an
     * index-less copy of the table, and the build of each of its indexes and constraints on that copy. Returns the
     * seconds of the COPY, of the index builds, and the rows.
     */
    private double[] copyWithIndexesAfter(Connection connection, String table, String query) throws Exception {
        Path export = dir.resolve(table + ".bin");
        String copy = "floor_" + table;
        var copies = connection.unwrap(PGConnection.class).getCopyAPI();
        long rows;
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(export), 1 << 16)) {
            rows = copies.copyOut("COPY (" + query + ") TO STDOUT (FORMAT binary)", out);
        }
        List<String> builds = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + copy);
            statement.execute("CREATE TABLE " + copy + " (LIKE " + table + ")");
            // the definitions read from the catalog: the migrations stay their only source
            try (var rs = statement.executeQuery("""
                    SELECT c.conname, pg_get_constraintdef(c.oid), CAST(CAST(i.indexrelid AS regclass) AS TEXT),
                           pg_get_indexdef(i.indexrelid)
                      FROM pg_index i
                      LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                                               AND c.contype IN ('p', 'u')
                     WHERE i.indrelid = CAST('%s' AS regclass) ORDER BY i.indexrelid""".formatted(table))) {
                while (rs.next()) {
                    builds.add(rs.getString(1) != null
                            ? "ALTER TABLE " + copy + " ADD CONSTRAINT floor_" + rs.getString(1) + " " + rs.getString(2)
                            : rs.getString(4).replaceFirst("INDEX \\S+ ON (\\S+\\.)?" + table + " ",
                                    "INDEX floor_" + rs.getString(3).replaceAll("\\W", "") + " ON " + copy + " "));
                }
            }
            statement.execute("CHECKPOINT");
        }
        long start = System.nanoTime();
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(export), 1 << 16)) {
            copies.copyIn("COPY " + copy + " FROM STDIN (FORMAT binary)", in);
        }
        double copySeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            for (String build : builds) {
                statement.execute(build);
            }
        }
        double indexSeconds = (System.nanoTime() - start) / 1e9;
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE " + copy);
        }
        Files.delete(export);
        System.out.printf("storage floor %s: %d rows, COPY %.2f s, %d indexes %.2f s%n", table, rows, copySeconds,
                builds.size(), indexSeconds);
        return new double[] {copySeconds, indexSeconds, rows};
    }

    /** The other floor: reading the file with the CSV parser the engine uses, touching every value. */
    private static Map<String, Object> parseFloor(Path file, long rows, String database) throws IOException {
        double best = Double.MAX_VALUE;
        long chars = 0;
        for (int attempt = 0; attempt < 2; attempt++) {
            long start = System.nanoTime();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (CSVRecord record : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                        .parse(in)) {
                    for (String value : record) {
                        chars += value.length();
                    }
                }
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        if (chars == 0) {
            throw new IllegalStateException("the file " + file + " is empty");
        }
        return floor(database, "floor: parse", rows, best, 0);
    }

    private static Map<String, Object> floor(String database, String name, long rows, double seconds,
            long statements) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("database", database);
        result.put("scenario", name);
        result.put("runs", 1);
        result.put("rows", rows);
        result.put("seconds", round(seconds));
        result.put("rowsPerSecond", Math.round(rows / seconds));
        result.put("statements", statements);
        return result;
    }

    private static ConfigurableApplicationContext start(String url, Path data, SyntheticDistrict district) {
        FINISHED.forget();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.config.location", "classpath:/application.yml");
        properties.put("spring.datasource.url", url);
        properties.put("spring.datasource.username", url.startsWith("jdbc:postgresql") ? "postgres" : "sa");
        properties.put("spring.datasource.password", "");
        properties.put("server.port", "0");
        properties.put("logging.level.root", "WARN");
        properties.put("spring.main.banner-mode", "off");
        properties.put("rostersync.data-dir", data.toString());
        if (System.getProperty("bench.chunkSize") != null) {
            properties.put("rostersync.chunk-size", System.getProperty("bench.chunkSize"));
        }
        properties.put("rostersync.districts[0].id", "bench");
        properties.put("rostersync.districts[0].name", "Bench Unified");
        int schools = district.schools();
        for (int s = 0; s < schools; s++) {
            String prefix = "rostersync.districts[0].schools[" + s + "].";
            String id = SyntheticDistrict.schoolId(s);
            properties.put(prefix + "id", id);
            properties.put(prefix + "name", "School " + id);
            properties.put(prefix + "reference-id", SyntheticDistrict.reference(s));
            properties.put(prefix + "time-zone", "America/Chicago");
        }
        // the tiny school (warm-up and per-run overhead) is a district of its own: the initial scenario is the
        // district's first import, into a district without accounts
        properties.put("rostersync.districts[1].id", "bench-warm-up");
        properties.put("rostersync.districts[1].name", "Bench Warm-up");
        properties.put("rostersync.districts[1].schools[0].id", "tiny");
        properties.put("rostersync.districts[1].schools[0].name", "School tiny");
        properties.put("rostersync.districts[1].schools[0].reference-id", "999999");
        properties.put("rostersync.districts[1].schools[0].time-zone", "America/Chicago");
        feed(properties, 0, "bench-district", "DISTRICT", null);
        for (int s = 0; s < schools; s++) {
            feed(properties, s + 1, "bench-" + SyntheticDistrict.schoolId(s), "SCHOOL",
                    SyntheticDistrict.schoolId(s));
        }
        feed(properties, schools + 1, "bench-tiny", "SCHOOL", "tiny");
        return new SpringApplicationBuilder(RosterSyncApplication.class)
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(BenchProbe.INSTANCE))
                .listeners(FINISHED)
                .web(WebApplicationType.SERVLET)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private static void feed(Map<String, Object> properties, int index, String id, String scope, String school) {
        String prefix = "rostersync.feeds[" + index + "].";
        properties.put(prefix + "id", id);
        properties.put(prefix + "scope", scope);
        if (school == null) {
            properties.put(prefix + "district", "bench");
        } else {
            properties.put(prefix + "school", school);
        }
        properties.put(prefix + "source", "UPLOAD");
        properties.put(prefix + "schedule", "ONE_TIME");
    }

    private static String createDatabase() throws Exception {
        String name = "rostersync_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
                ""); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        System.out.println("benchmark database: " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (Boolean.getBoolean("bench.keep")) {
                return;
            }
            try {
                dropDatabase(name);
            } catch (Exception e) {
                // the database is left for inspection
            }
        }));
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    private static void dropDatabase(String name) throws Exception {
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
                ""); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.exists(path)) {
            try (var walk = Files.walk(path)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
