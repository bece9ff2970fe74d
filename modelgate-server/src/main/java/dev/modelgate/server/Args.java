package dev.modelgate.server;

import dev.modelgate.server.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@code modelgate serve}, parsed by hand: a handful of flags. */
final class Args {
  Path config;
  String listen;
  Path data;
  String upstream;
  String db;
  String role;
  String name;
  boolean debug;
  boolean help;
  final List<String> positional = new ArrayList<>();

  /** Thrown for a usage error; the message is printed with the usage. */
  static final class UsageException extends Exception {
    UsageException(String m) {
      super(m);
    }
  }

  static Args parse(String[] argv) throws UsageException {
    Args a = new Args();
    for (int i = 0; i < argv.length; i++) {
      String s = argv[i];
      String value = null;
      int eq = s.indexOf('=');
      if (s.startsWith("--") && eq > 0) {
        value = s.substring(eq + 1);
        s = s.substring(0, eq);
      }
      switch (s) {
        case "--config", "--listen", "--data", "--upstream", "--db", "--role", "--name" -> {
          if (value == null) {
            if (i + 1 >= argv.length) {
              throw new UsageException(s + " needs a value");
            }
            value = argv[++i];
          }
          a.set(s, value);
        }
        case "--debug" -> a.debug = true;
        case "-h", "--help" -> a.help = true;
        default -> {
          if (s.startsWith("-")) {
            throw new UsageException("unknown option " + s);
          }
          a.positional.add(argv[i]);
        }
      }
    }
    return a;
  }

  private void set(String flag, String v) {
    switch (flag) {
      case "--config" -> config = Path.of(v);
      case "--listen" -> listen = v;
      case "--data" -> data = Path.of(v);
      case "--upstream" -> upstream = v;
      case "--db" -> db = v;
      case "--role" -> role = v;
      case "--name" -> name = v;
      default -> throw new IllegalArgumentException(flag);
    }
  }

  Config.Flags flags() {
    return new Config.Flags(config, listen, data, upstream, db);
  }

  static final String USAGE = """
      usage: modelgate serve [--config FILE] [--listen HOST:PORT] [--data DIR] [--upstream URL]
                             [--db JDBC_URL] [--debug]
             modelgate serve token create --role read|upload|admin [--name NAME] [store options]
             modelgate serve token list [store options]
             modelgate serve token revoke NAME [store options]
        store options: --config FILE, --data DIR, --db JDBC_URL (as for serve)
        defaults: --listen 127.0.0.1:8750, --data ./modelgate-data, --upstream https://huggingface.co,
                  embedded SQLite in the data folder""";
}
