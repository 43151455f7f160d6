package xmassnu.jobs.stage;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.errors.ExitCode;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;

/**
 * One writer per data directory: {@code DIR/_lock}, created atomically (O_EXCL on local disks, create-without-
 * overwrite at the HDFS NameNode; on object stores without conditional writes, write then read back after a pause to
 * confirm the owner), holding owner, host, pid, command and a heartbeat the holder refreshes every
 * {@value #HEARTBEAT_S} s. A second command fails at once, saying who holds the lock; a lock whose process is gone (same
 * host) or whose heartbeat is older than {@value #STALE_S} s is stale: taken over with a warning.
 */
public final class DataLock implements AutoCloseable {
    static final int HEARTBEAT_S = 10;
    static final int STALE_S = 60;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DataLock.class);

    private final Storage storage;
    private final Location file;
    private final String owner;
    private final String command;
    private final Instant started = Instant.now();
    private final Thread heartbeat;
    private volatile boolean held = true;

    private DataLock(Storage storage, Location file, String owner, String command) {
        this.storage = storage;
        this.file = file;
        this.owner = owner;
        this.command = command;
        this.heartbeat = new Thread(this::beat, "xmass-lock-heartbeat");
        heartbeat.setDaemon(true);
    }

    public static DataLock acquire(Storage storage, Location file, String command) {
        String owner = UUID.randomUUID().toString();
        DataLock lock = new DataLock(storage, file, owner, command);
        for (int attempt = 0; attempt < 2; attempt++) {
            boolean created;
            try {
                created = storage.createExclusive(file, lock.record().getBytes(StandardCharsets.UTF_8));
            } catch (XmassException e) {
                if (e.getMessage().contains("permission denied") || e.getMessage().contains("read-only")) {
                    // a read-only data directory (an archive, a colleague's): nothing can be written, so nothing
                    // needs a lock; committed outputs are reused, a stage that must compute fails on its first write
                    System.err.println("xmass: warning: " + file.parent() + " is read-only: only committed outputs can "
                            + "be reused (" + e.getMessage() + ")");
                    lock.held = false;
                    return lock;
                }
                throw e;
            }
            if (created && lock.confirmed()) {
                lock.heartbeat.start();
                return lock;
            }
            JsonNode holder = read(storage, file);
            String stale = staleness(holder);
            if (stale == null) {
                throw new XmassException(ExitCode.ENVIRONMENT, file.parent() + " is in use by " + describe(holder)
                        + ": wait for it to finish, or use another --data directory");
            }
            LOG.warn("taking over the lock {} of {}: {}", file, describe(holder), stale);
            System.err.println("xmass: warning: taking over the lock of " + describe(holder) + " (" + stale + ")");
            storage.delete(file);
        }
        throw new XmassException(ExitCode.ENVIRONMENT, "cannot take the lock " + file + ": another command took it first");
    }

    /** This holder's random token, written in the record; also how executors recognise this run's lock. */
    String owner() {
        return owner;
    }

    /** False when the directory was read-only and no lock could be written. */
    boolean held() {
        return held;
    }

    private String record() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("owner", owner);
        n.put("command", command);
        n.put("host", host());
        n.put("pid", ProcessHandle.current().pid());
        n.put("started", started.toString());
        n.put("heartbeat_epoch_ms", System.currentTimeMillis());
        return Json.canonicalPretty(n);
    }

    /** Where creation is not atomic, the last writer wins: read back after a pause to see who that was. */
    private boolean confirmed() {
        if (Storage.renameIsAtomic(file)) {
            return true;
        }
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        JsonNode n = read(storage, file);
        return n != null && owner.equals(n.path("owner").asText());
    }

    private void beat() {
        while (held) {
            try {
                Thread.sleep(HEARTBEAT_S * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            if (!held) {
                return;
            }
            try {
                JsonNode n = read(storage, file);
                if (n == null || !owner.equals(n.path("owner").asText())) {
                    LOG.warn("the lock {} was taken from this command", file);
                    return;
                }
                storage.writeString(file, record());
            } catch (RuntimeException e) {
                LOG.warn("cannot refresh the lock {}: {}", file, e.getMessage());
            }
        }
    }

    /** The lock record at {@code file}, or null if there is none or it is unreadable. */
    static JsonNode read(Storage storage, Location file) {
        try {
            return storage.exists(file) ? Json.MAPPER.readTree(storage.readString(file)) : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null; // half-written by a killed process: treated as stale below
        }
    }

    /** Why the holder is gone, or null while it lives. */
    static String staleness(JsonNode holder) {
        if (holder == null || !holder.has("heartbeat_epoch_ms")) {
            return "the lock record is unreadable";
        }
        if (holder.path("host").asText().equals(host())) {
            long pid = holder.path("pid").asLong(-1);
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return "process " + pid + " on this host has ended";
            }
        }
        long age = (System.currentTimeMillis() - holder.get("heartbeat_epoch_ms").asLong()) / 1000;
        return age > STALE_S ? "no heartbeat for " + age + " s" : null;
    }

    private static String describe(JsonNode holder) {
        if (holder == null) {
            return "another command";
        }
        long age = (System.currentTimeMillis() - holder.path("heartbeat_epoch_ms").asLong()) / 1000;
        return "'" + holder.path("command").asText("?") + "' (pid " + holder.path("pid").asText("?") + " on "
                + holder.path("host").asText("?") + ", started " + holder.path("started").asText("?")
                + ", alive " + age + " s ago)";
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown-host";
        }
    }

    @Override
    public void close() {
        if (!held) {
            return;
        }
        held = false;
        heartbeat.interrupt();
        try {
            JsonNode n = read(storage, file);
            if (n != null && owner.equals(n.path("owner").asText())) {
                storage.delete(file);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot remove the lock {}: {}", file, e.getMessage());
        }
    }
}
