package dev.modelgate.server.config;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Everything {@code modelgate serve} runs with: the config file (JSON, optional) with the
 * command-line flags on top. See docs/serve.md for the format.
 *
 * @param db JDBC URL; null means embedded SQLite in {@code data}
 * @param allowedHosts hosts the gateway fetches from and follows redirects to (the upstream's
 *     own host is always one)
 * @param publicUrl base URL clients reach the gateway by, for {@code Link} headers; null means the
 *     request's own scheme and Host
 * @param accessLog {@code -} for stdout, {@code off}, or a file path
 */
public record Config(String host, int port, Path data, String db, URI upstream, Secret token,
    Set<String> allowedHosts, String publicUrl, boolean proxyNeedsToken, boolean metricsNeedToken,
    Limits limits, String accessLog, PolicyRules policy, Path file) {

  public static final String DEFAULT_LISTEN = "127.0.0.1:8750";
  public static final String DEFAULT_UPSTREAM = "https://huggingface.co";

  /** Command-line values; null fields keep the config file's (or the default) value. */
  public record Flags(Path config, String listen, Path data, String upstream, String db) {}

  public static Config load(Flags flags, String envToken) throws ConfigException {
    Obj o;
    Path base;
    if (flags.config() != null) {
      Path f = flags.config();
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(f);
      } catch (IOException e) {
        throw new ConfigException(f + ": cannot read the configuration (" + e.getMessage() + ")");
      }
      try {
        o = Obj.root(f.toString(), Json.parse(bytes));
      } catch (JsonException e) {
        throw new ConfigException(f + ": not valid JSON at offset " + e.offset() + ": "
            + e.getMessage());
      }
      base = f.toAbsolutePath().getParent();
    } else {
      o = new Obj("(defaults)", "", java.util.Map.of());
      base = Path.of("").toAbsolutePath();
    }
    o.allowOnly(Set.of("listen", "data", "db", "public_url", "upstream", "access", "limits",
        "access_log", "policy"));
    String listen = flags.listen() != null ? flags.listen() : o.string("listen", DEFAULT_LISTEN);
    String[] hp = hostPort(listen);
    Path data = flags.data() != null ? flags.data()
        : base.resolve(o.string("data", "./modelgate-data")).normalize();
    String db = flags.db() != null ? flags.db() : o.string("db", null);
    if (db != null && !db.startsWith("jdbc:sqlite:") && !db.startsWith("jdbc:postgresql:")) {
      throw new ConfigException("--db: " + redactUrl(db)
          + ": use jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB");
    }
    Obj up = o.object("upstream");
    up.allowOnly(Set.of("url", "token", "allowed_hosts"));
    URI upstream = upstream(flags.upstream() != null ? flags.upstream()
        : up.string("url", DEFAULT_UPSTREAM));
    String tok = up.string("token", null);
    if (tok == null && envToken != null && !envToken.isBlank()) {
      tok = envToken.strip();
    }
    Set<String> hosts = new LinkedHashSet<>();
    hosts.add(upstream.getHost().toLowerCase(Locale.ROOT));
    for (String h : up.strings("allowed_hosts")) {
      if (!h.matches("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]")) {
        throw up.error("allowed_hosts", "\"" + h + "\" is not a host name");
      }
      hosts.add(h.toLowerCase(Locale.ROOT));
    }
    String publicUrl = o.string("public_url", null);
    if (publicUrl != null) {
      publicUrl = upstream(publicUrl).toString();
    }
    Obj acc = o.object("access");
    acc.allowOnly(Set.of("proxy", "metrics"));
    boolean proxyToken = access(acc, "proxy");
    boolean metricsToken = access(acc, "metrics");
    Limits limits = Limits.parse(o.object("limits"));
    String log = o.string("access_log", "-");
    PolicyRules rules = PolicyRules.parse(o.object("policy"), base);
    return new Config(hp[0], Integer.parseInt(hp[1]), data.toAbsolutePath(), db, upstream,
        tok == null ? null : new Secret(tok), Set.copyOf(hosts), publicUrl, proxyToken,
        metricsToken, limits, log, rules, flags.config());
  }

  private static boolean access(Obj o, String key) throws ConfigException {
    String v = o.string(key, "open");
    return switch (v) {
      case "open" -> false;
      case "token" -> true;
      default -> throw o.error(key, "must be \"open\" or \"token\"");
    };
  }

  /** {@code HOST:PORT}, {@code [v6]:PORT}; port 0 picks a free one. */
  static String[] hostPort(String s) throws ConfigException {
    int colon = s.lastIndexOf(':');
    if (colon <= 0) {
      throw new ConfigException("--listen " + s + ": expected HOST:PORT");
    }
    String host = s.substring(0, colon);
    String port = s.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
      throw new ConfigException("--listen " + s + ": the port must be 0 to 65535");
    }
    if (!host.matches("[A-Za-z0-9.:-]+")) {
      throw new ConfigException("--listen " + s + ": not a host name or address");
    }
    return new String[] {host, port};
  }

  static URI upstream(String s) throws ConfigException {
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      throw new ConfigException("upstream " + s + ": not a URL");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if ((!scheme.equals("http") && !scheme.equals("https")) || u.getHost() == null
        || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
      throw new ConfigException("upstream " + s + ": expected http(s)://HOST[:PORT][/PATH]");
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(scheme + "://" + u.getRawAuthority() + path);
  }

  /** A JDBC URL without its password, for messages. */
  public static String redactUrl(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*@", "//***@");
  }

  /** Where the embedded database lives when no {@code --db} is given. */
  public String jdbcUrl() {
    return db != null ? db : "jdbc:sqlite:" + data.resolve("modelgate.db");
  }
}
