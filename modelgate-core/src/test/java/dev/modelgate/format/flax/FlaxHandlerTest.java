package dev.modelgate.format.flax;

import dev.modelgate.format.FixtureScan;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Verdicts on the flax fixtures of scripts/fixtures/formats_b.py. */
class FlaxHandlerTest {

  @ParameterizedTest
  @CsvSource({
      "benign_params.msgpack,          flax-msgpack, CLEAN,      ''",
      "benign_chunked.msgpack,         flax-msgpack, CLEAN,      ''",
      "suspicious_unknown_ext.msgpack, flax-msgpack, SUSPICIOUS, flax.unknown-ext",
      "invalid_size.msgpack,           flax-msgpack, INVALID,    flax.array-size",
      "invalid_object_dtype.msgpack,   flax-msgpack, INVALID,    flax.object-dtype",
      "invalid_deep.msgpack,           flax-msgpack, INVALID,    flax.limit",
      "invalid_truncated.msgpack,      flax-msgpack, INVALID,    flax.malformed",
      "invalid_count.msgpack,          flax-msgpack, INVALID,    flax.malformed",
  })
  void verdicts(String file, String format, Verdict verdict, String rule) throws IOException {
    FixtureScan.expect("flax/" + file, format, verdict, rule);
  }
}
