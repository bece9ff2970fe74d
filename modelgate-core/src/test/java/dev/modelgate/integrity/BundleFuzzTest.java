package dev.modelgate.integrity;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target: any bytes either parse as a bundle (and its payload as a statement, and a
 * trusted root) or raise {@link IntegrityException}; nothing else escapes.
 */
class BundleFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void parse(byte[] data) {
    try {
      Bundle b = Bundle.parse(data);
      Statement.parse(b.payload());
    } catch (IntegrityException expected) {
      // reported as an invalid signature
    }
    try {
      Statement.parse(data);
    } catch (IntegrityException expected) {
      // reported as an invalid signature
    }
    try {
      TrustedRoot.parse(data);
    } catch (IntegrityException expected) {
      // reported as a bad trust root
    }
  }
}
