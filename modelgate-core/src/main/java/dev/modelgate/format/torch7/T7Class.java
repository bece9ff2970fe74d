package dev.modelgate.format.torch7;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Torch class names a {@code .t7} file may instantiate. {@code torch.load} looks each up with
 * {@code torch.factory} and, for classes with a {@code read} method (tensors and storages),
 * hands it the stream; every other class is a Lua table of fields. Tensors, storages and the nn
 * family are what models hold; any other class needs Lua code the user has installed.
 */
final class T7Class {
  private static final Pattern TENSOR_OR_STORAGE = Pattern.compile(
      "torch\\.(Cuda)?(Byte|Char|Short|Int|Long|Float|Double|Half|Bool)?(Tensor|Storage)");
  /** Element sizes of the storages' raw data (CudaTensor/CudaStorage hold floats). */
  private static final Map<String, Integer> ELEMENT = Map.of("Byte", 1, "Char", 1, "Bool", 1,
      "Short", 2, "Half", 2, "Int", 4, "Float", 4, "Long", 8, "Double", 8);
  private static final String[] MODULE_FAMILIES = {"nn.", "cudnn.", "nngraph.", "graph."};

  private T7Class() {}

  /** True for {@code torch.FloatTensor}-like names. */
  static boolean isTensor(String name) {
    Matcher m = TENSOR_OR_STORAGE.matcher(name);
    return m.matches() && m.group(3).equals("Tensor");
  }

  static boolean isStorage(String name) {
    Matcher m = TENSOR_OR_STORAGE.matcher(name);
    return m.matches() && m.group(3).equals("Storage");
  }

  /** Bytes per element of a storage class, or -1 when the name is none. */
  static int elementSize(String name) {
    Matcher m = TENSOR_OR_STORAGE.matcher(name);
    if (!m.matches()) {
      return -1;
    }
    // the pattern matches ELEMENT's keys only
    return m.group(2) == null ? 4 : ELEMENT.getOrDefault(m.group(2), -1);
  }

  /** True when the class is a tensor, a storage or an nn-family module. */
  static boolean known(String name) {
    if (TENSOR_OR_STORAGE.matcher(name).matches()) {
      return true;
    }
    for (String f : MODULE_FAMILIES) {
      if (name.startsWith(f) && name.length() > f.length()
          && name.substring(f.length()).matches("[A-Za-z_][A-Za-z0-9_.]*")) {
        return true;
      }
    }
    return false;
  }
}
