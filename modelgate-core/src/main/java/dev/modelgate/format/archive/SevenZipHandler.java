package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Spill;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.PasswordRequiredException;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;

/**
 * 7z archives, read with commons-compress under a memory limit (the header declares dictionary
 * sizes and counts that would otherwise size allocations). Every file member is decompressed
 * through {@link Spill} (bomb-checked) and scanned.
 */
public final class SevenZipHandler implements FormatHandler {
  private static final byte[] MAGIC = {'7', 'z', (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c};
  /** Memory commons-compress may use for the header and the coders. */
  static final int MEMORY_LIMIT_KB = 256 * 1024;

  @Override
  public String format() {
    return "7z";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return sniff.startsWith(MAGIC);
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    SevenZFile z;
    try {
      z = SevenZFile.builder().setSeekableByteChannel(new SourceChannel(src))
          .setMaxMemoryLimitKiB(MEMORY_LIMIT_KB).setTryToRecoverBrokenArchives(false).get();
    } catch (PasswordRequiredException e) {
      ctx.suspicious("7z.encrypted", "the archive header is encrypted; members cannot be"
          + " scanned", "", "");
      return;
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // commons-compress reports hostile headers with IOExceptions and unchecked exceptions.
      throw new InvalidInputException("7z.header", "unreadable 7z header: " + e.getMessage(), "");
    }
    try (z) {
      int count = 0;
      for (SevenZArchiveEntry e : z.getEntries()) {
        if (++count > ctx.limits().maxMembers()) {
          ctx.invalid("7z.entry-count", "more than " + ctx.limits().maxMembers() + " members", "");
          return;
        }
        String name = e.getName() == null ? "entry" + count : e.getName();
        if (EntryNames.escape(name) != null) {
          // 7-Zip strips ".." and absolute prefixes on extraction: a lie, not an escape.
          ctx.invalid("7z.path-traversal", "member name " + name
              + " escapes the extraction folder", name);
        }
        if (e.isDirectory() || e.isAntiItem() || !e.hasStream()) {
          continue;
        }
        ByteSource member;
        try (InputStream in = z.getInputStream(e)) {
          member = Spill.drain(in, src.size(), ctx.path() + "!/" + name, ctx.budget(), name);
        } catch (PasswordRequiredException x) {
          ctx.suspicious("7z.encrypted", "member " + name + " is encrypted and cannot be scanned",
              name, "");
          continue;
        } catch (InvalidInputException x) {
          ctx.invalid(x.rule(), x.getMessage(), x.location());
          continue;
        } catch (IOException | RuntimeException x) {
          ctx.invalid("7z.corrupt", "member " + name + " does not decompress: " + x.getMessage(),
              name);
          continue;
        }
        if (e.getSize() != member.size()) {
          ctx.invalid("7z.size-mismatch", "member " + name + " declares " + e.getSize()
              + " bytes but decompresses to " + member.size(), name);
        }
        ctx.member(name, member);
      }
    }
  }
}
