package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Spill;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * gzip, bzip2, xz, lzma and zstd wrappers (pandas.read_pickle and joblib open these
 * transparently). The decompressed stream is one member, named after the file without its
 * compression extension ({@code model.pkl.gz!/model.pkl}), decompressed through
 * {@link Spill} so a bomb is stopped by the budget.
 */
public final class CompressedHandler implements FormatHandler {
  @Override
  public String format() {
    return "compressed";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return Compression.detect(sniff) != null;
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    Compression c = Compression.detect(new Sniff(ctx.path(), src.size(), src.head(Sniff.HEAD_BYTES)));
    if (c == null) {
      throw new InvalidInputException("compressed.unrecognized", "no compression magic", "@0");
    }
    ctx.format(c.format);
    String member = memberName(ctx.path(), c);
    ByteSource out;
    try (InputStream in = c.open(new SourceStream(src))) {
      out = Spill.drain(in, src.size(), ctx.path() + "!/" + member, ctx.budget(), member);
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Corrupt or truncated streams surface as IOExceptions or, from aircompressor and
      // commons-compress, as unchecked exceptions: both mean the bytes are not valid.
      throw new InvalidInputException("compressed.corrupt", "does not decompress as "
          + c.format + ": " + e.getMessage(), member);
    }
    ctx.member(member, out);
  }

  /** {@code dir/model.pkl.gz} -> {@code model.pkl}; without a known extension, {@code name.out}. */
  static String memberName(String path, Compression c) {
    String name = path;
    int bang = name.lastIndexOf("!/");
    if (bang >= 0) {
      name = name.substring(bang + 2);
    }
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    String lower = name.toLowerCase(Locale.ROOT);
    for (String ext : new String[] {c.extension, ".gzip", ".tgz", ".tbz2", ".txz", ".zstd"}) {
      if (lower.endsWith(ext) && lower.length() > ext.length()) {
        String base = name.substring(0, name.length() - ext.length());
        return (ext.startsWith(".t") && ext.length() == 4) || ext.equals(".tbz2") ? base + ".tar"
            : base;
      }
    }
    return name.isEmpty() ? "data" : name + ".out";
  }
}
