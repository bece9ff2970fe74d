package dev.modelgate.format.tensorflow;

import dev.modelgate.format.protobuf.ProtoReader;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;

/**
 * {@code fingerprint.pb} ({@code FingerprintDef}, fingerprint.proto: hashes 1-5 as uint64,
 * version = 6, uuid = 7). Holds no code; a malformed one means the folder was tampered with or
 * damaged, so it must parse with the declared types.
 */
final class Fingerprint {
  private Fingerprint() {}

  static void check(ScanContext ctx, ProtoReader r) throws IOException {
    ctx.format("tf-savedmodel-fingerprint");
    while (r.next()) {
      switch (r.field()) {
        case 1, 2, 3, 4, 5 -> r.varint();
        case 6 -> {
          ProtoReader v = r.message("version");
          while (v.next()) {
            v.skip();
          }
        }
        case 7 -> r.string(1024);
        default -> r.skip();
      }
    }
  }
}
