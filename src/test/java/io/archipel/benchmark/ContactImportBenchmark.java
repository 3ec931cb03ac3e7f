package io.archipel.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.archipel.audience.ContactImportService;
import io.archipel.audience.ContactImports.ColumnMapping;
import io.archipel.audience.ContactImports.Mapping;
import io.archipel.audience.ContactImports.Progress;
import io.archipel.audience.ContactImports.Staged;
import io.archipel.audience.ContactImports.Target;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.BranchService.BranchData;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * A generated contact CSV (French Excel style: semicolons, UTF-8 with BOM, dd/mm/yyyy dates, "06 12 34 56 78"
 * mobiles, "1 234,50" amounts, oui/non consent, 11 columns) imported through the real path, as an HQ admin into a
 * fresh branch: {@link ContactImportService#stage} (file stored in PostgreSQL, sniffed), {@code start} (queued), and
 * the background runner (parse, validate, upsert, consent events) until COMPLETED. In the same run, the same file is
 * loaded into a bare all-text table with {@code psql \copy} (or, without psql, the JDBC CopyManager running the same
 * {@code COPY ... FROM STDIN}). Prints rows/s of both, the ratio, and the peak heap used during each import
 * (sampled every 20 ms with {@link MemoryMXBean}) for 200,000 and 1,000,000 rows.
 * Run with {@code ./mvnw -B -ntp -Pbenchmark test -Dtest=ContactImportBenchmark} ({@code -Dbenchmark.rows=...} to
 * change the large size).
 */
@ArchipelTest
class ContactImportBenchmark {

    static final int SMALL = Integer.getInteger("benchmark.smallRows", 200_000);
    static final int LARGE = Integer.getInteger("benchmark.rows", 1_000_000);

    @Autowired
    ContactImportService imports;
    @Autowired
    BranchService branches;
    @Autowired
    Personas personas;
    @Autowired
    Environment env;

    @Test
    void importBesideCopy() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int rows : new int[] {SMALL, LARGE}) {
            Path file = Files.createTempFile("import-bench-", ".csv");
            try {
                generate(file, rows);
                double copyRate = copyBaseline(file, rows);
                Result r = importThroughTheApp(file, rows);
                double indexedRate = indexedCopyBaseline(r.branchId(), rows);
                double total = rows / r.seconds();
                String line = String.format("RESULT %,d rows (%,d bytes): import %,.0f rows/s (stage %.1f s + run %.1f s"
                        + " = %.1f s); \\copy of the file into a bare table %,.0f rows/s, ratio %.3f; \\copy of the "
                        + "imported rows into tables shaped like contact and consent_event %,.0f rows/s, ratio %.2f; "
                        + "heap used before %,d MB, peak during import %,d MB (+%,d MB); live heap after GC before %,d MB,"
                        + " peak %,d MB (+%,d MB)", rows, Files.size(file), total, r.stageSeconds, r.runSeconds,
                        r.seconds(), copyRate, total / copyRate, indexedRate, total / indexedRate, r.heapBefore >> 20,
                        r.heapPeak >> 20, (r.heapPeak - r.heapBefore) >> 20, r.liveBefore >> 20, r.livePeak >> 20,
                        (r.livePeak - r.liveBefore) >> 20);
                System.out.println(line);
                lines.add(line);
            } finally {
                Files.deleteIfExists(file);
            }
        }
        System.out.println();
        lines.forEach(System.out::println);
    }

    record Result(UUID branchId, double stageSeconds, double runSeconds, long heapBefore, long heapPeak, long liveBefore,
            long livePeak) {
        double seconds() {
            return stageSeconds + runSeconds;
        }
    }

    Result importThroughTheApp(Path file, int rows) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        UUID territory = personas.callAs(Personas.HQ_ADMIN, () -> branches.get(branches.search("LYO-01", null).get(0)
                .id()).territoryId());
        UUID branch = personas.callAs(Personas.HQ_ADMIN, () -> branches.create(new BranchData("BEN-" + tag,
                "Benchmark " + tag, territory, "1 rue du Banc", null, "69003", "Lyon", "FR", "+33 4 00 00 00 00",
                "bench-" + tag + "@maison-lumiere.example", "9h-19h", "Europe/Paris", "Benchmark")));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(before);
        long liveBefore = liveAfterGc();
        AtomicLong livePeak = new AtomicLong(liveBefore);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                livePeak.accumulateAndGet(liveAfterGc(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        try {
            long t0 = System.nanoTime();
            Staged staged;
            try (InputStream in = Files.newInputStream(file)) {
                staged = personas.callAs(Personas.HQ_ADMIN, () -> imports.stage(branch, "bench.csv", in));
            }
            long t1 = System.nanoTime();
            List<ColumnMapping> columns = staged.suggested().columns();
            assertThat(columns).extracting(ColumnMapping::target).containsExactly(Target.EMAIL, Target.FIRST_NAME,
                    Target.LAST_NAME, Target.MOBILE, Target.BIRTH_DATE, Target.POSTAL_CODE, Target.CITY,
                    Target.LOYALTY_TIER, Target.TOTAL_SPEND, Target.EMAIL_CONSENT, Target.SMS_CONSENT);
            personas.callAs(Personas.HQ_ADMIN, () -> imports.start(staged.importId(),
                    new Mapping(columns, "Benchmark: consent collected at the till")));
            Progress p;
            do {
                Thread.sleep(250);
                p = personas.callAs(Personas.HQ_ADMIN, () -> imports.progress(staged.importId()));
            } while (!p.status().finished());
            long t2 = System.nanoTime();
            assertThat(p.rowsProcessed()).isEqualTo(rows);
            assertThat(p.created()).isEqualTo(rows);
            assertThat(p.rejected()).isZero();
            return new Result(branch, (t1 - t0) / 1e9, (t2 - t1) / 1e9, before, peak.get(), liveBefore, livePeak.get());
        } finally {
            sampling.set(false);
            sampler.join();
        }
    }

    /** Heap in use right after the last collection of each heap pool (live data, without the garbage). */
    static long liveAfterGc() {
        long sum = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                sum += pool.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    /**
     * The database's own price for what the import stores: the contacts and consent events the import just wrote,
     * exported in COPY format and loaded with {@code \copy} into empty tables created {@code like contact including
     * all} and {@code like consent_event including all} (same columns, defaults, checks and every index; no foreign
     * key, trigger or row-level security). Returns file rows per second of loading both.
     */
    double indexedCopyBaseline(UUID branch, int rows) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path contacts = Files.createTempFile("bench-contacts-", ".copy");
        Path events = Files.createTempFile("bench-events-", ".copy");
        try (Connection owner = owner(); Statement s = owner.createStatement()) {
            s.execute("create table bench_contact_" + suffix + " (like contact including all)");
            s.execute("create table bench_consent_" + suffix + " (like consent_event including all)");
            try {
                copy(owner, "copy (select * from contact where branch_id = '" + branch + "') to stdout", contacts,
                        false);
                copy(owner, "copy (select e.* from consent_event e join contact c on c.tenant_id = e.tenant_id "
                        + "and c.id = e.contact_id where c.branch_id = '" + branch + "') to stdout", events, false);
                long t0 = System.nanoTime();
                copy(owner, "copy bench_contact_" + suffix + " from stdin", contacts, true);
                double contactSeconds = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                copy(owner, "copy bench_consent_" + suffix + " from stdin", events, true);
                double eventSeconds = (System.nanoTime() - t1) / 1e9;
                long eventRows;
                try (var rs = s.executeQuery("select (select count(*) from bench_contact_" + suffix + "), "
                        + "(select count(*) from bench_consent_" + suffix + ")")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(rows);
                    eventRows = rs.getLong(2);
                }
                System.out.printf("%s into tables shaped like contact and consent_event: %,d contacts in %.2f s + "
                        + "%,d consent events in %.2f s%n", psqlAvailable() ? "psql \\copy" : "COPY FROM STDIN", rows,
                        contactSeconds, eventRows, eventSeconds);
                return rows / (contactSeconds + eventSeconds);
            } finally {
                s.execute("drop table bench_contact_" + suffix);
                s.execute("drop table bench_consent_" + suffix);
            }
        } finally {
            Files.deleteIfExists(contacts);
            Files.deleteIfExists(events);
        }
    }

    private Connection owner() throws Exception {
        return DriverManager.getConnection(env.getRequiredProperty("spring.datasource.url"),
                env.getProperty("spring.flyway.user"), env.getProperty("spring.flyway.password"));
    }

    private static boolean psqlAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/psql"));
    }

    /** One COPY in text format between a table and a file: psql's \copy when psql exists, else the JDBC CopyManager. */
    private void copy(Connection owner, String copySql, Path file, boolean in) throws Exception {
        if (psqlAvailable()) {
            java.net.URI uri = java.net.URI.create(env.getRequiredProperty("spring.datasource.url").substring(5));
            String command = "\\" + copySql.replace(" stdin", " '" + file + "'").replace(" stdout", " '" + file + "'");
            ProcessBuilder pb = new ProcessBuilder("psql", "-h", uri.getHost(), "-p", String.valueOf(uri.getPort()),
                    "-U", env.getProperty("spring.flyway.user"), "-d", uri.getPath().substring(1), "-v",
                    "ON_ERROR_STOP=1", "-c", command);
            pb.environment().put("PGPASSWORD", env.getProperty("spring.flyway.password"));
            pb.redirectErrorStream(true);
            Process proc = pb.start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(proc.waitFor()).as(out).isZero();
        } else if (in) {
            try (InputStream stream = Files.newInputStream(file)) {
                owner.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, stream);
            }
        } else {
            try (var stream = Files.newOutputStream(file)) {
                owner.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql, stream);
            }
        }
    }

    /** rows/s of loading the file into a bare all-text table with psql \copy (or CopyManager without psql). */
    double copyBaseline(Path file, int rows) throws Exception {
        String table = "bench_copy_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection owner = owner(); Statement s = owner.createStatement()) {
            s.execute("create table " + table + " (email text, first_name text, last_name text, mobile text, "
                    + "birth_date text, postal_code text, city text, loyalty text, spend text, email_optin text, "
                    + "sms_optin text)");
            try {
                long t0 = System.nanoTime();
                copy(owner, "copy " + table + " from stdin with (format csv, header true, delimiter ';', "
                        + "encoding 'UTF8')", file, true);
                double seconds = (System.nanoTime() - t0) / 1e9;
                try (var rs = s.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(rows);
                }
                System.out.printf("%s into a bare table: %,d rows in %.2f s%n",
                        psqlAvailable() ? "psql \\copy" : "COPY FROM STDIN", rows, seconds);
                return rows / seconds;
            } finally {
                s.execute("drop table " + table);
            }
        }
    }

    static void generate(Path file, int rows) throws IOException {
        String[] tiers = {"Bronze", "Argent", "Or", "Platine"};
        String[] cities = {"Lyon", "Villeurbanne", "Hénin-Beaumont", "Saint-Étienne", "Grenoble", "Annecy"};
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write('\uFEFF');
            w.write("E-mail;Prénom;Nom;Portable;Date de naissance;Code postal;Ville;Fidélité;CA;Optin email;"
                    + "Consentement SMS\r\n");
            StringBuilder sb = new StringBuilder(200);
            for (int i = 0; i < rows; i++) {
                sb.setLength(0);
                sb.append("client").append(i).append("@exemple.fr;Élodie;");
                if (i % 10 == 0) {
                    sb.append("\"Durand \"\"Dudu\"\"\"");
                } else {
                    sb.append("Durand-").append(i % 1000);
                }
                sb.append(";06 ").append(two(12 + i % 8)).append(' ').append(two((i / 100) % 100)).append(' ')
                        .append(two(i % 100)).append(' ').append(two((i / 7) % 100));
                sb.append(';').append(two(1 + i % 28)).append('/').append(two(1 + i % 12)).append('/')
                        .append(1950 + i % 60);
                sb.append(";69").append(String.format("%03d", i % 1000)).append(';').append(cities[i % cities.length]);
                sb.append(';').append(tiers[i % tiers.length]).append(';').append(i % 5000).append(",50");
                sb.append(';').append(i % 3 == 0 ? "non" : "oui").append(';').append(i % 2 == 0 ? "oui" : "non");
                sb.append("\r\n");
                w.write(sb.toString());
            }
        }
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
