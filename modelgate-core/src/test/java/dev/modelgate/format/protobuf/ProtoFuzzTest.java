package dev.modelgate.format.protobuf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.InvalidInputException;
import java.io.IOException;

/** Jazzer target: any bytes walk as nested messages or raise {@link InvalidInputException}. */
class ProtoFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void walk(byte[] data) throws IOException {
    ProtoReader r = ProtoReader.open(new BytesSource(data, "f"), "fuzz", "f", "",
        new ProtoLimits(20, 100_000));
    try {
      walk(r);
    } catch (InvalidInputException expected) {
      // malformed input is reported with a path and offset
    }
  }

  private static void walk(ProtoReader r) throws IOException {
    while (r.next()) {
      switch (r.wireType()) {
        case ProtoReader.LEN -> {
          switch (r.field() % 4) {
            case 0 -> walk(r.message("m" + r.field()));
            case 1 -> r.packedVarintCount();
            case 2 -> r.bytesPrefix(16);
            default -> r.lenientString(1 << 20);
          }
        }
        case ProtoReader.VARINT -> r.sint();
        default -> r.skip();
      }
    }
  }
}
