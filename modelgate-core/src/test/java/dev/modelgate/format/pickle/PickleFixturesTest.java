package dev.modelgate.format.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.policy.Policy;
import dev.modelgate.rules.Finding;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Verdicts, rules and evidence for the fixtures written by scripts/fixtures/pickle.py. */
class PickleFixturesTest {
  static final Path DIR = Path.of("src/test/resources/fixtures/pickle");

  static ScanResult scan(String name, Policy policy) throws IOException {
    Scanner s = new Scanner(ScanOptions.defaults().withPolicy(policy));
    return s.scanFile(DIR.resolve(name)).get(0);
  }

  static ScanResult scan(String name) throws IOException {
    return scan(name, Policy.defaults());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "os_system_p0.pkl          | pickle         | pickle.dangerous-call   | os.system('touch /tmp/mg-fixture')",
      "os_system_p2.pkl          | pickle         | pickle.dangerous-call   | os.system('touch /tmp/mg-fixture')",
      "stack_global_memo_p4.pkl  | pickle         | pickle.dangerous-call   | os.system('touch /tmp/mg-fixture')",
      "inst_p0.pkl               | pickle         | pickle.dangerous-call   | os.system('touch /tmp/mg-fixture')",
      "obj_p1.pkl                | pickle         | pickle.dangerous-call   | posix.system('touch /tmp/mg-fixture')",
      "newobj_partial_p2.pkl     | pickle         | pickle.dangerous-call   | functools.partial.__new__(functools.partial, os.system, 'touch /tmp/mg-fixture')",
      "py2_builtin_eval.pkl      | pickle         | pickle.dangerous-call   | builtins.eval('1+1')",
      "getattr_import_chain.pkl  | pickle         | pickle.dangerous-call   | builtins.getattr(builtins.__import__('os'), 'system')",
      "nullifai_broken.pkl       | pickle         | pickle.dangerous-call   | os.system('touch /tmp/mg-fixture')",
      "second_pickle_after_stop.pkl | pickle      | pickle.dangerous-call   | os.system('touch /tmp/mg-fixture')",
      "nested_pickle_loads.pkl   | pickle         | pickle.dangerous-call   | os.system('touch /tmp/mg-fixture')",
      "marshal_functiontype.pkl  | pickle         | pickle.dangerous-call   | types.FunctionType(marshal.loads(b'\\xe3",
      "dangerous_import_only.pkl | pickle         | pickle.dangerous-call   | os.system",
      "dill_lambda.dill          | dill           | pickle.dangerous-call   | dill._dill._create_code(",
      "numpy_object_payload.npy  | numpy-npy      | pickle.dangerous-call   | os.system('touch /tmp/mg-fixture')",
      "joblib_zlib_payload.joblib | joblib        | pickle.dangerous-call   | os.system('touch /tmp/mg-fixture')",
      "torch_legacy_magic_slot.pt | pytorch-legacy | pickle.dangerous-call  | os.system('touch /tmp/mg-fixture')",
  })
  void malicious(String file, String format, String rule, String evidence) throws IOException {
    ScanResult r = scan(file);
    assertThat(r.verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(r.format()).isEqualTo(format);
    assertThat(r.findings()).anySatisfy(f -> {
      assertThat(f.rule()).isEqualTo(rule);
      assertThat(f.evidence()).startsWith(evidence);
      assertThat(f.location()).matches(".*@\\d+");
    });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "truncated_mid_string.pkl  | pickle.truncated",
      "huge_binunicode8.pkl      | pickle.truncated",
      "many_marks.pkl            | pickle.limit",
      "memo_out_of_range.pkl     | pickle.malformed",
      "npy_size_mismatch.npy     | numpy.data-size",
  })
  void invalid(String file, String rule) throws IOException {
    ScanResult r = scan(file);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.findings()).extracting(Finding::rule).contains(rule);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "torch_state_dict.data.pkl   | pickle",
      "torch_shared_views.data.pkl | pickle",
      "torch_optimizer.data.pkl    | pickle",
      "torch_bare_tensor.data.pkl  | pickle",
      "torch_legacy.pt             | pytorch-legacy",
      "numpy_f32.npy               | numpy-npy",
      "numpy_structured.npy        | numpy-npy",
      "numpy_array_p2.pkl          | pickle",
      "numpy_array_p4.pkl          | pickle",
      "joblib_object_array.joblib  | joblib",
      "plain_dict_p0.pkl           | pickle",
      "plain_dict_p1.pkl           | pickle",
      "plain_dict_p2.pkl           | pickle",
      "plain_dict_p3.pkl           | pickle",
      "plain_dict_p4.pkl           | pickle",
      "plain_dict_p5.pkl           | pickle",
  })
  void clean(String file, String format) throws IOException {
    ScanResult r = scan(file);
    assertThat(r.findings()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(r.format()).isEqualTo(format);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "sklearn_logreg.joblib       | sklearn.*    | sklearn.linear_model._logistic.LogisticRegression",
      "sklearn_logreg_zlib.joblib  | sklearn.*    | sklearn.linear_model._logistic.LogisticRegression",
      "torch_full_module.data.pkl  | torch.nn.*   | torch.nn.modules.container.Sequential",
      "unlisted_class.pkl          | argparse.Namespace | argparse.Namespace",
  })
  void unlistedUntilAllowed(String file, String allow, String global) throws IOException {
    ScanResult r = scan(file);
    assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(r.findings()).anySatisfy(f -> {
      assertThat(f.rule()).isEqualTo("pickle.unlisted-global");
      assertThat(f.message()).contains(global);
    });
    assertThat(scan(file, Policy.defaults().allow(List.of(allow))).verdict())
        .isEqualTo(Verdict.CLEAN);
  }

  @Test
  void userAllowNeverOverridesTheDangerousCatalogue() throws IOException {
    ScanResult r = scan("os_system_p2.pkl", Policy.defaults().allow(List.of("os.*")));
    assertThat(r.verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(r.findings()).anySatisfy(f -> assertThat(f.message()).contains("user allowlist"));
  }

  @Test
  void trailingPickleIsFlaggedAndJudged() throws IOException {
    ScanResult r = scan("second_pickle_after_stop.pkl");
    assertThat(r.findings()).extracting(Finding::rule)
        .contains("pickle.trailing-pickle", "pickle.dangerous-call");
  }

  @Test
  void brokenPickleIsBothMaliciousAndMalformed() throws IOException {
    ScanResult r = scan("nullifai_broken.pkl");
    assertThat(r.findings()).extracting(Finding::rule)
        .containsExactly("pickle.dangerous-call", "pickle.malformed");
  }

  @Test
  void embeddedPickleFindingsNameTheirPlace() throws IOException {
    ScanResult r = scan("nested_pickle_loads.pkl");
    assertThat(r.findings()).anySatisfy(f -> {
      assertThat(f.evidence()).isEqualTo("os.system('touch /tmp/mg-fixture')");
      assertThat(f.location()).contains("/embedded@");
    });
  }

  @Test
  void extensionCodesAndBuildOnGlobalsAreSuspicious() throws IOException {
    assertThat(scan("ext_copyreg.pkl").findings()).extracting(Finding::rule)
        .contains("pickle.extension-code");
    assertThat(scan("build_on_global.pkl").findings()).extracting(Finding::rule)
        .contains("pickle.build-on-global");
  }
}
