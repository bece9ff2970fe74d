package dev.modelgate.format.torch7;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lua Torch7 files ({@code .t7}, {@code torch.save} binary format). The format can carry Lua
 * functions as bytecode, which {@code torch.load} turns into callable functions with
 * {@code loadstring} (and malformed bytecode corrupts the Lua VM); it instantiates any class
 * registered in the process by name. Structure is checked throughout: sizes, references,
 * nesting, tensor views.
 */
public final class Torch7Handler implements FormatHandler {
  static final String FUNCTION = "torch7.lua-function";
  static final String CLASS = "torch7.class";
  static final String ASCII = "torch7.ascii";
  /** torch.save(..., 'ascii'): type, reference index, then a length or a string, one per line. */
  private static final java.util.regex.Pattern ASCII_START =
      java.util.regex.Pattern.compile("\\A[346]\n[0-9]+\n[0-9]+\n");
  private static final int MAX_CLASS_FINDINGS = 20;

  @Override
  public String format() {
    return "torch7";
  }

  @Override
  public boolean detect(Sniff sniff) {
    byte[] h = sniff.head();
    if (ascii(h)) {
      return true;
    }
    if (h.length < 8) {
      return false;
    }
    ByteBuffer b = ByteBuffer.wrap(h).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int type = b.getInt(0);
    // A broken .t7 that starts like a table or torch object is claimed so that it gets a
    // precise finding instead of none.
    String name = sniff.fileName();
    if ((name.endsWith(".t7") || name.endsWith(".th")) && (type == T7File.TABLE
        || type == T7File.TORCH) && b.getInt(4) == 1) {
      return true;
    }
    if (h.length < 16) {
      return false;
    }
    if (type == T7File.TORCH) {
      int len = b.getInt(8);
      if (len < 1 || len > 256 || 12 + len > h.length) {
        return false;
      }
      String s = new String(h, 12, len, java.nio.charset.StandardCharsets.ISO_8859_1);
      return s.matches("V [0-9]+") || s.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)+");
    }
    if (type == T7File.TABLE) {
      int size = b.getInt(8);
      int next = b.getInt(12);
      return b.getInt(4) == 1 && size >= 0 && size <= sniff.size() / 8
          && (size == 0 ? sniff.size() == 12 : next >= T7File.NUMBER && next <= T7File.STRING);
    }
    if (type == T7File.FUNCTION || type == T7File.RECUR_FUNCTION) {
      int at = type == T7File.FUNCTION ? 8 : 12;
      return h.length > at + 4 && h[at] == 0x1b && h[at + 1] == 'L';
    }
    return false;
  }

  private static boolean ascii(byte[] h) {
    return ASCII_START.matcher(new String(h, 0, Math.min(h.length, 64),
        java.nio.charset.StandardCharsets.ISO_8859_1)).find();
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    if (ascii(src.head(64))) {
      // torch.load reads this form too; its objects (functions included) are not analysed here
      ctx.format("torch7-ascii");
      ctx.suspicious(ASCII, "ASCII-format Torch7 file: torch.load reads it, but modelgate only"
          + " analyses the binary format, so its classes and functions were not checked", "",
          "");
      return;
    }
    String file = src.name().substring(Math.max(src.name().lastIndexOf('/'),
        src.name().lastIndexOf('\\')) + 1);
    T7File t = new T7File(src, file);
    try {
      t.read();
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), e.getMessage(), e.location());
    } finally {
      report(ctx, t);
    }
  }

  private static void report(ScanContext ctx, T7File t) {
    for (T7File.FunctionUse f : t.functions) {
      ctx.malicious(FUNCTION, "the file holds a " + f.bytes() + "-byte Lua function, which"
          + " torch.load turns into code with loadstring", f.location(),
          "bytecode header '" + f.header() + "'");
    }
    Map<String, String> unknown = new LinkedHashMap<>();
    for (T7File.ClassUse c : t.classes) {
      if (!T7Class.known(c.name()) && !allowed(ctx, c.name())) {
        unknown.putIfAbsent(c.name(), c.location());
      }
    }
    int shown = 0;
    for (Map.Entry<String, String> e : unknown.entrySet()) {
      if (shown++ == MAX_CLASS_FINDINGS) {
        break;
      }
      String name = e.getKey().replaceAll("\\p{Cntrl}", "?");
      ctx.suspicious(CLASS, "torch.load instantiates class " + name + ", which is not a"
          + " tensor, storage or nn module and needs Lua code installed by the user",
          e.getValue(), name);
    }
  }

  private static boolean allowed(ScanContext ctx, String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 && ctx.policy().userAllows(name.substring(0, dot), name.substring(dot + 1));
  }
}
