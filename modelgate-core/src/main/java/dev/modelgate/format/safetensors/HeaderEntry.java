package dev.modelgate.format.safetensors;

import dev.modelgate.io.InvalidInputException;
import dev.modelgate.tensor.DType;
import dev.modelgate.tensor.TensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One tensor's header entry: {@code {"dtype": .., "shape": [..], "data_offsets": [b, e]}}. */
final class HeaderEntry {
  private HeaderEntry() {}

  static TensorEntry parse(String name, Object value, long dataLen) throws InvalidInputException {
    if (!(value instanceof Map<?, ?> m)) {
      throw bad("safetensors.tensor-info", name, "is not an object");
    }
    for (String field : List.of("dtype", "shape", "data_offsets")) {
      if (!m.containsKey(field)) {
        throw bad("safetensors.tensor-info", name, "has no '" + field + "'");
      }
    }
    if (!(m.get("dtype") instanceof String ds)) {
      throw bad("safetensors.dtype", name, "has a dtype that is not a string");
    }
    DType dtype = DType.ofSafetensors(ds).orElseThrow(() ->
        bad("safetensors.dtype", name, "has unknown dtype '" + clip(ds) + "'"));
    List<Long> shape = longs(m.get("shape"), name, "safetensors.shape", "shape");
    long numel = 1;
    for (long d : shape) {
      try {
        numel = Math.multiplyExact(numel, d);
      } catch (ArithmeticException e) {
        throw bad("safetensors.shape", name, "has a shape " + shape
            + " whose element count overflows 64 bits");
      }
    }
    List<Long> offsets = longs(m.get("data_offsets"), name, "safetensors.offsets",
        "data_offsets");
    if (offsets.size() != 2) {
      throw bad("safetensors.offsets", name, "has data_offsets with " + offsets.size()
          + " numbers instead of [begin, end]");
    }
    long begin = offsets.get(0);
    long end = offsets.get(1);
    if (end < begin) {
      throw bad("safetensors.offsets", name, "ends at " + end + " before it begins at " + begin);
    }
    if (end > dataLen) {
      throw bad("safetensors.offsets", name, "data [" + begin + ", " + end
          + ") lies outside the " + dataLen + "-byte data section");
    }
    long bits;
    try {
      bits = Math.multiplyExact(numel, (long) dtype.bits());
    } catch (ArithmeticException e) {
      throw bad("safetensors.shape", name, "has a byte size that overflows 64 bits");
    }
    if (bits % 8 != 0) {
      throw bad("safetensors.size-mismatch", name, "of " + numel + " " + dtype
          + " elements does not fill whole bytes");
    }
    if (end - begin != bits / 8) {
      throw bad("safetensors.size-mismatch", name, "shape " + shape + " of " + dtype + " needs "
          + bits / 8 + " bytes but data_offsets span " + (end - begin));
    }
    return new TensorEntry(new TensorInfo(name, dtype, shape, end - begin), begin, end);
  }

  private static List<Long> longs(@Nullable Object v, String name, String rule, String field)
      throws InvalidInputException {
    if (!(v instanceof List<?> list)) {
      throw bad(rule, name, "has a " + field + " that is not an array");
    }
    if (list.size() > 1024) {
      throw bad(rule, name, "has a " + field + " of " + list.size() + " numbers");
    }
    List<Long> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof Long l) || l < 0) {
        throw bad(rule, name, "has a " + field + " entry " + clip(String.valueOf(o))
            + " that is not a non-negative 64-bit integer");
      }
      out.add(l);
    }
    return out;
  }

  private static InvalidInputException bad(String rule, String name, String what) {
    return new InvalidInputException(rule, "tensor '" + clip(name) + "' " + what, "@8");
  }

  static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
