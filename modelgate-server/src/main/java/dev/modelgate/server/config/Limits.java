package dev.modelgate.server.config;

import java.time.Duration;

/**
 * Bounds on every request and on the work behind it (the config's {@code limits} section).
 *
 * @param maxUploadBytes body size of {@code /v1/scan} and {@code /v1/convert}; larger is 413
 * @param maxFileBytes largest upstream file the gateway fetches
 * @param maxJsonBytes largest upstream API answer (revision info, one tree page)
 * @param scans scans (and conversions) running at once; more wait, then get 503
 * @param fetches upstream file fetches running at once
 * @param connections open client connections
 * @param requests requests handled at once (more wait in a queue)
 * @param idle a connection that sends or accepts nothing this long is closed
 * @param request an upload or conversion must be received within this time (slow drip)
 * @param headWait how long a HEAD waits for a first fetch and scan before it answers from the
 *     tree listing (the client's metadata timeout is 10 s); the GET then gives the verdict
 * @param fetchWait how long a GET waits for the fetch and scan of its file
 * @param scanQueue how long a request waits for a free scan slot before 503
 * @param shutdown how long SIGTERM waits for requests in flight
 * @param streamAbove files this large or larger are sent to clients while they arrive from the
 *     upstream, once the scan has judged them (the last bytes wait for the sha256 check)
 * @param revisionTtl how long a branch or tag stays resolved to the same commit before the
 *     upstream is asked again (commits themselves never change)
 */
public record Limits(long maxUploadBytes, long maxFileBytes, int maxJsonBytes, int scans,
    int fetches, int connections, int requests, Duration idle, Duration request,
    Duration headWait, Duration fetchWait, Duration scanQueue, Duration shutdown,
    Duration revisionTtl, long streamAbove) {

  public static Limits defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new Limits(4L << 30, 256L << 30, 64 << 20, Math.max(1, cores), 8, 1024, 256,
        Duration.ofSeconds(30), Duration.ofSeconds(600), Duration.ofSeconds(5),
        Duration.ofSeconds(3600), Duration.ofSeconds(60), Duration.ofSeconds(20),
        Duration.ofSeconds(60), 32L << 20);
  }

  static Limits parse(Obj o) throws ConfigException {
    o.allowOnly(java.util.Set.of("max_upload_bytes", "max_file_bytes", "max_json_bytes",
        "concurrent_scans", "concurrent_fetches", "max_connections", "concurrent_requests",
        "idle_timeout_seconds", "request_timeout_seconds", "head_wait_seconds",
        "fetch_wait_seconds", "scan_queue_seconds", "shutdown_seconds",
        "revision_ttl_seconds", "stream_above_bytes"));
    Limits d = defaults();
    long day = 86_400;
    return new Limits(
        o.number("max_upload_bytes", d.maxUploadBytes(), 1, Long.MAX_VALUE),
        o.number("max_file_bytes", d.maxFileBytes(), 1, Long.MAX_VALUE),
        (int) o.number("max_json_bytes", d.maxJsonBytes(), 1024, Integer.MAX_VALUE - 8),
        (int) o.number("concurrent_scans", d.scans(), 1, 1024),
        (int) o.number("concurrent_fetches", d.fetches(), 1, 1024),
        (int) o.number("max_connections", d.connections(), 1, 1_000_000),
        (int) o.number("concurrent_requests", d.requests(), 1, 100_000),
        secs(o, "idle_timeout_seconds", d.idle(), day),
        secs(o, "request_timeout_seconds", d.request(), day),
        secs(o, "head_wait_seconds", d.headWait(), 3600),
        secs(o, "fetch_wait_seconds", d.fetchWait(), day),
        secs(o, "scan_queue_seconds", d.scanQueue(), day),
        secs(o, "shutdown_seconds", d.shutdown(), 3600),
        secs(o, "revision_ttl_seconds", d.revisionTtl(), day),
        o.number("stream_above_bytes", d.streamAbove(), 0, Long.MAX_VALUE));
  }

  private static Duration secs(Obj o, String key, Duration dflt, long max) throws ConfigException {
    long min = key.equals("head_wait_seconds") || key.equals("revision_ttl_seconds") ? 0 : 1;
    return Duration.ofSeconds(o.number(key, dflt.toSeconds(), min, max));
  }
}
