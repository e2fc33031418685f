package org.alliance.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded with a Bolt connector on 127.0.0.1, for the Alliance
 * platform's tests and local development. Started and stopped by scripts/neo4j-server.
 *
 * <p>Usage: {@code Launcher <home> <port> <ready-file>}. The home holds data/ and logs/.
 * The ready file is written only once the DBMS is up and the password (if any) is set, so
 * the script never hands out a server that still has the default credentials.
 *
 * <p>Environment: ALLIANCE_NEO4J_PASSWORD (empty or unset: authentication disabled),
 * ALLIANCE_NEO4J_PAGECACHE_MB (default 512), ALLIANCE_NEO4J_TX_TIMEOUT_S (default 900),
 * ALLIANCE_NEO4J_CONF (more settings as {@code key=value}, one per line or separated by
 * ';', e.g. {@code db.tx_state.memory_allocation=OFF_HEAP}; Neo4j refuses unknown keys).
 */
public final class Launcher {
    private static final String HOST = "127.0.0.1";
    private static final String USER = "neo4j";

    private Launcher() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            fail("usage: Launcher <home> <port> <ready-file>");
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path readyFile = Path.of(args[2]).toAbsolutePath();
        int port = parsePort(args[1]);
        String password = System.getenv().getOrDefault("ALLIANCE_NEO4J_PASSWORD", "");
        boolean auth = !password.isEmpty();
        long pageCacheMb = parsePositive("ALLIANCE_NEO4J_PAGECACHE_MB", 512);
        long txTimeoutS = parsePositive("ALLIANCE_NEO4J_TX_TIMEOUT_S", 900);

        SocketAddress address = new SocketAddress(HOST, port);
        DatabaseManagementService service =
                new DatabaseManagementServiceBuilder(home)
                        .setConfig(BoltConnector.enabled, true)
                        .setConfig(BoltConnector.listen_address, address)
                        // Routing tables (neo4j:// URIs) hand this address back to drivers.
                        .setConfig(BoltConnector.advertised_address, address)
                        .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                        // Bulk seed loads run long; a bound still stops a runaway query.
                        .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutS))
                        // Nothing may phone home from a test machine (dbms.usage_report.enabled).
                        .setConfig(GraphDatabaseSettings.udc_enabled, false)
                        // A dev/test server is wiped and reloaded often: keep little history
                        // and do not reserve 256 MiB per transaction log file up front.
                        .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                        .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                        // Netty's default 5 s quiet period, paid twice after the stores are
                        // already closed, made every stop take over 10 s. Internal setting,
                        // pinned together with the Neo4j version in pom.xml.
                        .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                        .loadPropertiesFromFile(extraSettingsFile(home, System.getenv("ALLIANCE_NEO4J_CONF")))
                        .build();

        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT run shutdown hooks: close the stores cleanly so the next start
        // needs no recovery.
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    log("shutting down");
                                    service.shutdown();
                                    log("stopped");
                                    stopped.countDown();
                                },
                                "alliance-neo4j-shutdown"));

        if (auth) {
            try {
                setPassword(service, password);
            } catch (RuntimeException e) {
                log("could not set the password of user '" + USER + "': " + e.getMessage());
                System.exit(2);
            }
        }

        String uri = "bolt://" + HOST + ":" + port;
        writeReady(readyFile, uri);
        log("ready at " + uri + (auth ? " (authentication on, user " + USER + ")" : " (authentication off)"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sets the password through the system database, which the embedded API may write
     * without credentials. It goes via a random password first because Neo4j refuses to
     * "change" a password to the value it already has.
     */
    private static void setPassword(DatabaseManagementService service, String password) {
        var system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        String alter = "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED";
        system.executeTransactionally(alter, Map.of("password", UUID.randomUUID().toString()));
        system.executeTransactionally(alter, Map.of("password", password));
    }

    private static void writeReady(Path readyFile, String uri) {
        try {
            Files.createDirectories(readyFile.getParent());
            Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
            Files.writeString(tmp, uri + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, readyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log("could not write " + readyFile + ": " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * ALLIANCE_NEO4J_CONF ({@code key=value} entries split on newlines or ';') written as a
     * neo4j.conf under home/run, since the embedded builder takes raw settings only from a file.
     */
    private static Path extraSettingsFile(Path home, String raw) {
        StringBuilder conf = new StringBuilder("# written by the launcher from ALLIANCE_NEO4J_CONF\n");
        for (String entry : (raw == null ? "" : raw).split("[;\\n]")) {
            String item = entry.strip();
            if (item.isEmpty()) {
                continue;
            }
            if (item.indexOf('=') <= 0) {
                fail("ALLIANCE_NEO4J_CONF entries must be key=value, got '" + item + "'");
            }
            conf.append(item).append('\n');
        }
        Path file = home.resolve("run").resolve("extra.conf");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, conf.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            fail("could not write " + file + ": " + e.getMessage());
        }
        return file;
    }

    private static int parsePort(String raw) {
        try {
            int port = Integer.parseInt(raw);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail("port must be an integer between 1 and 65535, got '" + raw + "'");
        return -1;
    }

    private static long parsePositive(String name, long fallback) {
        String raw = System.getenv(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(name + " must be a positive integer, got '" + raw + "'");
        return -1;
    }

    private static void log(String message) {
        System.out.println("[alliance-neo4j] " + message);
        System.out.flush();
    }

    private static void fail(String message) {
        System.err.println("[alliance-neo4j] " + message);
        System.exit(64);
    }
}
