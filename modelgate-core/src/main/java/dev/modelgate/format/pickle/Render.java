package dev.modelgate.format.pickle;

import dev.modelgate.format.pickle.PickleValue.Bool;
import dev.modelgate.format.pickle.PickleValue.Bytes;
import dev.modelgate.format.pickle.PickleValue.Call;
import dev.modelgate.format.pickle.PickleValue.Dict;
import dev.modelgate.format.pickle.PickleValue.Entry;
import dev.modelgate.format.pickle.PickleValue.Extension;
import dev.modelgate.format.pickle.PickleValue.Float;
import dev.modelgate.format.pickle.PickleValue.Global;
import dev.modelgate.format.pickle.PickleValue.Int;
import dev.modelgate.format.pickle.PickleValue.ListV;
import dev.modelgate.format.pickle.PickleValue.None;
import dev.modelgate.format.pickle.PickleValue.OutOfBand;
import dev.modelgate.format.pickle.PickleValue.PersistentRef;
import dev.modelgate.format.pickle.PickleValue.SetV;
import dev.modelgate.format.pickle.PickleValue.Str;
import dev.modelgate.format.pickle.PickleValue.Tuple;
import java.io.IOException;
import java.util.List;

/**
 * Renders symbolic values as Python-like text for evidence, e.g. {@code os.system('touch /x')}.
 * Output is bounded in length, items and depth whatever the value graph looks like (it may be
 * cyclic), so evidence can never blow up a report.
 */
final class Render {
  private final StringBuilder out = new StringBuilder();

  private Render() {}

  static String value(PickleValue v) {
    Render r = new Render();
    r.write(v, 0);
    String s = r.out.toString();
    return s.length() > PickleLimits.RENDER_CHARS
        ? s.substring(0, PickleLimits.RENDER_CHARS) + "..." : s;
  }

  private boolean full() {
    return out.length() > PickleLimits.RENDER_CHARS;
  }

  private void write(PickleValue v, int depth) {
    if (full()) {
      return;
    }
    if (depth > PickleLimits.RENDER_DEPTH) {
      out.append("...");
      return;
    }
    switch (v) {
      case None n -> out.append("None");
      case Bool b -> out.append(b.value() ? "True" : "False");
      case Int i -> out.append(i.value());
      case Float f -> out.append(f.value());
      case Str s -> {
        quote(s.text(), '\'');
        if (!s.complete()) {
          out.append("...");
        }
      }
      case Bytes b -> bytes(b);
      case ListV l -> items("[", l.items(), "]", depth);
      case Tuple t -> items("(", t.items(), t.items().size() == 1 ? ",)" : ")", depth);
      case SetV s -> items(s.frozen() ? "frozenset({" : "{", s.items(), s.frozen() ? "})" : "}",
          depth);
      case Dict d -> entries(d.entries(), depth);
      case Global g -> out.append(g.qualified());
      case Call c -> call(c, depth);
      case PersistentRef p -> {
        out.append("persistent_load(");
        write(p.pid(), depth + 1);
        out.append(')');
      }
      case Extension e -> out.append("copyreg._extension_registry[").append(e.code()).append(']');
      case OutOfBand o -> out.append(o.readonly() ? "<readonly buffer>" : "<buffer>");
    }
  }

  private void call(Call c, int depth) {
    if (c.kind() == PickleValue.CallKind.SETSTATE) {
      write(c.callable(), depth + 1);
      out.append(".__setstate__");
    } else if (c.kind() == PickleValue.CallKind.NEWOBJ || c.kind() == PickleValue.CallKind.NEWOBJ_EX) {
      write(c.callable(), depth + 1);
      out.append(".__new__");
    } else {
      write(c.callable(), depth + 1);
    }
    out.append('(');
    boolean first = true;
    if (c.kind() == PickleValue.CallKind.NEWOBJ || c.kind() == PickleValue.CallKind.NEWOBJ_EX) {
      write(c.callable(), depth + 1);
      first = false;
    }
    int k = 0;
    for (PickleValue a : c.args()) {
      if (full()) {
        return;
      }
      if (!first) {
        out.append(", ");
      }
      first = false;
      if (k++ >= PickleLimits.RENDER_ITEMS) {
        out.append("...");
        break;
      }
      write(a, depth + 1);
    }
    for (Entry e : c.kwargs()) {
      if (full()) {
        return;
      }
      if (!first) {
        out.append(", ");
      }
      first = false;
      if (e.key() instanceof Str s) {
        out.append(s.text()).append('=');
      } else {
        write(e.key(), depth + 1);
        out.append('=');
      }
      write(e.value(), depth + 1);
    }
    out.append(')');
  }

  private void items(String open, List<PickleValue> items, String close, int depth) {
    out.append(open);
    for (int k = 0; k < items.size(); k++) {
      if (full()) {
        return;
      }
      if (k > 0) {
        out.append(", ");
      }
      if (k >= PickleLimits.RENDER_ITEMS) {
        out.append("...");
        break;
      }
      write(items.get(k), depth + 1);
    }
    out.append(close);
  }

  private void entries(List<Entry> entries, int depth) {
    out.append('{');
    for (int k = 0; k < entries.size(); k++) {
      if (full()) {
        return;
      }
      if (k > 0) {
        out.append(", ");
      }
      if (k >= PickleLimits.RENDER_ITEMS) {
        out.append("...");
        break;
      }
      write(entries.get(k).key(), depth + 1);
      out.append(": ");
      write(entries.get(k).value(), depth + 1);
    }
    out.append('}');
  }

  private void bytes(Bytes b) {
    out.append(b.bytearray() ? "bytearray(b'" : "b'");
    int n = (int) Math.min(b.length(), 48);
    byte[] head;
    try {
      head = b.data().bytes(0, n);
    } catch (IOException e) {
      head = new byte[0];
    }
    for (byte x : head) {
      int c = x & 0xff;
      if (c == '\\' || c == '\'') {
        out.append('\\').append((char) c);
      } else if (c >= 0x20 && c < 0x7f) {
        out.append((char) c);
      } else {
        hexEscape(c);
      }
    }
    if (b.length() > n) {
      out.append("...");
    }
    out.append(b.bytearray() ? "')" : "'");
  }

  /** {@code \\xHH} in lower case, as {@code String.format("\\x%02x", c)} writes it. */
  private void hexEscape(int c) {
    out.append("\\x").append(Character.forDigit((c >> 4) & 0xf, 16))
        .append(Character.forDigit(c & 0xf, 16));
  }

  private void quote(String s, char q) {
    out.append(q);
    int n = Math.min(s.length(), PickleLimits.RENDER_CHARS);
    for (int k = 0; k < n; k++) {
      char c = s.charAt(k);
      if (c == q || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c < 0x20 || c == 0x7f) {
        hexEscape(c);
      } else {
        out.append(c);
      }
    }
    if (s.length() > n) {
      out.append("...");
    }
    out.append(q);
  }
}
