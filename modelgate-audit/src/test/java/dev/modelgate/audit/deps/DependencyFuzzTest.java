package dev.modelgate.audit.deps;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer targets for the dependency readers: any bytes either parse or raise the reader's own
 * exception (naming the line); nothing else escapes, nothing hangs.
 */
class DependencyFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void toml(byte[] data) {
    try {
      Toml.parse(new String(data, StandardCharsets.UTF_8));
    } catch (Toml.TomlException expected) {
      // malformed TOML is reported with its line
    }
  }

  @FuzzTest(maxDuration = "30s")
  void requirementAndVersion(byte[] data) {
    String s = new String(data, StandardCharsets.UTF_8);
    Version.tryParse(s);
    try {
      Dependency d = Pep508.dependency(s, "requirements.txt", 1);
      if (d.spec() != null) {
        d.spec().intervals();
      }
    } catch (IllegalArgumentException expected) {
      // not a requirement
    }
  }

  @FuzzTest(maxDuration = "30s")
  void osvEntry(byte[] data) {
    try {
      OsvReader.read(data, "fuzz.json");
    } catch (DependencyFileException expected) {
      // not JSON, or an entry without an id
    }
  }
}
