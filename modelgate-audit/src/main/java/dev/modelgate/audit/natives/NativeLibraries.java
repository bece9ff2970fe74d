package dev.modelgate.audit.natives;

import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.audit.rules.Rules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Native libraries that wheels vendor ({@code pillow.libs/}, {@code opencv_python.libs/},
 * {@code cv2/}, {@code PIL/}, …): named with their versions — from the version string the
 * library embeds (libpng, zlib, libjpeg-turbo, libtiff) or its SONAME (libwebp, FFmpeg's
 * libavcodec) — and matched against {@link CveTable}.
 */
public final class NativeLibraries {
  /** Only this much of a library is searched for its version string. */
  static final int MAX_SCAN_BYTES = 48 << 20;

  private NativeLibraries() {}

  /** One vendored library: its name, version, and the file. */
  public record Vendored(String library, String version, String file) {}

  private static final Pattern SO = Pattern.compile(
      "(?<name>lib[A-Za-z0-9_+]+?)(?:-[0-9a-f]{8})?\\.so(?:\\.(?<ver>[0-9.]+))?|"
          + "(?<dname>lib[A-Za-z0-9_+]+?)(?:\\.(?<dver>[0-9.]+))?\\.dylib");
  private static final Pattern PNG = Pattern.compile("libpng version (1\\.\\d+\\.\\d+)");
  private static final Pattern ZLIB = Pattern.compile("(?:deflate|inflate) (1\\.\\d+\\.\\d+(?:\\.\\d+)?) Copyright");
  private static final Pattern JPEG = Pattern.compile("libjpeg-turbo version (\\d+\\.\\d+\\.\\d+)");
  private static final Pattern TIFF = Pattern.compile("LIBTIFF, Version (\\d+\\.\\d+\\.\\d+)");

  /** Whether a folder of site-packages holds vendored libraries by its name. */
  public static boolean isVendorFolder(Path dir) {
    String n = dir.getFileName() == null ? "" : dir.getFileName().toString();
    return n.endsWith(".libs") || n.equals("cv2") || n.equals("PIL") || n.equals(".dylibs");
  }

  /** The libraries of interest in one file, or null when the file is not one. */
  public static Vendored identify(Path file, String shown) throws IOException {
    String name = file.getFileName().toString();
    Matcher m = SO.matcher(name);
    if (!m.matches()) {
      return null;
    }
    String lib = m.group("name") != null ? m.group("name") : m.group("dname");
    String soVersion = m.group("ver") != null ? m.group("ver") : m.group("dver");
    String family = CveTable.family(lib);
    if (family == null) {
      return null;
    }
    String version = switch (family) {
      case "libpng" -> scan(file, PNG);
      case "zlib" -> scan(file, ZLIB);
      case "libjpeg-turbo" -> scan(file, JPEG);
      case "libtiff" -> scan(file, TIFF);
      default -> null;
    };
    if (version == null) {
      version = CveTable.fromSoname(family, soVersion);
    }
    return new Vendored(family, version, shown);
  }

  /** Findings for one library: vulnerable versions only (the inventory goes in the report). */
  public static List<AuditFinding> findings(Vendored v) {
    List<AuditFinding> out = new ArrayList<>();
    if (v.version() == null) {
      return out;
    }
    for (CveTable.Entry e : CveTable.affecting(v.library(), v.version())) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("library", v.library());
      details.put("version", v.version());
      details.put("advisories", e.cve());
      details.put("fixed", e.fixed());
      details.put("source", "https://nvd.nist.gov/vuln/detail/" + e.cve());
      out.add(AuditFinding.at(Rules.VULNERABLE_NATIVE, "vendored " + v.library() + " "
          + v.version() + " is affected by " + e.cve() + " (" + e.summary() + "); fixed in "
          + e.fixed(), v.file(), 0, v.library() + " " + v.version(), details));
    }
    return out;
  }

  private static String scan(Path file, Pattern p) throws IOException {
    byte[] b;
    try (InputStream in = Files.newInputStream(file)) {
      b = in.readNBytes(MAX_SCAN_BYTES);
    }
    // ISO-8859-1 maps every byte to one char, so the embedded ASCII string is found as is
    Matcher m = p.matcher(new String(b, StandardCharsets.ISO_8859_1));
    return m.find() ? m.group(1) : null;
  }
}
