package dev.modelgate.format.python;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.io.Budget;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;

/** Jazzer target: the judge answers for any text, within the budget, and never throws. */
class GeneratedCodeFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void judge(FuzzedDataProvider data) {
    GeneratedCode.Dialect d = data.consumeBoolean() ? GeneratedCode.Dialect.FX
        : GeneratedCode.Dialect.TORCHSCRIPT;
    String src = data.consumeRemainingAsString();
    try {
      GeneratedCode.Result r = GeneratedCode.judge(src, d, Policy.defaults(),
          new Budget(Limits.DEFAULT), "fuzz");
      if (r.problem() != null && (r.problem().line() < 0 || r.problem().text().length() > 241)) {
        throw new AssertionError("bad problem " + r.problem());
      }
    } catch (InvalidInputException limit) {
      // a named limit is an answer
    }
  }
}
