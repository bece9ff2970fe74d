package dev.modelgate.audit.deps;

import java.util.Locale;

/**
 * A dependency found in a project: declared with a range, locked or installed at a version.
 *
 * @param name normalised name (PEP 503: lower case, runs of -_. as one -)
 * @param spec the allowed versions (declared requirements); null when any version
 * @param version the exact version (pinned, locked, installed); null when a range
 * @param file where it was found
 * @param line 1-based line in that file, 0 when unknown
 * @param text the requirement as written, for the report
 */
public record Dependency(String name, SpecifierSet spec, Version version, String file, int line,
    String text) {

  public static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }
}
