package dev.modelgate.spark;

import dev.modelgate.policy.Policy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The job: {@code spark-submit --class dev.modelgate.spark.Job modelgate-spark-VERSION.jar
 * --input URI --output DIR}, or {@code ./modelgate-spark} locally. Exit codes as every modelgate
 * command: 0 every unit clean, 1 at least one unit not clean, 2 the job could not be done.
 */
public final class Job {
  static final String USAGE = """
      usage: modelgate-spark [--master local[N]] --input URI... --output DIR
                             [--format parquet|json] [--previous DIR]
                             [--policy FILE] [--allow GLOBAL]... [--time-limit SECONDS]
                             [--partitions N] [--debug]
        --input URI      a folder tree, a model file, or a list file (*.txt, *.lst, *.list:
                         one path or URI a line); repeatable
        --output DIR     result part files (Parquet, or JSON lines) and _modelgate.json
        --previous DIR   an earlier output: unchanged or identical files are not scanned again
        --policy FILE    policy file extending the allowlist ({"allow": [...]}), read here
        --allow GLOBAL   allow a global (module.name or 'module.*'); repeatable
        --time-limit S   per file or model folder (default 300); over it a file is invalid
        --partitions N   tasks to split the scan into (default: from the parallelism)
      exit: 0 all clean, 1 some unit not clean, 2 could not do the job""";

  private Job() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Args a = parse(args, err);
    if (a == null || a.help) {
      if (a != null) {
        out.println(USAGE);
      }
      return a == null ? 2 : 0;
    }
    SparkSession spark = null;
    try {
      ScanSettings settings = a.settings(); // a bad policy fails before Spark starts
      spark = session(a.master);
      return execute(spark, a, settings, out, err);
    } catch (Exception | LinkageError e) {
      return failed(e, a, err);
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }

  /** Runs the job on a session the caller owns (tests share one); returns the exit code. */
  static int run(SparkSession spark, String[] args, PrintStream out, PrintStream err) {
    Args a = parse(args, err);
    if (a == null || a.help) {
      return a == null ? 2 : 0;
    }
    try {
      return execute(spark, a, a.settings(), out, err);
    } catch (Exception | LinkageError e) {
      return failed(e, a, err);
    }
  }

  private static Args parse(String[] args, PrintStream err) {
    try {
      return Args.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("modelgate-spark: " + e.getMessage());
      err.println(USAGE);
      return null;
    }
  }

  private static int execute(SparkSession spark, Args a, ScanSettings settings, PrintStream out,
      PrintStream err) throws java.io.IOException {
    return new JobRun(spark, a.output, a.json, a.debug ? err : null)
        .execute(a.inputs, settings, out);
  }

  private static int failed(Throwable e, Args a, PrintStream err) {
    err.println("modelgate-spark: " + JobRun.oneLine(e));
    if (a.debug) {
      e.printStackTrace(err);
    }
    return 2;
  }

  /**
   * spark-submit sets the master; run by hand, the job embeds a local one. A local run binds
   * nothing it does not need: no web UI, the driver on the loopback interface, ports chosen by
   * the system.
   */
  static SparkSession session(String master) {
    SparkConf conf = new SparkConf().setAppName("modelgate-spark");
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.sql.shuffle.partitions", "4");
      conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** The command line. */
  static final class Args {
    String master;
    final List<String> inputs = new ArrayList<>();
    String output;
    boolean json;
    String previous;
    String policy;
    final List<String> allow = new ArrayList<>();
    Duration timeLimit = ScanSettings.DEFAULT_TIME_LIMIT;
    int partitions;
    boolean debug;
    boolean help;

    static Args parse(String[] args) {
      Args a = new Args();
      for (int i = 0; i < args.length; i++) {
        String opt = args[i];
        String val = null;
        int eq = opt.indexOf('=');
        if (opt.startsWith("--") && eq > 0) {
          val = opt.substring(eq + 1);
          opt = opt.substring(0, eq);
        }
        switch (opt) {
          case "-h", "--help" -> a.help = true;
          case "--debug" -> a.debug = true;
          case "--master", "--input", "--output", "--format", "--previous", "--time-limit",
              "--partitions", "--policy", "--allow" -> {
            if (val == null) {
              if (i + 1 >= args.length) {
                throw new IllegalArgumentException(opt + " needs a value");
              }
              val = args[++i];
            }
            a.set(opt, val);
          }
          default -> throw new IllegalArgumentException(opt.startsWith("-")
              ? "unknown option " + opt : "unexpected argument '" + opt + "' (use --input)");
        }
      }
      if (!a.help && (a.inputs.isEmpty() || a.output == null)) {
        throw new IllegalArgumentException("--input and --output are required");
      }
      return a;
    }

    private void set(String opt, String val) {
      if (val.isEmpty()) {
        throw new IllegalArgumentException(opt + " needs a value");
      }
      switch (opt) {
        case "--master" -> master = val;
        case "--input" -> inputs.add(val);
        case "--output" -> output = val;
        case "--previous" -> previous = val;
        case "--policy" -> policy = val;
        case "--allow" -> allow.add(val);
        case "--format" -> json = switch (val) {
          case "parquet" -> false;
          case "json" -> true;
          default -> throw new IllegalArgumentException("--format is parquet or json, not '"
              + val + "'");
        };
        case "--time-limit" -> timeLimit = Duration.ofMillis(Math.round(1000 * positive(opt,
            val)));
        case "--partitions" -> partitions = (int) positive(opt, val);
        default -> throw new IllegalStateException(opt);
      }
    }

    private static double positive(String opt, String val) {
      try {
        double d = Double.parseDouble(val);
        if (d > 0 && d < 1e9) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(opt + " needs a positive number, not '" + val + "'");
    }

    /** The settings; reads the policy file, as {@code modelgate scan --policy} does. */
    ScanSettings settings() throws java.io.IOException {
      Policy p = policy == null ? Policy.defaults() : Policy.load(java.nio.file.Path.of(policy));
      return ScanSettings.defaults().withTimeLimit(timeLimit).withPrevious(previous)
          .withPartitions(partitions).withPolicy(p.allow(allow));
    }
  }
}
