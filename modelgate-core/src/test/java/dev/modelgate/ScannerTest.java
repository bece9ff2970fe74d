package dev.modelgate;

import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import dev.modelgate.rules.Verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine: detection order, member results, verdict propagation, failure containment. */
class ScannerTest {
  @TempDir
  Path dir;

  /** "BOX" files hold members separated by '|'; "BAD" is malicious; "BUG" throws; "CUT" is short. */
  private static final FormatHandler TOY = new FormatHandler() {
    @Override
    public String format() {
      return "toy";
    }

    @Override
    public boolean detect(Sniff s) {
      return s.startsWith("BOX") || s.startsWith("BAD") || s.startsWith("BUG")
          || s.startsWith("CUT");
    }

    @Override
    public void scan(ScanContext ctx, ByteSource src) throws IOException {
      String text = new String(src.bytes(0, (int) src.size()), StandardCharsets.UTF_8);
      if (text.startsWith("BAD")) {
        ctx.malicious("pickle.dangerous-call", "bad", "toy@0", "os.system('x')");
      } else if (text.startsWith("BUG")) {
        throw new IllegalStateException("parser bug");
      } else if (text.startsWith("CUT")) {
        throw new InvalidInputException("format.truncated", "cut short", "toy@3");
      } else {
        String[] parts = text.substring(3).split("\\|");
        for (int k = 0; k < parts.length; k++) {
          ctx.member("m" + k, new BytesSource(parts[k].getBytes(StandardCharsets.UTF_8), "m"));
        }
      }
    }
  };

  private Scanner scanner() {
    return new Scanner(ScanOptions.defaults(), List.of(TOY));
  }

  @Test
  void containerTakesTheWorstVerdictOfItsMembersAndListsThemAfterIt() throws Exception {
    Path f = dir.resolve("c.box");
    Files.writeString(f, "BOXplain|BAD");
    ScanReport r = scanner().scan(List.of(f));
    assertThat(r.results()).extracting(ScanResult::path)
        .containsExactly(f.toString(), f + "!/m0", f + "!/m1");
    assertThat(r.results().get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(r.results().get(0).topLevel()).isTrue();
    assertThat(r.results().get(1).verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(r.results().get(2).findings()).singleElement()
        .satisfies(x -> assertThat(x.evidence()).isEqualTo("os.system('x')"));
    assertThat(r.files()).isEqualTo(1);
    assertThat(r.summary().get(Verdict.MALICIOUS)).isEqualTo(1);
    assertThat(r.allClean()).isFalse();
  }

  @Test
  void nestingBeyondTheLimitIsInvalid() throws Exception {
    Path f = dir.resolve("deep.box");
    // each BOX level nests the rest: BOXBOXBOX... makes one member per level
    Files.writeString(f, "BOX".repeat(20) + "x");
    List<ScanResult> r = scanner().scanFile(f);
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r).anySatisfy(x -> assertThat(x.findings())
        .anySatisfy(fi -> assertThat(fi.rule()).isEqualTo("limits.nesting")));
  }

  @Test
  void parserFailuresAndTruncationBecomeInvalidNotCrashes() throws Exception {
    Path bug = dir.resolve("bug.box");
    Files.writeString(bug, "BUG");
    Path cut = dir.resolve("cut.box");
    Files.writeString(cut, "CUT");
    ScanReport r = scanner().scan(List.of(bug, cut));
    assertThat(r.results()).extracting(ScanResult::verdict)
        .containsExactly(Verdict.INVALID, Verdict.INVALID);
    assertThat(r.results().get(0).findings().get(0).rule()).isEqualTo("parser.failure");
    assertThat(r.results().get(1).findings().get(0).location()).isEqualTo("toy@3");
  }

  @Test
  void unknownContentIsCleanUnlessNamedLikeAModel() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "hello");
    Files.writeString(dir.resolve("weights.pkl"), "hello");
    ScanReport r = scanner().scan(List.of(dir));
    assertThat(r.results()).extracting(ScanResult::path, ScanResult::format, ScanResult::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(dir.toString(), "directory", Verdict.INVALID),
            org.assertj.core.groups.Tuple.tuple(dir + "!/notes.txt", "unknown", Verdict.CLEAN),
            org.assertj.core.groups.Tuple.tuple(dir + "!/weights.pkl", "unknown", Verdict.INVALID));
    // a summary counts the folder's files, as the text report does
    assertThat(r.files()).isEqualTo(2);
    assertThat(r.results().get(1).sha256())
        .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  }

  @Test
  void linksLeavingAFolderAreReportedNotFollowed() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    Path outside = Files.writeString(dir.resolve("secret.txt"), "host file");
    Files.writeString(model.resolve("a.txt"), "a");
    Files.createSymbolicLink(model.resolve("inside.txt"), model.resolve("a.txt"));
    Files.createSymbolicLink(model.resolve("tokenizer.json"), outside);
    ScanReport r = scanner().scan(List.of(model));
    assertThat(r.results()).extracting(ScanResult::path)
        .containsExactly(model.toString(), model + "!/a.txt", model + "!/inside.txt");
    assertThat(r.results().get(0).verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(r.results().get(0).findings()).singleElement()
        .satisfies(f -> assertThat(f.rule()).isEqualTo("fs.symlink-outside"));
  }

  @Test
  void missingPathFailsBeforeScanning() {
    assertThatThrownBy(() -> scanner().scan(List.of(dir.resolve("nope"))))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void findingsBeyondTheLimitStillCountTowardTheVerdict() throws Exception {
    FormatHandler flood = new FormatHandler() {
      @Override
      public String format() {
        return "flood";
      }

      @Override
      public boolean detect(Sniff s) {
        return true;
      }

      @Override
      public void scan(ScanContext ctx, ByteSource src) {
        for (int k = 0; k < 1000; k++) {
          ctx.suspicious("pickle.unlisted-global", "s", "", "");
        }
        ctx.malicious("pickle.dangerous-call", "last", "", "");
      }
    };
    List<ScanResult> r = new Scanner(ScanOptions.defaults(), List.of(flood))
        .scan(new BytesSource(new byte[1], "x"));
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(r.get(0).findings()).hasSize(201);
    assertThat(r.get(0).findings().get(200).rule()).isEqualTo("report.truncated");
  }

  @Test
  void aHandlerWhoseDetectionThrowsClaimsTheFileAndMakesItInvalid() throws IOException {
    FormatHandler broken = new FormatHandler() {
      @Override
      public String format() {
        return "broken";
      }

      @Override
      public boolean detect(Sniff s) {
        throw new IllegalStateException("detection bug");
      }

      @Override
      public void scan(ScanContext ctx, ByteSource src) {
        throw new AssertionError("never scanned after a failed detection");
      }
    };
    Scanner s = new Scanner(ScanOptions.defaults(), List.of(broken, TOY));
    ScanResult r = s.scan(new BytesSource("BOXa".getBytes(StandardCharsets.UTF_8), "x")).get(0);
    assertThat(r.format()).isEqualTo("broken");
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.findings()).extracting(f -> f.rule()).containsExactly("parser.failure");
  }
}
