package dev.modelgate.cli;

import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Command;
import dev.modelgate.cli.args.Io;
import dev.modelgate.cli.args.Opt;
import dev.modelgate.cli.args.Param;
import dev.modelgate.convert.Inspector;
import dev.modelgate.convert.RefusedException;
import dev.modelgate.io.FileSource;
import dev.modelgate.io.Limits;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.report.TerminalText;
import dev.modelgate.report.TextReport;
import dev.modelgate.ScanOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code modelgate inspect}: list the tensors of a clean file. */
final class InspectCommand {
  static final Command COMMAND = Command.of("inspect", List.of(
          "List the tensors of a model file (PyTorch, numpy, safetensors, GGUF) without executing"
              + " it. The file is scanned first; when it is not clean the findings are printed on"
              + " stderr, nothing is listed, and the exit code is 1.",
          "Exit 0: listed; 1: not clean; 2: could not read."),
      List.of(
          Opt.value("", "Output format (default: text).", "--format").choices("text", "json"),
          Common.ALLOW,
          Common.POLICY,
          Common.DEBUG),
      List.of(Param.one("FILE", "Model file.")),
      InspectCommand::run);

  private InspectCommand() {}

  static int run(Args a, Io io) throws Exception {
    Path file = a.paramPath(0);
    boolean json = a.string("--format", "text").equals("json");
    if (Files.isDirectory(file)) {
      throw new java.io.IOException(file + ": is a folder; inspect takes one file");
    }
    PrintWriter err = io.err();
    ScanOptions options = new ScanOptions(Common.policy(a), Limits.DEFAULT, 0, a.debug(),
        null);
    Inspector.Listing l;
    // one open file: the tensors listed are those of the bytes the scan judged
    try (FileSource src = FileSource.open(file)) {
      l = Inspector.inspect(src, options);
    } catch (RefusedException e) {
      if (e.report() == null) {
        throw e;
      }
      // a hostile file is not parsed further: its structure is what it would use against us
      err.print(TextReport.render(e.report(), false));
      Console.line(err, "modelgate: " + file + " is not clean; its tensors are not listed");
      err.flush();
      return Main.FINDINGS;
    }
    PrintWriter out = io.out();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("schema", "modelgate.inspect/v1");
      doc.put("path", file.toString());
      doc.put("format", l.format());
      List<Object> tensors = new ArrayList<>();
      for (Inspector.Row r : l.rows()) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", r.name());
        t.put("dtype", r.dtype());
        t.put("shape", r.shape());
        t.put("bytes", r.byteLength());
        t.put("offset", r.offset());
        tensors.add(t);
      }
      doc.put("tensors", tensors);
      doc.put("skipped", l.skipped());
      out.println(JsonWriter.write(doc, true));
    } else {
      // names come from the file: escaped before their width is measured
      List<String> names = l.rows().stream().map(r -> TerminalText.escape(r.name())).toList();
      int w = 4;
      for (String n : names) {
        w = Math.max(w, n.length());
      }
      w = Math.min(w, 80);
      Console.line(out, file + "  (" + l.format() + ", " + l.rows().size() + " tensors)");
      out.printf("%-" + w + "s  %-8s  %-20s  %14s  %14s%n", "name", "dtype", "shape", "bytes",
          "offset");
      long total = 0;
      for (int k = 0; k < names.size(); k++) {
        Inspector.Row r = l.rows().get(k);
        out.printf("%-" + w + "s  %-8s  %-20s  %14d  %14s%n", names.get(k),
            TerminalText.of(r.dtype()), TerminalText.of(r.shape()), r.byteLength(),
            r.offset() < 0 ? "-" : Long.toString(r.offset()));
        total += r.byteLength();
      }
      out.printf("%d tensors, %d bytes%s%n", l.rows().size(), total,
          l.skipped() > 0 ? ", " + l.skipped() + " non-tensor values" : "");
    }
    out.flush();
    return Main.OK;
  }
}
