package dev.modelgate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.io.BytesSource;
import java.io.IOException;
import java.util.List;

/**
 * Whole-engine Jazzer target: any bytes, under a content-neutral name and under a name chosen by
 * the input's last byte (so handlers that look at names are reached too), give results with a
 * verdict. A handler that lets an unanticipated exception out fails the target; only I/O errors
 * may escape the scanner. Seeds are copies of small fixtures of every format.
 */
class ScannerFuzzTest {
  static final List<String> NAMES = List.of("model.pt", "model.pkl", "model.joblib",
      "config.json", "tokenizer_config.json", "chat_template.jinja", "chat_template.json",
      "saved_model.pb", "keras_metadata.pb", "frozen_graph.pb", "model.onnx", "model.h5",
      "model.keras", "model.safetensors", "model.gguf", "model.npy", "model.npz", "model.tar",
      "model.7z", "model.zip", "model.tflite", "model.bin", "model.ckpt", "model.gz");

  @FuzzTest(maxDuration = "30s")
  void scan(byte[] data) throws IOException {
    check(data, "fuzz.dat");
    if (data.length > 0) {
      // the last byte picks the name, the bytes before it are the file (seeds are built so)
      String name = NAMES.get((data[data.length - 1] & 0xff) % NAMES.size());
      check(java.util.Arrays.copyOf(data, data.length - 1), name);
    }
  }

  private static void check(byte[] data, String name) throws IOException {
    ScanListener strict = new ScanListener() {
      @Override
      public void parserFailure(String path, Throwable t) {
        throw new AssertionError("parser failure on " + path, t);
      }
    };
    ScanOptions o = ScanOptions.defaults();
    Scanner s = new Scanner(new ScanOptions(o.policy(), o.limits(), 1 << 20, false, strict));
    List<ScanResult> results = s.scan(new BytesSource(data, name));
    if (results.isEmpty()) {
      throw new AssertionError("no result for " + name);
    }
    for (ScanResult r : results) {
      if (r.verdict() == null) {
        throw new AssertionError("no verdict for " + r.path());
      }
    }
  }
}
