package dev.modelgate.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** Scans fixtures written by scripts/fixtures/formats_b.py and checks their verdicts. */
public final class FixtureScan {
  private FixtureScan() {}

  public static Path path(String name) {
    try {
      return Path.of(FixtureScan.class.getResource("/fixtures/formats-b/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing fixture " + name, e);
    }
  }

  /** All results for a file or folder fixture: the top one first, then its members. */
  public static List<ScanResult> scan(String name) throws IOException {
    ScanReport r = new Scanner(ScanOptions.defaults()).scan(List.of(path(name)));
    return r.results();
  }

  /**
   * Asserts the top result's format and verdict, and that {@code rule} (if not empty) is among
   * the findings of the result or its members; a clean fixture must have no finding that
   * changes a verdict.
   */
  public static void expect(String name, String format, Verdict verdict, String rule)
      throws IOException {
    List<ScanResult> all = scan(name);
    ScanResult top = all.get(0);
    assertThat(top.format()).as(name).isEqualTo(format);
    assertThat(top.verdict()).as(name + " " + top.findings()).isEqualTo(verdict);
    List<Finding> findings = all.stream().flatMap(r -> r.findings().stream()).toList();
    if (rule.isEmpty()) {
      assertThat(findings).as(name).allMatch(f -> f.verdict() == Verdict.CLEAN);
    } else {
      assertThat(findings).extracting(Finding::rule).as(name).contains(rule);
    }
  }
}
