package dev.modelgate.audit.natives;

import dev.modelgate.audit.deps.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The curated CVE table for vendored native libraries: the image and compression library flaws
 * that reach model-serving stacks through Pillow and OpenCV wheels. Small on purpose; each entry
 * is a CVE whose fixed release is unambiguous.
 */
final class CveTable {
  private CveTable() {}

  record Entry(String library, String cve, String fixed, String summary) {}

  private static final List<Entry> ENTRIES = List.of(
      new Entry("libwebp", "CVE-2023-4863", "1.3.2",
          "heap buffer overflow decoding lossless WebP, exploited in the wild"),
      new Entry("zlib", "CVE-2018-25032", "1.2.12",
          "memory corruption when deflating input with many distant matches"),
      new Entry("zlib", "CVE-2022-37434", "1.2.13",
          "heap buffer overflow in inflate with a large gzip header extra field"),
      new Entry("libpng", "CVE-2019-7317", "1.6.37", "use-after-free in png_image_free"));

  /** Library file base names (without lib prefix variants) → the family the table uses. */
  private static final Map<String, String> FAMILIES = Map.ofEntries(
      Map.entry("libpng16", "libpng"), Map.entry("libpng", "libpng"),
      Map.entry("libz", "zlib"), Map.entry("libzlib", "zlib"),
      Map.entry("libjpeg", "libjpeg-turbo"), Map.entry("libturbojpeg", "libjpeg-turbo"),
      Map.entry("libwebp", "libwebp"), Map.entry("libwebpdemux", "libwebp"),
      Map.entry("libwebpmux", "libwebp"), Map.entry("libsharpyuv", "libwebp"),
      Map.entry("libtiff", "libtiff"), Map.entry("libOpenEXR", "OpenEXR"),
      Map.entry("libjasper", "libjasper"), Map.entry("libprotobuf", "protobuf"),
      Map.entry("libavcodec", "ffmpeg"), Map.entry("libavformat", "ffmpeg"));

  static String family(String lib) {
    String f = FAMILIES.get(lib);
    if (f == null && lib.startsWith("libOpenEXR")) {
      return "OpenEXR";
    }
    return f;
  }

  /**
   * The release a SONAME version stands for, where the mapping is fixed: libwebp's
   * {@code .so.7.1.N} (N = 8 is 1.3.2, 9 is 1.4.0 …) and FFmpeg's libavcodec major (58 = 4.x,
   * 59 = 5.x, 60 = 6.x, 61 = 7.x). Null when unknown.
   */
  static String fromSoname(String family, String so) {
    if (so == null) {
      return null;
    }
    String[] p = so.split("\\.", 0);
    if (family.equals("libwebp") && p.length >= 3 && p[0].equals("7") && p[1].equals("1")) {
      int n = Integer.parseInt(p[2]);
      return switch (n) {
        case 5 -> "1.2.4";
        case 6 -> "1.3.0";
        case 7 -> "1.3.1";
        case 8 -> "1.3.2";
        case 9 -> "1.4.0";
        case 10 -> "1.5.0";
        default -> null;
      };
    }
    if (family.equals("ffmpeg") && p.length >= 1) {
      return switch (p[0]) {
        case "58" -> "4";
        case "59" -> "5";
        case "60" -> "6";
        case "61" -> "7";
        default -> null;
      };
    }
    if ((family.equals("zlib") || family.equals("protobuf")) && p.length >= 3) {
      return so; // libz.so.1.2.13 names the zlib release itself
    }
    return null;
  }

  static List<Entry> affecting(String library, String version) {
    Version v = Version.tryParse(version);
    List<Entry> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    for (Entry e : ENTRIES) {
      if (e.library.equals(library) && v.compareTo(Version.parse(e.fixed)) < 0) {
        out.add(e);
      }
    }
    return out;
  }
}
