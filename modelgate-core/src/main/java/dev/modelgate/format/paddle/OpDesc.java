package dev.modelgate.format.paddle;

import dev.modelgate.format.protobuf.ProtoReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One operator of a Paddle {@code ProgramDesc} block ({@code framework.proto} OpDesc:
 * inputs = 1, outputs = 2, type = 3, attrs = 4). Only the type and the string attributes (file
 * paths, endpoints) are kept.
 */
record OpDesc(String type, Map<String, String> strings, String location) {
  static final int MAX_TEXT = 1 << 16;
  private static final int MAX_KEPT = 16;

  static OpDesc read(ProtoReader r, String location) throws IOException {
    String type = "";
    Map<String, String> strings = new LinkedHashMap<>();
    int attrs = 0;
    while (r.next()) {
      switch (r.field()) {
        case 3 -> type = r.lenientString(MAX_TEXT);
        case 4 -> attr(r.message("attrs[" + attrs++ + "]"), strings);
        default -> r.skip();
      }
    }
    return new OpDesc(type, strings, location);
  }

  /** OpDesc.Attr: name = 1, type = 2, s = 5, strings = 8. */
  private static void attr(ProtoReader a, Map<String, String> out) throws IOException {
    String name = "";
    String value = null;
    while (a.next()) {
      switch (a.field()) {
        case 1 -> name = a.lenientString(MAX_TEXT);
        case 5, 8 -> {
          String s = new String(a.bytesPrefix(256), java.nio.charset.StandardCharsets.UTF_8);
          value = value == null ? s : value + ", " + s;
        }
        default -> a.skip();
      }
    }
    if (value != null && out.size() < MAX_KEPT) {
      out.put(name, value);
    }
  }
}
