package dev.modelgate.format.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.rules.Finding;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Rules exercised on small in-memory streams. */
class PickleRulesTest {
  static ScanResult scan(String name, byte[] b) {
    return FuzzSupport.scan(name, b).get(0);
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void trailingJunkIsOnlyANote() {
    ScanResult r = scan("a.pkl", cat(ascii("(dp0\n."), new byte[] {(byte) 0xff, 0x00}));
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(r.findings()).extracting(Finding::rule).containsExactly("pickle.trailing-data");
  }

  @Test
  void oddSpellingsOfDangerousModulesAreCaught() {
    for (String module : new String[] {"OS", "os.path", " subprocess", "ｏｓ", "nt", "_posixsubprocess"}) {
      ScanResult r = scan("a.pkl", ("c" + module + "\nsystem\n(S'x'\ntR.")
          .getBytes(StandardCharsets.UTF_8));
      assertThat(r.verdict()).as(module).isEqualTo(Verdict.MALICIOUS);
    }
  }

  @Test
  void dangerousNamesAcrossCategories() {
    String[][] cases = {
        {"runpy", "_run_code"}, {"pip", "main"}, {"asyncio", "create_subprocess_shell"},
        {"operator", "methodcaller"}, {"operator", "attrgetter"}, {"code", "InteractiveInterpreter"},
        {"cProfile", "run"}, {"timeit", "timeit"}, {"pydoc", "pipepager"}, {"pty", "spawn"},
        {"shutil", "copyfile"}, {"webbrowser", "open"}, {"torch.utils.collect_env", "run"},
        {"importlib", "import_module"}, {"builtins", "open"}, {"builtins", "compile"},
        {"dill._dill", "_create_function"}, {"socket", "create_connection"},
        {"copy_reg", "add_extension"}, {"__builtin__", "reduce"}, {"builtins", "breakpoint"},
        {"numpy", "load"}, {"torch", "load"}, {"joblib", "load"}, {"_pickle", "loads"}};
    for (String[] c : cases) {
      ScanResult r = scan("a.pkl", ascii("c" + c[0] + "\n" + c[1] + "\n)R."));
      assertThat(r.verdict()).as(c[0] + "." + c[1]).isEqualTo(Verdict.MALICIOUS);
    }
  }

  @Test
  void codecsEncodedEmbeddedPickleIsAnalysed() {
    // _codecs.encode('<pickle as latin-1 text>', 'latin1') passed to pickle.loads
    String inner = "\u0080\u0002cos\nsystem\nX\u0001\u0000\u0000\u0000x\u0085R.";
    byte[] innerBytes = inner.getBytes(StandardCharsets.UTF_8); // BINUNICODE is UTF-8
    byte[] b = cat(ascii("\u0080\u0002cpickle\nloads\nc_codecs\nencode\nX"),
        new byte[] {(byte) innerBytes.length, 0, 0, 0}, innerBytes,
        ascii("X\u0006\u0000\u0000\u0000latin1\u0086R\u0085R."));
    ScanResult r = scan("a.pkl", b);
    assertThat(r.findings()).anySatisfy(f -> {
      assertThat(f.evidence()).isEqualTo("os.system('x')");
      assertThat(f.location()).contains("/embedded@");
    });
  }

  @Test
  void protocolZeroStreamsWithoutMagicAreDetected() {
    assertThat(scan("x.bin", ascii("(lp0\nI1\na.")).format()).isEqualTo("pickle");
    assertThat(scan("x.bin", ascii("cos\nsystem\n\u00ff")).verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(scan("x.txt", ascii("hello world, not a pickle\n")).format()).isEqualTo("unknown");
  }

  @Test
  void arrayWrapperWithoutAFileNameIsReportedNotACrash() {
    // NDArrayWrapper.__new__ then BUILD with an empty dict, and with None: no filename to check
    for (String state : new String[] {"}", "N"}) {
      ScanResult r = scan("a.pkl", ascii("\u0080\u0002cjoblib.numpy_pickle\nNDArrayWrapper\n)\u0081"
          + state + "b."));
      assertThat(r.findings()).as(state).anySatisfy(f -> {
        assertThat(f.rule()).isEqualTo("pickle.wrapper-file");
        assertThat(f.message()).contains("names its array file with nothing");
      });
    }
  }
}
