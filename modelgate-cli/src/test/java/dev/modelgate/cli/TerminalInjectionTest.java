package dev.modelgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.report.TerminalText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red team 6, point 3: names a hostile file chooses (its own file name, zip members, pickle
 * globals, tensor names) never reach the terminal raw from any command: no escape sequence, no
 * carriage return, no forged line, no bidi override. The committed fixtures of
 * {@code fixtures/redteam6/terminal/} are made by torch and zipfile; the rest here by hand.
 */
class TerminalInjectionTest {
  static final Path FIX = Path.of("..", "modelgate-core", "src", "test", "resources", "fixtures",
      "redteam6", "terminal");
  /** Screen clear, title change, a forged report line and a right-to-left override. */
  static final String HOSTILE = "\u001b[2J\u001b]0;owned\u0007\r\nclean      fake.pt\u202e";

  @TempDir
  Path dir;

  /**
   * Every character printed is shown as itself: only line ends (and the tab that indents a
   * --debug stack frame) are real control characters.
   */
  static void assertInert(String output) {
    for (int k = 0; k < output.length(); k++) {
      char c = output.charAt(k);
      boolean traceIndent = c == '\t' && (k == 0 || output.charAt(k - 1) == '\n');
      if (c != '\n' && !traceIndent) {
        assertThat(TerminalText.escape(String.valueOf(c))).as("char %d (U+%04X) of:%n%s", k,
            (int) c, output).isEqualTo(String.valueOf(c));
      }
    }
    assertThat(output).doesNotContainPattern("(?m)^clean +fake\\.pt");
  }

  static void assertInert(MainTest.Run r) {
    assertInert(r.out());
    assertInert(r.err());
  }

  /** A protocol 4 pickle calling {@code os.system} through names that carry HOSTILE. */
  static byte[] hostilePickle() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x80);
    b.write(4);
    unicode(b, "os" + HOSTILE);
    unicode(b, "system" + HOSTILE);
    b.write(0x93); // STACK_GLOBAL
    unicode(b, "echo " + HOSTILE);
    b.write(0x85); // TUPLE1
    b.write('R');
    b.write('.');
    return b.toByteArray();
  }

  private static void unicode(ByteArrayOutputStream b, String s) {
    byte[] u = s.getBytes(StandardCharsets.UTF_8);
    b.write(0x8c);
    b.write(u.length);
    b.write(u, 0, u.length);
  }

  @Test
  void scanEscapesFileNamesGlobalsAndEvidence() throws IOException {
    Path f = Files.write(dir.resolve("model" + HOSTILE.replace("/", "") + ".pkl"),
        hostilePickle());
    MainTest.Run r = MainTest.run("scan", f.toString());
    assertThat(r.code()).isEqualTo(1);
    assertInert(r);
    assertThat(r.out()).contains("\\x1b[2J").contains("\\r\\n").contains("\\u202e");
  }

  @Test
  void scanEscapesZipMemberNamesInAFolder() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("m"));
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(folder.resolve("a.zip")))) {
      z.putNextEntry(new ZipEntry("inner" + HOSTILE + ".pkl"));
      z.write(hostilePickle());
      z.closeEntry();
    }
    MainTest.Run r = MainTest.run("scan", folder.toString());
    assertThat(r.code()).isEqualTo(1);
    assertInert(r);
  }

  @Test
  void committedFixturesAreEscapedToo() {
    // torch.save with a tensor named HOSTILE (clean: inspect lists it) and a zip whose member
    // names carry CR/LF and ANSI sequences (made by scripts/fixtures/redteam6.py)
    MainTest.Run inspect = MainTest.run("inspect", FIX.resolve("tensor_names.pt").toString());
    assertThat(inspect.code()).as(inspect.err()).isZero();
    assertInert(inspect);
    assertThat(inspect.out()).contains("\\x1b]0;owned\\x07");
    MainTest.Run scan = MainTest.run("scan", FIX.toString());
    assertInert(scan);
  }

  @Test
  void hashAndConvertMessagesAreEscaped() throws IOException {
    Path model = Files.createDirectories(dir.resolve("model" + HOSTILE.replace("/", "")));
    Files.writeString(model.resolve("w" + HOSTILE + ".bin"), "weights");
    MainTest.Run hash = MainTest.run("hash", model.toString());
    assertThat(hash.code()).as(hash.err()).isZero();
    assertInert(hash);
    Path in = Files.copy(FIX.resolve("tensor_names.pt"), model.resolve("t" + HOSTILE + ".pt"));
    MainTest.Run convert = MainTest.run("convert", in.toString());
    assertThat(convert.code()).as(convert.err()).isZero();
    assertInert(convert);
    MainTest.Run again = MainTest.run("convert", in.toString()); // exists: an error message
    assertThat(again.code()).isEqualTo(2);
    assertInert(again);
    MainTest.Run refused = MainTest.run("convert",
        Files.write(model.resolve("x" + HOSTILE + ".pkl"), hostilePickle()).toString());
    assertThat(refused.code()).isEqualTo(1);
    assertInert(refused);
  }

  @Test
  void errorsAndDebugTracesAreEscaped() {
    MainTest.Run missing = MainTest.run("scan", dir.resolve("gone" + HOSTILE).toString());
    assertThat(missing.code()).isEqualTo(2);
    assertInert(missing);
    MainTest.Run usage = MainTest.run("scan", "--format", HOSTILE, dir.toString());
    assertThat(usage.code()).isEqualTo(2);
    assertInert(usage);
    MainTest.Run inspect = MainTest.run("inspect", "--debug", dir.toString());
    assertThat(inspect.code()).isEqualTo(2);
    assertInert(inspect);
  }

  @Test
  void theProgressLineEscapesNames() {
    java.io.StringWriter w = new java.io.StringWriter();
    Progress p = new Progress(new java.io.PrintWriter(w), true);
    p.update(1, 2, "a" + HOSTILE);
    String shown = w.toString();
    // the line's own "\r ESC[K" prefix is the only control sequence
    assertThat(shown).startsWith("\r\u001b[K[1/2] ");
    assertInert(shown.substring("\r\u001b[K".length()));
  }
}
