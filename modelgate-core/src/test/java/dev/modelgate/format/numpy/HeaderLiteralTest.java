package dev.modelgate.format.numpy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.io.InvalidInputException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Python literal corner cases, each checked against {@code ast.literal_eval} of CPython 3.11
 * (the interpreter numpy runs on here): what it accepts is read the same, what it refuses is
 * refused.
 */
class HeaderLiteralTest {
  private static Object eval(String s) throws InvalidInputException {
    return HeaderLiteral.parse(s, false, "@0");
  }

  @Test
  void readsWhatLiteralEvalReads() throws Exception {
    assertThat(eval("\n{}")).isEqualTo(Map.of());
    assertThat(eval(" \t{} # c")).isEqualTo(Map.of());
    assertThat(eval("{'a'\\\n:1}")).isEqualTo(Map.of("a", BigInteger.ONE));
    assertThat(eval("-(1)")).isEqualTo(BigInteger.valueOf(-1));
    assertThat(eval("1+2j")).isEqualTo(new PyValue.Complex(1, 2));
    assertThat(eval("-1-2j")).isEqualTo(new PyValue.Complex(-1, -2));
    assertThat(eval("00")).isEqualTo(BigInteger.ZERO);
    assertThat(eval("0x_1")).isEqualTo(BigInteger.ONE);
    assertThat(eval("01.5")).isEqualTo(1.5);
    assertThat(eval("1_0.5_0e1_0j")).isEqualTo(new PyValue.Complex(0, 1.05e11));
    assertThat(eval("'\\777'")).isEqualTo("\u01ff");
    assertThat(eval("b'\\777'")).isEqualTo(new PyValue.Bytes(new byte[] {(byte) 0xff}));
    assertThat(eval("'\\q'")).isEqualTo("\\q");
    assertThat(eval("b'\\u0041'")).isEqualTo(new PyValue.Bytes("\\u0041".getBytes()));
    assertThat(eval("'\\N{LATIN SMALL LETTER A}'")).isEqualTo("a");
    assertThat(eval("'a' 'b'")).isEqualTo("ab");
    assertThat(eval("Rb'x'")).isEqualTo(new PyValue.Bytes("x".getBytes()));
    assertThat(eval("'a\\\nb'")).isEqualTo("ab");
    assertThat(eval("r'a\\\nb'")).isEqualTo("a\\\nb");
    assertThat(eval("set()")).isEqualTo(Set.of());
    assertThat(eval("{1,2}")).isEqualTo(Set.of(BigInteger.ONE, BigInteger.TWO));
    assertThat(eval("{'a':1,'a':2}")).isEqualTo(Map.of("a", BigInteger.TWO));
    assertThat(eval("(1)")).isEqualTo(BigInteger.ONE);
    assertThat(eval("(1,2,)")).isEqualTo(new PyValue.Tuple(List.of(BigInteger.ONE,
        BigInteger.TWO)));
    assertThat(eval("1, 2")).isEqualTo(new PyValue.Tuple(List.of(BigInteger.ONE,
        BigInteger.TWO)));
    assertThat(eval("\f{}\f")).isEqualTo(Map.of());
    assertThat(eval("\r\n{}\r\n")).isEqualTo(Map.of());
    assertThat(eval("...")).isSameAs(PyValue.ELLIPSIS);
    assertThat(eval("[".repeat(200) + "]".repeat(200))).isInstanceOf(List.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n  {}", "{}\n\n  ", "--1", "-True", "1+2", "1+-2j", "01", "1__0",
      "1_", "10L", "1 L", "'\\N{nope}'", "'\\x4'", "'\\U00110000'", "b'\u00e9'", "'a' b'b'",
      "f'x'", "ur'x'", "{[1]:2}", "\u000b{}", "{\u00a0}", "{}\u0000", "(,)", "[,]", "{,}",
      "{'a':1}\n{'b':2}", "{}\\\n", "1if 1 else 2", "0b102", "0o8", "1e", "inf", "'a\nb'",
      "__import__('os')", "{**{}}", "[*()]"})
  void refusesWhatLiteralEvalRefuses(String s) {
    assertThatThrownBy(() -> eval(s)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void tooDeepIsRefusedAsCPythonRefusesIt() {
    assertThatThrownBy(() -> eval("[".repeat(201) + "]".repeat(201)))
        .hasMessageContaining("too many nested parentheses");
  }

  @Test
  void python2LongsOnlyWhereNumpyFiltersThem() throws Exception {
    assertThat(HeaderLiteral.parse("(10L, 3 L)", true, "@0")).isEqualTo(new PyValue.Tuple(
        List.of(BigInteger.TEN, BigInteger.valueOf(3))));
    assertThatThrownBy(() -> HeaderLiteral.parse("(10l,)", true, "@0"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aNameTheJdkDoesNotKnowIsUnsupportedNotInvalid() {
    assertThatThrownBy(() -> eval("'\\N{BYTE ORDER MARK}'"))
        .isInstanceOf(HeaderLiteral.Unsupported.class);
  }
}
