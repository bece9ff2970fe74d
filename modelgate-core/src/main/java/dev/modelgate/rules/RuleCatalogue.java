package dev.modelgate.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every rule modelgate reports, read once, on first use, from {@code *.rules} data files, so
 * {@code docs/rules.md} and SARIF's rule descriptions come from the same text. The plain text
 * and JSON reports never load it.
 *
 * <p><b>Where rules come from.</b> Every {@value #INDEX} resource on the class path (one per
 * jar: {@code ClassLoader.getResources}) lists, one per line, {@code .rules} files that sit
 * beside it in the same jar. modelgate-core ships
 * {@code src/main/resources/META-INF/modelgate/rules/index}; another module (e.g. an audit
 * module with {@code audit.*} rules) adds its own rules by shipping
 * {@code src/main/resources/META-INF/modelgate/rules/index} listing {@code audit.rules} in its
 * jar. A rule id defined twice, in one jar or across jars, is an error. (A path under
 * {@code META-INF} is no Java package, so module encapsulation never hides it.) A fat jar must
 * concatenate the indexes (maven-shade's {@code AppendingTransformer}, as modelgate-cli does),
 * so every index ends with a newline and rule file names differ between modules.
 *
 * <p><b>File format</b>, one block per rule:
 * <pre>
 * [pickle.dangerous-call]
 * verdict = malicious
 * tags = code-execution
 * precision = high
 * title = One sentence.
 * description = A paragraph; continuation lines
 *   start with two spaces.
 * help = What to do.
 * </pre>
 * {@code verdict} is the worst verdict the rule reports (clean for notes); {@code tags} and
 * {@code precision} (very-high, high, medium, low) are optional: every rule is tagged
 * {@code security} and its area, and precision defaults from the verdict. Lines starting with
 * {@code #} are comments. A malformed file fails loudly rather than rendering half a report.
 */
public final class RuleCatalogue {
  /** The well-known resource every module's rule index lives at. */
  public static final String INDEX = "META-INF/modelgate/rules/index";
  private static volatile @Nullable RuleCatalogue instance;

  private final Map<String, Rule> rules;
  /** Where each rule was read from (a resource URL), for messages that say where to edit. */
  private final Map<String, String> sources;

  private RuleCatalogue(Map<String, Rule> rules, Map<String, String> sources) {
    this.rules = Collections.unmodifiableMap(rules);
    this.sources = Collections.unmodifiableMap(sources);
  }

  /** The catalogue of every module on this class's class path. */
  public static RuleCatalogue get() {
    RuleCatalogue c = instance;
    if (c == null) {
      synchronized (RuleCatalogue.class) {
        c = instance;
        if (c == null) {
          c = load(RuleCatalogue.class.getClassLoader());
          instance = c;
        }
      }
    }
    return c;
  }

  public Optional<Rule> find(String id) {
    return Optional.ofNullable(rules.get(id));
  }

  public boolean contains(String id) {
    return rules.containsKey(id);
  }

  /** Every rule, in catalogue order (grouped by area as the files list them). */
  public Collection<Rule> all() {
    return rules.values();
  }

  /**
   * Throws an {@link AssertionError} (an Error: the engine contains parser exceptions, this must
   * fail a test) when {@code f} names no catalogued rule or is worse than its rule's verdict. The
   * message says which file to edit.
   */
  public void check(Finding f) {
    Rule r = rules.get(f.rule());
    if (r == null) {
      throw new AssertionError("rule id " + f.rule() + " is not in the rule catalogue: add a ["
          + f.rule() + "] block (verdict, title, description, help) to " + fileFor(f.rule())
          + " (format: dev.modelgate.rules.RuleCatalogue)");
    }
    if (f.verdict().compareTo(r.verdict()) > 0) {
      throw new AssertionError("rule " + f.rule() + " is reported " + f.verdict().label()
          + " but catalogued as " + r.verdict().label() + ": raise its verdict in "
          + editable(source(f.rule())));
    }
  }

  /** The file a new rule of this id's area belongs in. */
  String fileFor(String id) {
    String area = Rule.areaOf(id);
    for (Map.Entry<String, Rule> e : rules.entrySet()) {
      if (e.getValue().area().equals(area)) {
        return editable(source(e.getKey()));
      }
    }
    return "a new " + area + ".rules file listed in src/main/resources/" + INDEX
        + " of the module that reports it (modelgate-core: "
        + "modelgate-core/src/main/resources/META-INF/modelgate/rules/)";
  }

  /** Where the catalogued rule {@code id} was read from: {@link #load} records every one. */
  private String source(String id) {
    return Objects.requireNonNull(sources.get(id), id);
  }

  /** A build-output resource URL as the source file someone edits. */
  private static String editable(String url) {
    String s = url.startsWith("file:") ? url.substring(5) : url;
    int at = s.indexOf("/target/classes/");
    if (at >= 0) {
      String module = s.substring(0, at);
      module = module.substring(module.lastIndexOf('/') + 1);
      return module + "/src/main/resources/" + s.substring(at + "/target/classes/".length());
    }
    return s;
  }

  /** Reads every index {@code loader} finds; package-private for the tests. */
  static RuleCatalogue load(@Nullable ClassLoader loader) {
    Map<String, Rule> out = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (URL index : indexes(loader)) {
      for (String line : read(index).split("\n", 0)) {
        String name = line.strip();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        URL file = sibling(index, name);
        for (Rule r : RuleFile.parse(file.toString(), read(file))) {
          String before = sources.putIfAbsent(r.id(), file.toString());
          if (before != null) {
            throw new IllegalStateException(file + ": rule " + r.id()
                + " is already defined in " + before);
          }
          out.put(r.id(), r);
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no rule catalogue found: " + INDEX
          + " is missing from the class path");
    }
    return new RuleCatalogue(out, sources);
  }

  private static List<URL> indexes(@Nullable ClassLoader loader) {
    Map<String, URL> seen = new LinkedHashMap<>(); // by text: URL.equals may resolve hosts
    try {
      Enumeration<URL> e = loader == null ? ClassLoader.getSystemResources(INDEX)
          : loader.getResources(INDEX);
      while (e.hasMoreElements()) {
        URL u = e.nextElement();
        seen.putIfAbsent(u.toExternalForm(), u);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArrayList<>(seen.values());
  }

  /** A file named in an index, in the same jar or folder as the index. */
  private static URL sibling(URL index, String name) {
    if (name.contains("/") || name.contains("\\") || !name.endsWith(".rules")) {
      throw new IllegalStateException(index + ": '" + name
          + "' is not the name of a .rules file beside the index");
    }
    try {
      // jar: URLs are opaque to URI.resolve, so resolve on the text after the last slash
      String s = index.toString();
      return new URI(s.substring(0, s.lastIndexOf('/') + 1) + name).toURL();
    } catch (URISyntaxException | MalformedURLException e) {
      throw new IllegalStateException(index + ": cannot locate " + name, e);
    }
  }

  private static String read(URL url) {
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("rule catalogue file " + url + " cannot be read: "
          + e.getMessage(), e);
    }
  }
}
