package dev.modelgate.format.torch;

import dev.modelgate.format.archive.ZipArchive;
import dev.modelgate.format.archive.ZipEntry;
import dev.modelgate.format.python.GeneratedCode;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The {@code code/} members of a TorchScript archive: source that {@code torch.jit.load} compiles
 * and runs. Each is judged as TorchScript printer output ({@link GeneratedCode}); one that
 * reaches outside torch, or torch's own file operations, makes the archive malicious with the
 * line as evidence. Code within the subset still runs when the archive is loaded, so the archive
 * is suspicious once for all its members.
 */
final class TorchScriptCode {
  private final ScanContext ctx;
  private int files;
  private int lines;
  /** The first member judged; null until one is. */
  private @Nullable String first;
  private boolean malicious;

  TorchScriptCode(ScanContext ctx) {
    this.ctx = ctx;
  }

  void judge(ZipArchive z, ZipEntry e) throws IOException {
    if (!e.readable()) {
      return; // reported as a zip anomaly
    }
    String text;
    try {
      byte[] b = z.readSmall(e, ctx.budget(), ctx.limits().maxMetadataBytes(), e.name());
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException bad) {
      ctx.invalid("torch.torchscript-code", e.name() + " is not UTF-8 text; torch.jit.load"
          + " cannot compile it", e.name());
      return;
    } catch (InvalidInputException x) {
      ctx.invalid(x.rule(), x.getMessage(), x.location());
      return;
    }
    files++;
    first = first == null ? e.name() : first;
    GeneratedCode.Result r = GeneratedCode.judge(text, GeneratedCode.Dialect.TORCHSCRIPT,
        ctx.policy(), ctx.budget(), e.name());
    lines += r.lines();
    GeneratedCode.Problem p = r.problem();
    if (p != null) {
      ctx.malicious("torch.torchscript-code-injection", "TorchScript code that torch.jit.load"
          + " compiles and runs " + p.message(), e.name() + ":" + p.line(), p.text());
      malicious = true;
    }
  }

  /** The archive-wide finding once every member is judged. */
  void report() {
    if (first != null && !malicious) { // first is set with the first file
      ctx.suspicious("torch.torchscript-code", "TorchScript archive: " + first + " and the other"
          + " code/ members (" + files + " files, " + lines + " lines, torch operations only)"
          + " are programs that torch.jit.load compiles and runs", first, "");
    }
  }
}
