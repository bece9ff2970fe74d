package dev.modelgate.server.api;

import dev.modelgate.ScanReport;
import dev.modelgate.convert.Checkpoint;
import dev.modelgate.convert.RefusedException;
import dev.modelgate.io.FileSource;
import dev.modelgate.report.JsonReport;
import dev.modelgate.server.config.Limits;
import dev.modelgate.server.config.RepoPolicy;
import dev.modelgate.server.http.Access;
import dev.modelgate.server.http.Exchange;
import dev.modelgate.server.http.FileSender;
import dev.modelgate.server.http.HttpError;
import dev.modelgate.server.http.Metrics;
import dev.modelgate.server.http.Router;
import dev.modelgate.server.http.Uploads;
import dev.modelgate.server.policy.PolicyService;
import dev.modelgate.server.scan.ScanService;
import dev.modelgate.server.scan.Scanned;
import dev.modelgate.server.store.Event;
import dev.modelgate.server.store.Spool;
import dev.modelgate.server.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.util.Set;

/**
 * The API for upload platforms. {@code POST /v1/scan?name=FILE} answers the modelgate.scan/v1
 * document of the body; {@code POST /v1/convert?name=FILE} answers the safetensors conversion,
 * or 422 with the scan document when the input is refused. Bodies are spooled to a private file
 * (never held in memory), scanned and converted from that same file, then deleted.
 */
public final class ScanRoutes {
  private final Store store;
  private final ScanService scans;
  private final PolicyService policies;
  private final Metrics metrics;
  private final Limits limits;

  public ScanRoutes(Store store, ScanService scans, PolicyService policies, Metrics metrics,
      Limits limits) {
    this.store = store;
    this.scans = scans;
    this.policies = policies;
    this.metrics = metrics;
    this.limits = limits;
  }

  public void register(Router r) {
    r.exact("scan", Set.of("POST"), "/v1/scan", Access.UPLOAD, this::scan);
    r.exact("convert", Set.of("POST"), "/v1/convert", Access.UPLOAD, this::convert);
  }

  /** The upload's name: one path segment, printable, at most 255 characters. */
  static String name(String n) throws HttpError {
    if (n == null || n.isEmpty()) {
      return "upload";
    }
    if (n.length() > 255 || n.equals(".") || n.equals("..") || n.indexOf('/') >= 0
        || n.indexOf('\\') >= 0 || n.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw HttpError.badRequest("name must be a file name (no folders, no control characters)");
    }
    return n;
  }

  private static String suffix(String name) {
    int dot = name.lastIndexOf('.');
    String s = dot < 0 ? "" : name.substring(dot);
    return s.matches("\\.[A-Za-z0-9]{1,16}") ? s : "";
  }

  /** The policy for uploads: the config's top-level one. */
  private RepoPolicy policy() {
    return policies.forRepo("*");
  }

  private void scan(Exchange x) throws Exception {
    String name = name(x.query("name"));
    x.note("name", name);
    try (Spool s = store.blobs().spool("upload", -1, suffix(name))) {
      Uploads.receive(x, s, limits.maxUploadBytes(), limits.request());
      Spool.Digests d = s.finish();
      long t0 = System.nanoTime();
      Scanned sc = scans.scan(s.path(), name, policy().scanPolicy());
      metrics.observe("modelgate_scan_seconds", System.nanoTime() - t0);
      metrics.count("modelgate_verdicts_total", "verdict=\"" + sc.verdict().label() + "\"", 1);
      x.note("verdict", sc.verdict().label());
      store.events().append(Event.of("scan").client(x.client(), x.principal().name())
          .file(null, null, null, name).blob(d.sha256(), d.size(), sc.format())
          .verdict(sc.verdict().label(), false, null, sc.findingsJson()).status(200).build());
      s.discard(); // the upload is deleted before the answer goes out
      x.send(200, "application/json", JsonReport.render(sc.report())
          .getBytes(StandardCharsets.UTF_8));
    } catch (ScanService.Busy b) {
      throw new HttpError(503, "all scan slots are busy; retry").header("Retry-After", "5");
    }
  }

  private void convert(Exchange x) throws Exception {
    String name = name(x.query("name"));
    x.note("name", name);
    Path out = store.blobs().tempFile("convert");
    try (Spool s = store.blobs().spool("upload", -1, suffix(name))) {
      Uploads.receive(x, s, limits.maxUploadBytes(), limits.request());
      Spool.Digests d = s.finish();
      Event.Builder ev = Event.of("convert").client(x.client(), x.principal().name())
          .file(null, null, null, name);
      long written;
      try {
        // one open source of the private spool: the bytes the scan judges are the bytes read
        written = scans.withSlot(() -> {
          try (FileSource src = FileSource.open(s.path(), name);
              Checkpoint c = Checkpoint.open(src, policy().scanPolicy())) {
            ev.blob(d.sha256(), d.size(), c.format());
            return c.writeSafetensors(out);
          }
        });
      } catch (RefusedException e) {
        s.discard();
        refused(x, ev, e.report());
        return;
      } catch (ScanService.Busy b) {
        throw new HttpError(503, "all scan slots are busy; retry").header("Retry-After", "5");
      } catch (IOException e) {
        s.discard();
        store.events().append(ev.blob(d.sha256(), d.size(), null).status(422)
            .detail(e.getMessage()).build());
        throw new HttpError(422, "cannot convert " + name + ": " + e.getMessage());
      }
      x.note("verdict", "clean");
      store.events().append(ev.verdict("clean", false, null, null).status(200)
          .detail(written + " bytes of safetensors").build());
      String outName = (name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name)
          + ".safetensors";
      x.header("Content-Disposition", "attachment; filename=\""
          + outName.replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
      s.discard(); // the upload is deleted before the answer goes out
      try (FileChannel ch = FileChannel.open(out, StandardOpenOption.READ)) {
        Files.delete(out); // the open channel keeps the bytes; nothing is left behind
        FileSender.send(x, ch, null);
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private void refused(Exchange x, Event.Builder ev, ScanReport report) throws Exception {
    Scanned sc = Scanned.of(report);
    x.note("verdict", sc.verdict().label());
    metrics.count("modelgate_blocked_total", "", 1);
    store.events().append(ev.verdict(sc.verdict().label(), true, "the input is "
        + sc.verdict().label() + ": not converted", sc.findingsJson()).status(422).build());
    x.header("X-Modelgate-Verdict", sc.verdict().label());
    x.send(422, "application/json", JsonReport.render(report).getBytes(StandardCharsets.UTF_8));
  }
}
