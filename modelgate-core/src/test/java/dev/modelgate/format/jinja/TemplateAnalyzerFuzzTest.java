package dev.modelgate.format.jinja;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Jazzer target: the analyser returns issues for any text and never throws. */
class TemplateAnalyzerFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void analyze(FuzzedDataProvider data) {
    String template = data.consumeRemainingAsString();
    for (TemplateIssue i : TemplateAnalyzer.analyze(template)) {
      if (i.offset() < 0 || i.offset() > template.length() || i.evidence().length() > 200) {
        throw new AssertionError("bad issue " + i);
      }
    }
  }
}
