package dev.modelgate.audit.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.audit.rules.AuditFinding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every rule against committed snippets: a vulnerable file marks each line a finding must be on
 * with {@code # expect: rule-id}; its safe twin must give no finding at all.
 */
class RuleFixturesTest {
  static final List<String> RULES = List.of("torch_load", "pickle", "numpy", "keras", "yaml",
      "env", "ipc", "http", "exec", "jinja", "hub", "cluster");

  static Stream<String> rules() {
    return RULES.stream();
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = RuleFixturesTest.class.getResourceAsStream("/python/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  static List<AuditFinding> audit(String name) throws IOException {
    return new PythonAuditor().audit(name, fixture(name), false);
  }

  static TreeSet<String> expected(String name) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    String[] lines = new String(fixture(name), StandardCharsets.UTF_8).split("\n", -1);
    for (int k = 0; k < lines.length; k++) {
      int at = lines[k].indexOf("# expect: ");
      if (at >= 0) {
        for (String id : lines[k].substring(at + 10).trim().split(",\\s*")) {
          out.add((k + 1) + " " + id);
        }
      }
    }
    return out;
  }

  static TreeSet<String> found(List<AuditFinding> fs) {
    TreeSet<String> out = new TreeSet<>();
    for (AuditFinding f : fs) {
      if (!f.suppressed()) {
        out.add(f.line() + " " + f.rule());
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("rules")
  void vulnerableSnippetGivesExactlyTheMarkedFindings(String rule) throws IOException {
    String name = rule + "_vulnerable.py";
    assertThat(expected(name)).isNotEmpty();
    assertThat(found(audit(name))).isEqualTo(expected(name));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void safeSnippetGivesNoFinding(String rule) throws IOException {
    assertThat(audit(rule + "_safe.py")).isEmpty();
  }

  @Test
  void suppressionsWithAReasonApplyAndWithoutOneAreReported() throws IOException {
    List<AuditFinding> fs = audit("suppressed.py");
    assertThat(fs).filteredOn(AuditFinding::suppressed)
        .extracting(f -> f.line() + " " + f.rule() + " " + f.suppression())
        .containsExactly("4 py.pickle-load cache written by this process",
            "6 py.torch-load trusted checkpoint produced by our own CI");
    assertThat(found(fs)).containsExactly("7 audit.suppression-reason", "7 py.torch-load");
  }

  @Test
  void syntaxErrorsAreReportedAndTheRestIsStillAudited() throws IOException {
    assertThat(found(audit("syntax_error.py"))).contains("6 py.pickle-load")
        .anyMatch(s -> s.endsWith("audit.parse-error"));
  }

  @Test
  void findingsCarryColumnsAndEvidence() throws IOException {
    AuditFinding f = audit("torch_load_vulnerable.py").get(0);
    assertThat(f.line()).isEqualTo(5);
    assertThat(f.column()).isEqualTo(9);
    assertThat(f.evidence()).isEqualTo("torch.load(\"model.pt\")");
    assertThat(f.endColumn()).isEqualTo(9 + "torch.load(\"model.pt\")".length());
  }
}
