package dev.modelgate.format.onnx;

import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Folder;
import java.io.IOException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@code external_data} references. ONNX loaders open {@code location} relative to the
 * model's folder; onnx before 1.16 (CVE-2024-27318/27319) followed absolute paths, {@code ..} and
 * symbolic links, so a model could make its loader read any file (e.g. {@code /etc/passwd}) into a
 * tensor and hand it back as output. A reference is accepted only when it names a file that stays
 * inside the folder after normalisation and after following links, and the byte range fits.
 */
final class ExternalData {
  private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");

  private final ScanContext ctx;

  ExternalData(ScanContext ctx) {
    this.ctx = ctx;
  }

  void check(OnnxTensor t, long bytes) {
    String what = "tensor '" + t.name() + "'";
    String loc = t.external().get("location");
    if (loc == null || loc.isEmpty()) {
      ctx.invalid("onnx.external-data", what + " is EXTERNAL but names no location",
          t.location());
      return;
    }
    String escape = escapes(loc);
    if (escape != null) {
      ctx.malicious("onnx.external-data-traversal", what + " reads external data from "
          + escape + ", outside the model folder", t.location(), "location='" + loc + "'");
      return;
    }
    long offset = number(t, "offset", 0);
    long length = number(t, "length", -1);
    if (offset < 0 || length < -1) {
      return; // already reported
    }
    if (length >= 0 && bytes >= 0 && length < bytes) {
      ctx.invalid("onnx.external-data", what + " needs " + bytes + " bytes but external length is "
          + length, t.location());
      return;
    }
    if (ctx.folder().isEmpty()) {
      ctx.note("onnx.external-data", what + " keeps its data in '" + loc
          + "', which cannot be checked here", t.location(), "location='" + loc + "'");
      return;
    }
    Folder.Entry e;
    try {
      e = ctx.folder().get().lookup(loc);
    } catch (IOException x) {
      ctx.invalid("onnx.external-data", what + " has an unusable location '" + loc + "': "
          + x.getMessage(), t.location());
      return;
    }
    switch (e.kind()) {
      case OUTSIDE -> ctx.malicious("onnx.external-data-traversal", what + " reads external data"
          + " through a path or link that leaves the model folder (" + e.target() + ")",
          t.location(), "location='" + loc + "'");
      case MISSING -> ctx.invalid("onnx.external-data-missing", what
          + " refers to missing external file '" + loc + "'", t.location());
      case DANGLING -> ctx.invalid("onnx.external-data-missing", what + " refers to '" + loc
          + "', a dangling link", t.location());
      case DIRECTORY, SPECIAL -> ctx.invalid("onnx.external-data", what + " refers to '" + loc
          + "', not a regular file", t.location());
      case FILE -> {
        long need = length >= 0 ? length : Math.max(bytes, 0);
        if (offset > e.size() || need > e.size() - offset) {
          ctx.invalid("onnx.external-data", what + " reads " + need + " bytes at offset "
              + offset + " of '" + loc + "', which has only " + e.size() + " bytes",
              t.location());
        }
      }
    }
  }

  /** Why {@code loc} leaves the folder by its spelling alone, or null if it does not. */
  static @Nullable String escapes(String loc) {
    if (loc.startsWith("/") || loc.startsWith("\\")) {
      return "an absolute path";
    }
    if (DRIVE.matcher(loc).find()) {
      return "a drive-letter path";
    }
    if (URL.matcher(loc).find()) {
      return "a URL";
    }
    if (loc.indexOf('\\') >= 0) {
      return "a backslash path";
    }
    if (loc.indexOf('\0') >= 0) {
      return "a path with a NUL byte";
    }
    for (String part : loc.split("/", -1)) {
      if (part.equals("..")) {
        return "a parent-directory path";
      }
    }
    return null;
  }

  private long number(OnnxTensor t, String key, long absent) {
    String v = t.external().get(key);
    if (v == null) {
      return absent;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    ctx.invalid("onnx.external-data", "tensor '" + t.name() + "' has external " + key + " '" + v
        + "', not a non-negative number", t.location());
    return -2;
  }
}
