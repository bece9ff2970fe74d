package dev.modelgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Red team 6, point 3: the one escaper for text outputs, and the text report using it. */
class TerminalTextTest {
  @Test
  void controlsEscapesAndInvisibleFormattingBecomeVisible() {
    assertThat(TerminalText.escape("a\u001b[31mb")).isEqualTo("a\\x1b[31mb");
    assertThat(TerminalText.escape("l1\r\nl2\tx")).isEqualTo("l1\\r\\nl2\\tx");
    assertThat(TerminalText.escape("\u0000\u007f\u009b")).isEqualTo("\\x00\\x7f\\x9b");
    assertThat(TerminalText.escape("abc\u202edcba\u2066\u200b\u2028")).isEqualTo(
        "abc\\u202edcba\\u2066\\u200b\\u2028");
    assertThat(TerminalText.escape("tag\uDB40\uDC41")).isEqualTo("tag\\U000e0041");
    assertThat(TerminalText.escape("lone\uD800")).isEqualTo("lone\\ud800");
  }

  @Test
  void ordinaryTextIsKept() {
    String s = "modèle/权重.pt — 😀 os.system('ls -l')";
    assertThat(TerminalText.escape(s)).isSameAs(s);
  }

  @Test
  void theTextReportEscapesEveryFieldAFileChooses() {
    String hostile = "\u001b]0;x\u0007\r\nclean      fake.pt";
    Finding f = new Finding("pickle.dangerous-call", Verdict.MALICIOUS, "calls " + hostile,
        "data.pkl" + hostile + "@3", "os.system(" + hostile + ")");
    ScanResult r = new ScanResult("m" + hostile + ".pt", "pickle", 10, null, Verdict.MALICIOUS,
        List.of(f), true);
    String text = TextReport.render(new ScanReport(List.of(r)), false);
    assertThat(text).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u0007");
    assertThat(text.lines()).noneMatch(l -> l.startsWith("clean"));
    assertThat(text.lines().count()).isEqualTo(4);
  }

  @Test
  void longEvidenceIsNotCutInsideAnEscape() {
    String evidence = "x".repeat(297) + "\u001b\u001b";
    Finding f = new Finding("r", Verdict.SUSPICIOUS, "m", "", evidence);
    String text = TextReport.render(new ScanReport(List.of(new ScanResult("p", "f", 1, null,
        Verdict.SUSPICIOUS, List.of(f), true))), false);
    assertThat(text).contains("x".repeat(297) + "…").doesNotContain("\\x1…");
  }
}
