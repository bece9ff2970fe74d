package dev.modelgate.audit.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.audit.rules.AuditRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The prefilter (skipping files and cutting function bodies no rule needs, {@link RuleFamilies})
 * is a speed-up only: with it, every file gives exactly the findings it gives parsed whole (but
 * for {@code audit.parse-error} in a file that is not parsed at all). The
 * {@code cuts/} snippets are the cases where a body that names no sink reaches one through a
 * name bound outside it. {@code -Dmodelgate.audit.differentialTree=DIR} also compares every
 * {@code *.py} under DIR (a site-packages, say) — not run by default, as it needs such a tree.
 */
class PrefilterDifferentialTest {
  static final List<String> CUTS = List.of("aliases", "tabs", "broken_body", "decorated",
      "nothing");

  static Stream<String> fixtures() {
    List<String> out = new ArrayList<>();
    for (String r : RuleFixturesTest.RULES) {
      out.add(r + "_vulnerable.py");
      out.add(r + "_safe.py");
    }
    out.add("suppressed.py");
    out.add("syntax_error.py");
    for (String c : CUTS) {
      out.add("cuts/" + c + ".py");
    }
    return out.stream();
  }

  private final PythonAuditor filtered = new PythonAuditor(true);
  private final PythonAuditor whole = new PythonAuditor(false);

  @ParameterizedTest
  @MethodSource("fixtures")
  void theSameFindingsWithAndWithoutThePrefilter(String name) throws IOException {
    byte[] bytes = RuleFixturesTest.fixture(name);
    assertThat(filtered.audit(name, bytes, false)).isEqualTo(whole.audit(name, bytes, false));
  }

  @ParameterizedTest
  @MethodSource("cuts")
  void bodiesReachingASinkThroughAnOuterNameAreStillAudited(String name) throws IOException {
    String file = "cuts/" + name + ".py";
    assertThat(RuleFixturesTest.found(filtered.audit(file, RuleFixturesTest.fixture(file), false)))
        .isEqualTo(RuleFixturesTest.expected(file));
  }

  static Stream<String> cuts() {
    return CUTS.stream();
  }

  @Test
  void aFileNoRuleCanFireInIsNotParsed() throws IOException {
    byte[] bytes = RuleFixturesTest.fixture("cuts/nothing.py");
    assertThat(filtered.auditFile("nothing.py", bytes, false).parsed()).isFalse();
    assertThat(whole.auditFile("nothing.py", bytes, false).parsed()).isTrue();
    byte[] aliases = RuleFixturesTest.fixture("cuts/aliases.py");
    assertThat(filtered.auditFile("aliases.py", aliases, false).parsed()).isTrue();
  }

  @Test
  void aRealTreeGivesTheSameFindings() throws IOException {
    String dir = System.getProperty("modelgate.audit.differentialTree");
    if (dir == null) {
      return;
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of(dir))) {
      files = s.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p)).sorted()
          .toList();
    }
    List<String> differing = new ArrayList<>();
    // run over torch + transformers' site-packages (9,578 files): no difference but 3
    // tree-sitter parse errors (valid 3.11 starred returns) in files no rule can fire in
    for (Path p : files) {
      byte[] bytes = Files.readAllBytes(p);
      PythonAuditor.Result r = filtered.auditFile(p.toString(), bytes, false);
      List<AuditFinding> a = r.findings();
      List<AuditFinding> b = whole.audit(p.toString(), bytes, false);
      if (!r.parsed()) {
        // a file no rule can fire in is not parsed, so a syntax error in it is not reported
        b = b.stream().filter(f -> !f.rule().equals(AuditRules.PARSE_ERROR)).toList();
      }
      if (!a.equals(b)) {
        differing.add(p + ": with " + a + " whole " + b);
      }
    }
    System.out.println("differential: " + files.size() + " files, " + differing.size()
        + " differing");
    assertThat(differing).isEmpty();
  }
}
