package dev.modelgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.modelgate.io.FileSource;
import dev.modelgate.io.RegularFile;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red team 6, points 1 and 2: every entry of a scanned folder that a loader could open is judged
 * (links leaving the folder name their target, special files and link loops are findings) and
 * special files are never opened, in a folder or given by name.
 */
class FolderWalkTest {
  @TempDir
  Path tmp;

  private static final byte[] CLEAN_PICKLE = {(byte) 0x80, 2, ']', 'q', 0, '.'};

  private ScanResult folder(Path dir) throws IOException {
    ScanReport r = new Scanner(ScanOptions.defaults()).scan(List.of(dir));
    return r.results().get(0);
  }

  private static List<String> rules(ScanResult r) {
    return r.findings().stream().map(Finding::rule).toList();
  }

  private Path model() throws IOException {
    Path m = Files.createDirectories(tmp.resolve("model"));
    Files.write(m.resolve("weights.pkl"), CLEAN_PICKLE);
    return m;
  }

  @Test
  void aLinkedFolderOutsideIsSuspiciousAndNamesItsTarget() throws IOException {
    Path m = model();
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.write(outside.resolve("evil.pkl"), CLEAN_PICKLE);
    Files.createSymbolicLink(m.resolve("extra"), Path.of("../elsewhere"));
    ScanResult r = folder(m);
    assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("fs.symlink-outside");
      assertThat(f.location()).isEqualTo("extra");
      assertThat(f.message()).contains(outside.toRealPath().toString());
      assertThat(f.evidence()).isEqualTo("extra -> ../elsewhere");
    });
  }

  @Test
  void aLinkToAFileOutsideAndADanglingLinkOutsideAreSuspicious() throws IOException {
    Path m = model();
    Path secret = Files.write(tmp.resolve("secret.pkl"), CLEAN_PICKLE);
    Files.createSymbolicLink(m.resolve("a.pkl"), secret);
    Files.createSymbolicLink(m.resolve("b.pkl"), tmp.resolve("not-yet-there.pkl"));
    ScanResult r = folder(m);
    assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(rules(r)).containsExactly("fs.symlink-outside", "fs.symlink-outside");
    assertThat(r.findings().get(1).message()).contains("does not exist yet");
  }

  @Test
  void linksThatStayInsideAreScannedOrNoted() throws IOException {
    Path m = model();
    Files.createDirectories(m.resolve("sub"));
    Files.createSymbolicLink(m.resolve("alias"), Path.of("sub"));
    Files.createSymbolicLink(m.resolve("sub/w.pkl"), Path.of("../weights.pkl"));
    Files.createSymbolicLink(m.resolve("gone.pkl"), Path.of("nothing"));
    ScanReport report = new Scanner(ScanOptions.defaults()).scan(List.of(m));
    ScanResult r = report.results().get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(rules(r)).containsExactly("fs.symlink-directory", "fs.symlink-dangling");
    assertThat(report.results()).extracting(ScanResult::path)
        .contains(m + "!/sub/w.pkl", m + "!/weights.pkl");
  }

  @Test
  void linkLoopsAndLinksToAnEnclosingFolderAreLoops() throws IOException {
    Path m = model();
    Files.createSymbolicLink(m.resolve("one"), Path.of("two"));
    Files.createSymbolicLink(m.resolve("two"), Path.of("one"));
    Files.createDirectories(m.resolve("sub"));
    Files.createSymbolicLink(m.resolve("sub/up"), Path.of(".."));
    ScanResult r = folder(m);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(rules(r)).containsExactly("fs.symlink-loop", "fs.symlink-loop", "fs.symlink-loop");
  }

  @Test
  void socketsInAFolderAreFindingsAndNeverOpened() throws IOException {
    Path m = model();
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(m.resolve("api.sock")));
      Files.createSymbolicLink(m.resolve("to-sock"), Path.of("api.sock"));
      ScanResult r = folder(m);
      assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
      assertThat(r.findings()).extracting(Finding::rule)
          .containsExactly("fs.special-file", "fs.special-file");
      assertThat(r.findings().get(0).message()).contains("socket");
    }
  }

  @Test
  void aFifoInAFolderOrByNameIsJudgedWithoutOpeningIt() throws Exception {
    Path m = model();
    Path fifo = m.resolve("pytorch_model.bin");
    assumeThat(mkfifo(fifo)).as("mkfifo available").isTrue();
    // If anything opened the FIFO for reading, this writer's open would return (and end that
    // read at once, so the test fails instead of hanging).
    AtomicBoolean openedByScan = new AtomicBoolean();
    AtomicBoolean done = new AtomicBoolean();
    Thread writer = Thread.ofPlatform().daemon().start(() -> {
      try (OutputStream o = Files.newOutputStream(fifo)) {
        openedByScan.set(!done.get());
        o.flush();
      } catch (IOException ignored) {
        // the test reports through openedByScan
      }
    });
    ScanResult inFolder = folder(m);
    List<ScanResult> byName = new Scanner(ScanOptions.defaults()).scanFile(fifo);
    assertThatThrownBy(() -> FileSource.open(fifo)).isInstanceOf(RegularFile.NotRegular.class)
        .hasMessageContaining("FIFO");
    done.set(true);
    // a read-write open of a FIFO never blocks on Linux; held open, it is the reader the writer
    // waits for, whether or not the writer has reached its open yet
    try (var release = java.nio.channels.FileChannel.open(fifo,
        java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
      assertThat(release.isOpen()).isTrue();
      writer.join();
    }

    assertThat(openedByScan).isFalse();
    assertThat(inFolder.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(inFolder.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("fs.special-file");
      assertThat(f.message()).contains("FIFO");
      assertThat(f.location()).isEqualTo("pytorch_model.bin");
    });
    assertThat(byName).singleElement().satisfies(r -> {
      assertThat(r.format()).isEqualTo("special-file");
      assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
      assertThat(rules(r)).containsExactly("fs.special-file");
    });
  }

  @Test
  void aDeviceGivenByNameIsNotRead() throws IOException {
    Path zero = Path.of("/dev/zero");
    assumeThat(Files.exists(zero)).isTrue();
    List<ScanResult> r = new Scanner(ScanOptions.defaults()).scanFile(zero);
    assertThat(r).singleElement().satisfies(x -> {
      assertThat(x.verdict()).isEqualTo(Verdict.SUSPICIOUS);
      assertThat(x.findings().get(0).message()).contains("character device");
    });
  }

  @Test
  void aPlainModelFolderHasNoWalkFindings() throws IOException {
    Path m = model();
    Files.createDirectories(m.resolve("nested/deeper"));
    Files.write(m.resolve("nested/deeper/w.pkl"), CLEAN_PICKLE);
    ScanResult r = folder(m);
    assertThat(r.findings()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }

  static boolean mkfifo(Path p) {
    try {
      return new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
